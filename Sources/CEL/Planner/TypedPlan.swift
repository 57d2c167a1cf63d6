/// What a typed evaluator throws instead of returning its value.
enum TypedFault: Error {
    /// The node's value is this CEL error, as the boxed plan's would be.
    case error(EvalError)
    /// An operand was not of the kind its checked type promised (a `null` in a nullable
    /// field of a record, a `dyn` value): the typed plan cannot say what the node means, so
    /// the region it belongs to is evaluated again by its boxed plan (``PlanRun/boundary``).
    case unboxable
}

/// The compiled form of a node whose checked type has an unboxed Swift representation.
typealias Typed<T> = @Sendable (Activation) throws(TypedFault) -> T

/// A Swift type a boxed ``Value`` can be unboxed to without copying anything but the payload.
protocol Unboxable: Sendable {
    /// The payload of `value` when it is of this kind.
    static func unboxed(_ value: Value) -> Self?
}

/// `value` unboxed to the kind a typed plan expects; its error thrown as the node's error,
/// any other kind thrown as ``TypedFault/unboxable``.
@inline(__always)
func unboxing<T: Unboxable>(_ value: Value) throws(TypedFault) -> T {
    if let payload = T.unboxed(value) { return payload }
    if case .error(let e) = value { throw .error(e) }
    throw .unboxable
}

// Closures over unboxed values are written where their type is concrete, never formed in
// a generic function nor kept by one: an escaping closure that crosses a generic boundary
// is called through a reabstraction thunk on every evaluation (benchmarks/RESULTS.md,
// session 7). Hence the switches over the kinds below, one closure per kind, around
// generic functions inlined into them (`unboxing`, PlanRun+Typed's `call`).

/// A node planned by its checked type, to an evaluator of unboxed values: the specialised
/// plan of the one planner (``PlanRun``), whose boxed plan of the same node is the fallback
/// for what the checked type did not promise (``TypedFault/unboxable``).
enum TypedPlan {
    case bool(Typed<Bool>)
    case int(Typed<Int64>)
    case decimal(Typed<CELDecimal>)
    case string(Typed<String>)
    case timestamp(Typed<Timestamp>)
    case date(Typed<CivilDate>)
    case duration(Typed<CELDuration>)

    /// The checked types that have a typed plan.
    enum Kind {
        case bool, int, decimal, string, timestamp, date, duration

        init?(_ type: CELType?) {
            switch type {
            case .bool?: self = .bool
            case .int?: self = .int
            case .decimal?: self = .decimal
            case .string?: self = .string
            case .timestamp?: self = .timestamp
            case .date?: self = .date
            case .duration?: self = .duration
            default: return nil
            }
        }
    }

    var kind: Kind {
        switch self {
        case .bool: return .bool
        case .int: return .int
        case .decimal: return .decimal
        case .string: return .string
        case .timestamp: return .timestamp
        case .date: return .date
        case .duration: return .duration
        }
    }

    /// A constant.
    static func constant(_ value: Value) -> TypedPlan? {
        switch value {
        case .bool(let b): return .bool { _ throws(TypedFault) in b }
        case .int(let i): return .int { _ throws(TypedFault) in i }
        case .string(let s): return .string { _ throws(TypedFault) in s }
        case .decimal(let d): return .decimal { _ throws(TypedFault) in d }
        case .timestamp(let t): return .timestamp { _ throws(TypedFault) in t }
        case .date(let d): return .date { _ throws(TypedFault) in d }
        case .duration(let d): return .duration { _ throws(TypedFault) in d }
        default: return nil
        }
    }

    /// The value of a boxed evaluator `evaluate`, unboxed as `kind`.
    static func adapting(_ evaluate: @escaping Evaluator, to kind: Kind) -> TypedPlan {
        switch kind {
        case .bool: return .bool { a throws(TypedFault) in try unboxing(evaluate(a)) }
        case .int: return .int { a throws(TypedFault) in try unboxing(evaluate(a)) }
        case .decimal: return .decimal { a throws(TypedFault) in try unboxing(evaluate(a)) }
        case .string: return .string { a throws(TypedFault) in try unboxing(evaluate(a)) }
        case .timestamp: return .timestamp { a throws(TypedFault) in try unboxing(evaluate(a)) }
        case .date: return .date { a throws(TypedFault) in try unboxing(evaluate(a)) }
        case .duration: return .duration { a throws(TypedFault) in try unboxing(evaluate(a)) }
        }
    }

    /// The value of variable slot `slot`, unboxed as `kind`.
    static func slot(_ slot: Int, as kind: Kind) -> TypedPlan {
        switch kind {
        case .bool: return .bool { a throws(TypedFault) in try unboxing(a.slots[slot]) }
        case .int: return .int { a throws(TypedFault) in try unboxing(a.slots[slot]) }
        case .decimal: return .decimal { a throws(TypedFault) in try unboxing(a.slots[slot]) }
        case .string: return .string { a throws(TypedFault) in try unboxing(a.slots[slot]) }
        case .timestamp: return .timestamp { a throws(TypedFault) in try unboxing(a.slots[slot]) }
        case .date: return .date { a throws(TypedFault) in try unboxing(a.slots[slot]) }
        case .duration: return .duration { a throws(TypedFault) in try unboxing(a.slots[slot]) }
        }
    }

    /// Field `position` of the record of `shape` in variable slot `slot`, read in place and
    /// unboxed as `kind`; anything but such a record (a missing record, an error) is left to
    /// the boxed plan.
    static func field(_ position: Int, of shape: MapShape, inSlot slot: Int, as kind: Kind) -> TypedPlan {
        switch kind {
        case .bool: return .bool { a throws(TypedFault) in try unboxing(recordField(position, shape, a.slots[slot])) }
        case .int: return .int { a throws(TypedFault) in try unboxing(recordField(position, shape, a.slots[slot])) }
        case .decimal: return .decimal { a throws(TypedFault) in try unboxing(recordField(position, shape, a.slots[slot])) }
        case .string: return .string { a throws(TypedFault) in try unboxing(recordField(position, shape, a.slots[slot])) }
        case .timestamp: return .timestamp { a throws(TypedFault) in try unboxing(recordField(position, shape, a.slots[slot])) }
        case .date: return .date { a throws(TypedFault) in try unboxing(recordField(position, shape, a.slots[slot])) }
        case .duration: return .duration { a throws(TypedFault) in try unboxing(recordField(position, shape, a.slots[slot])) }
        }
    }

    /// Field `position` of the record of `shape` that `record` computes, unboxed as `kind`.
    static func field(_ position: Int, of shape: MapShape, in record: @escaping Evaluator, as kind: Kind) -> TypedPlan {
        switch kind {
        case .bool: return .bool { a throws(TypedFault) in try unboxing(recordField(position, shape, record(a))) }
        case .int: return .int { a throws(TypedFault) in try unboxing(recordField(position, shape, record(a))) }
        case .decimal: return .decimal { a throws(TypedFault) in try unboxing(recordField(position, shape, record(a))) }
        case .string: return .string { a throws(TypedFault) in try unboxing(recordField(position, shape, record(a))) }
        case .timestamp: return .timestamp { a throws(TypedFault) in try unboxing(recordField(position, shape, record(a))) }
        case .date: return .date { a throws(TypedFault) in try unboxing(recordField(position, shape, record(a))) }
        case .duration: return .duration { a throws(TypedFault) in try unboxing(recordField(position, shape, record(a))) }
        }
    }

    /// `condition ? then : otherwise`; nil when the branches were planned to different
    /// kinds (never: both are planned as the node's kind).
    static func choosing(_ condition: @escaping Typed<Bool>, _ then: TypedPlan, _ otherwise: TypedPlan) -> TypedPlan? {
        switch (then, otherwise) {
        case (.bool(let x), .bool(let y)): return .bool { a throws(TypedFault) in try condition(a) ? try x(a) : try y(a) }
        case (.int(let x), .int(let y)): return .int { a throws(TypedFault) in try condition(a) ? try x(a) : try y(a) }
        case (.decimal(let x), .decimal(let y)): return .decimal { a throws(TypedFault) in try condition(a) ? try x(a) : try y(a) }
        case (.string(let x), .string(let y)): return .string { a throws(TypedFault) in try condition(a) ? try x(a) : try y(a) }
        case (.timestamp(let x), .timestamp(let y)): return .timestamp { a throws(TypedFault) in try condition(a) ? try x(a) : try y(a) }
        case (.date(let x), .date(let y)): return .date { a throws(TypedFault) in try condition(a) ? try x(a) : try y(a) }
        case (.duration(let x), .duration(let y)): return .duration { a throws(TypedFault) in try condition(a) ? try x(a) : try y(a) }
        default: return nil
        }
    }

    /// The boxed evaluator of this plan: its value boxed, its errors as error values. On
    /// ``TypedFault/unboxable`` the steps it spent are given back and `fallback`, the boxed
    /// plan of the same node, says what the node means; evaluation is pure, so that is what
    /// a boxed plan alone would have given.
    func boundary(fallback: @escaping Evaluator) -> Evaluator {
        switch self {
        case .bool(let f):
            return { a in let steps = a.remainingSteps; do throws(TypedFault) { return .bool(try f(a)) } catch { return recovered(error, a, steps, fallback) } }
        case .int(let f):
            return { a in let steps = a.remainingSteps; do throws(TypedFault) { return .int(try f(a)) } catch { return recovered(error, a, steps, fallback) } }
        case .decimal(let f):
            return { a in let steps = a.remainingSteps; do throws(TypedFault) { return .decimal(try f(a)) } catch { return recovered(error, a, steps, fallback) } }
        case .string(let f):
            return { a in let steps = a.remainingSteps; do throws(TypedFault) { return .string(try f(a)) } catch { return recovered(error, a, steps, fallback) } }
        case .timestamp(let f):
            return { a in let steps = a.remainingSteps; do throws(TypedFault) { return .timestamp(try f(a)) } catch { return recovered(error, a, steps, fallback) } }
        case .date(let f):
            return { a in let steps = a.remainingSteps; do throws(TypedFault) { return .date(try f(a)) } catch { return recovered(error, a, steps, fallback) } }
        case .duration(let f):
            return { a in let steps = a.remainingSteps; do throws(TypedFault) { return .duration(try f(a)) } catch { return recovered(error, a, steps, fallback) } }
        }
    }
}

/// Field `position` of `record` when it is a record of `shape`.
@inline(__always)
private func recordField(_ position: Int, _ shape: MapShape, _ record: Value) throws(TypedFault) -> Value {
    guard case .map(let map) = record, let field = map.value(at: position, ifShapedBy: shape) else { throw .unboxable }
    return field
}

/// What a region's boundary gives for `fault`: the error as a value, or, for a value the
/// typed plan could not take, the fallback's value with the region's steps given back.
@inline(__always)
private func recovered(_ fault: TypedFault, _ activation: Activation, _ steps: Int, _ fallback: Evaluator) -> Value {
    switch fault {
    case .error(let e): return .error(e)
    case .unboxable:
        activation.remainingSteps = steps
        return fallback(activation)
    }
}

extension Bool: Unboxable {
    static func unboxed(_ value: Value) -> Bool? { if case .bool(let b) = value { return b }; return nil }
}

extension Int64: Unboxable {
    static func unboxed(_ value: Value) -> Int64? { if case .int(let i) = value { return i }; return nil }
}

extension CELDecimal: Unboxable {
    static func unboxed(_ value: Value) -> CELDecimal? { if case .decimal(let d) = value { return d }; return nil }
}

extension String: Unboxable {
    static func unboxed(_ value: Value) -> String? { if case .string(let s) = value { return s }; return nil }
}

extension Timestamp: Unboxable {
    static func unboxed(_ value: Value) -> Timestamp? { if case .timestamp(let t) = value { return t }; return nil }
}

extension CivilDate: Unboxable {
    static func unboxed(_ value: Value) -> CivilDate? { if case .date(let d) = value { return d }; return nil }
}

extension CELDuration: Unboxable {
    static func unboxed(_ value: Value) -> CELDuration? { if case .duration(let d) = value { return d }; return nil }
}

extension Array: Unboxable where Element == Value {
    static func unboxed(_ value: Value) -> [Value]? { if case .list(let l) = value { return l }; return nil }
}
