/// Turns a ``CheckedExpr`` into a ``Program``: a tree of closures in which every variable
/// is a slot and every call is bound to its function's implementation.
public struct Planner {
    let environment: Environment

    public init(environment: Environment) {
        self.environment = environment
    }

    /// Plans `checked` for evaluation.
    ///
    /// - Parameter traced: whether every node reports its value to the activation's
    ///   ``Activation/tracer``. The choice is made here, once per node: an untraced
    ///   program contains no tracing code at all.
    public func plan(_ checked: CheckedExpr, traced: Bool = false) -> Program {
        var run = PlanRun(environment: environment, checked: checked, traced: traced)
        let root = run.plan(checked.parsed.root)
        return Program(root: root, slotCount: environment.firstLocalSlot + run.maxLocals,
                       resultType: checked.resultType, sourceInfo: checked.parsed.sourceInfo,
                       origin: PlanOrigin(checked: checked, environment: environment, isTraced: traced))
    }
}

/// The state of one planning pass.
private struct PlanRun {
    let environment: Environment
    let checked: CheckedExpr
    /// Whether each node's evaluator is wrapped to report its value (see ``Program/traced()``).
    let traced: Bool
    /// Comprehension variables in scope with their slots, innermost last.
    var locals: [(name: String, slot: Int)] = []
    var maxLocals = 0

    init(environment: Environment, checked: CheckedExpr, traced: Bool) {
        self.environment = environment
        self.checked = checked
        self.traced = traced
    }

    /// Plans one node; in a traced plan, its evaluator then reports the node's value.
    mutating func plan(_ expr: Expr) -> Evaluator {
        let evaluator = planNode(expr)
        guard traced else { return evaluator }
        let id = expr.id
        return { activation in
            let value = evaluator(activation)
            activation.tracer?.record(id, value)
            return value
        }
    }

    private mutating func planNode(_ expr: Expr) -> Evaluator {
        let id = expr.id
        switch expr.kind {
        case .literal(let literal):
            let value = literal.value
            return { _ in value }
        case .ident(let name):
            if !name.hasPrefix("."), let local = locals.last(where: { $0.name == name }) {
                let slot = local.slot
                return { $0.slots[slot] }
            }
            if let reference = checked.references[id], reference.isValue { return planValue(reference, id: id) }
            return unresolved(name, id)
        case .select(let operand, let field):
            if let reference = checked.references[id], reference.isValue { return planValue(reference, id: id) }
            if case .object(let typeName)? = checked.types[operand.id],
               let shape = environment.objectTypes[typeName]?.shape, let position = shape.position(of: field) {
                // A record built from its type's shape: the field is at a known position.
                if !traced, let slot = slot(of: operand) {
                    // A variable's field is read from its slot in place, without copying the
                    // record out first.
                    return { activation in
                        if case .map(let map) = activation.slots[slot],
                           let field = map.value(at: position, ifShapedBy: shape) { return field }
                        return selectField(activation.slots[slot], field, id: id)
                    }
                }
                let target = plan(operand)
                return { activation in
                    let value = target(activation)
                    if case .map(let map) = value, let field = map.value(at: position, ifShapedBy: shape) { return field }
                    return selectField(value, field, id: id)
                }
            }
            let target = plan(operand)
            if case .date? = checked.types[operand.id], let dateField = DateFields.Field(rawValue: field) {
                return { activation in
                    let value = target(activation)
                    if case .date(let date) = value { return .int(dateField.value(of: date)) }
                    return selectField(value, field, id: id)
                }
            }
            return { activation in
                selectField(target(activation), field, id: id)
            }
        case .presenceTest(let operand, let field):
            let target = plan(operand)
            if case .object(let typeName)? = checked.types[operand.id],
               let shape = environment.objectTypes[typeName]?.shape, shape.position(of: field) != nil {
                // A record built from its type's shape has every field of the shape.
                return { activation in
                    let value = target(activation)
                    if case .map(let map) = value, map.shape === shape { return .bool(true) }
                    return testField(value, field, id: id)
                }
            }
            return { activation in
                testField(target(activation), field, id: id)
            }
        case .call(let function, let args):
            return planCall(function, args, id: id)
        case .memberCall(let function, let target, let args):
            if case .function(let decl)? = checked.references[id], decl.name != function {
                // A namespaced function (`math.least(xs)`): the target is its namespace.
                return planCall(decl.name, args, id: id)
            }
            return planCall(function, [target] + args, id: id)
        case .list(let elements):
            let literals = elements.compactMap { element -> Value? in
                if case .literal(let literal) = element.kind { return literal.value }
                return nil
            }
            if literals.count == elements.count, !traced {
                // A list of literals (`n.kind in ['a', 'b']`) is built once.
                let list = Value.list(literals)
                return { _ in list }
            }
            let items = elements.map { PlannedOperand(plan($0)) }
            return { activation in
                var values: [Value] = []
                values.reserveCapacity(items.count)
                for item in items {
                    let v = item.evaluate(activation)
                    if v.isError { return v }
                    values.append(v)
                }
                return .list(values)
            }
        case .map(let entries):
            let planned = entries.map { (id: $0.id, key: PlannedOperand(plan($0.key)), value: PlannedOperand(plan($0.value))) }
            return { activation in
                var map = MapValue(minimumCapacity: planned.count)
                for entry in planned {
                    let k = entry.key.evaluate(activation)
                    if k.isError { return k }
                    let v = entry.value.evaluate(activation)
                    if v.isError { return v }
                    if !map.insert(k, v) {
                        switch k {
                        case .int, .uint, .bool, .string:
                            return .error(EvalError("duplicate map key \(k.debugText)", exprID: entry.id))
                        default:
                            return .error(EvalError("unsupported map key type `\(k.runtimeType)`", exprID: entry.id))
                        }
                    }
                }
                return .map(map)
            }
        case .comprehension(let c):
            return planComprehension(c, id: id)
        }
    }

    /// The slot of `expr` when it is a comprehension variable or an environment variable.
    private func slot(of expr: Expr) -> Int? {
        guard case .ident(let name) = expr.kind else { return nil }
        if !name.hasPrefix("."), let local = locals.last(where: { $0.name == name }) { return local.slot }
        guard case .variable(let variable)? = checked.references[expr.id] else { return nil }
        return environment.slot(of: variable)
    }

    // Evaluators are returned, never wrapped in an Optional or stored in an Array: a
    // closure in a generic container is called through reabstraction thunks, which cost on
    // every evaluation.

    /// The evaluator of a name that resolved to a value (``Reference/isValue``).
    private func planValue(_ reference: Reference, id: ExprID) -> Evaluator {
        switch reference {
        case .variable(let name):
            guard let slot = environment.slot(of: name) else { return unresolved(name, id) }
            return { $0.slots[slot] }
        case .type(let t):
            let value = Value.type(t)
            return { _ in value }
        case .unresolved(let name):
            return unresolved(name, id)
        case .function(let decl):
            return unresolved(decl.name, id)  // not reached: callers ask `isValue` first
        }
    }

    private func unresolved(_ name: String, _ id: ExprID) -> Evaluator {
        let error = Value.error(EvalError("undeclared reference to `\(name)`", exprID: id))
        return { _ in error }
    }

    // MARK: Calls

    private mutating func planCall(_ function: String, _ args: [Expr], id: ExprID) -> Evaluator {
        // Fixed arities plan their operands into locals: a closure read back from an array
        // is called through a reabstraction thunk, which costs on every evaluation.
        switch (function, args.count) {
        case (Operator.logicalAnd, 2):
            return logical(plan(args[0]), plan(args[1]), absorbing: false, id: id)
        case (Operator.logicalOr, 2):
            return logical(plan(args[0]), plan(args[1]), absorbing: true, id: id)
        case (Operator.conditional, 3):
            let (condition, then, otherwise) = (plan(args[0]), plan(args[1]), plan(args[2]))
            return { activation in
                switch condition(activation) {
                case .bool(true): return then(activation)
                case .bool(false): return otherwise(activation)
                case .error(let e): return .error(e)
                case let other: return .error(attributed(.noSuchOverload(Operator.conditional, [other]), id))
                }
            }
        default:
            break
        }
        guard case .function(let decl)? = checked.references[id] ?? environment.library[function].map(Reference.function) else {
            let error = Value.error(EvalError("undeclared function `\(function)`", exprID: id))
            return { _ in error }
        }
        if let op = ComparisonOperator(function: function), args.count == 2, case .binary(let f) = decl.implementation {
            return comparison(op, plan(args[0]), plan(args[1]), generic: f, id: id)
        }
        if function == Operator.add, args.count == 2, case .binary(let f) = decl.implementation, mayBeList(id) {
            return concatenation(plan(args[0]), plan(args[1]), f, id: id)
        }
        switch (decl.implementation, args.count) {
        case (.unary(let f), 1):
            let a = plan(args[0])
            return { activation in
                let x = a(activation)
                if x.isError { return x }
                return attributed(f(x), id)
            }
        case (.binary(let f), 2):
            let (a, b) = (plan(args[0]), plan(args[1]))
            return { activation in
                let x = a(activation)
                if x.isError { return x }
                let y = b(activation)
                if y.isError { return y }
                return attributed(f(x, y), id)
            }
        case (.ternary(let f), 3):
            let (a, b, c) = (plan(args[0]), plan(args[1]), plan(args[2]))
            return { activation in
                let x = a(activation)
                if x.isError { return x }
                let y = b(activation)
                if y.isError { return y }
                let z = c(activation)
                if z.isError { return z }
                return attributed(f(x, y, z), id)
            }
        case (.variadic(let f), _):
            let planned = args.map { PlannedOperand(plan($0)) }
            return { activation in
                var values: [Value] = []
                values.reserveCapacity(planned.count)
                for arg in planned {
                    let v = arg.evaluate(activation)
                    if v.isError { return v }
                    values.append(v)
                }
                return attributed(f(values), id)
            }
        default:
            let planned = args.map { PlannedOperand(plan($0)) }
            return { activation in
                var values: [Value] = []
                for arg in planned {
                    let v = arg.evaluate(activation)
                    if v.isError { return v }
                    values.append(v)
                }
                return .error(EvalError.noSuchOverload(function, values).at(id))
            }
        }
    }

    /// A comparison. Values of the kinds that policies compare most (ints, decimals, dates,
    /// timestamps, durations; decimals with ints) and tests against `null` are decided here;
    /// anything else by the operator's implementation `generic`, which these cases agree with
    /// (`ComparisonPlanTests`).
    private func comparison(_ op: ComparisonOperator, _ left: @escaping Evaluator, _ right: @escaping Evaluator,
                            generic: @escaping @Sendable (Value, Value) -> Value, id: ExprID) -> Evaluator {
        { activation in
            let x = left(activation)
            if x.isError { return x }
            let y = right(activation)
            if y.isError { return y }
            // One value at a time, not `switch (x, y)`: a tuple of two values is destroyed
            // through the runtime's generic witness (tuple_destroy): 8,000 instructions a snapshot.
            switch x {
            case .int(let a):
                if case .int(let b) = y { return .bool(op.holds(a, b)) }
                if case .decimal(let b) = y { return .bool(op.holds(CELDecimal(a), b)) }
            case .decimal(let a):
                if case .decimal(let b) = y { return .bool(op.holds(a, b)) }
                if case .int(let b) = y { return .bool(op.holds(a, CELDecimal(b))) }
            case .date(let a):
                if case .date(let b) = y { return .bool(op.holds(a, b)) }
            case .timestamp(let a):
                if case .timestamp(let b) = y { return .bool(op.holds(a, b)) }
            case .duration(let a):
                if case .duration(let b) = y { return .bool(op.holds(a, b)) }
            case .null where op.isEquality:
                if case .null = y { return .bool(op == .equals) }
                return .bool(op == .notEquals)
            default:
                break
            }
            if op.isEquality, case .null = y { return .bool(op == .notEquals) }
            return attributed(generic(x, y), id)
        }
    }

    /// Whether node `id` may evaluate to a list, by its checked type.
    private func mayBeList(_ id: ExprID) -> Bool {
        switch checked.types[id] {
        case .list?, .dyn?, .typeParam?, nil: return true
        default: return false
        }
    }

    /// `+` that may join lists: the joined list's elements are charged to the
    /// activation's budget, so that doubling a list over and over ends.
    private func concatenation(_ left: @escaping Evaluator, _ right: @escaping Evaluator,
                               _ add: @escaping @Sendable (Value, Value) -> Value, id: ExprID) -> Evaluator {
        { activation in
            let x = left(activation)
            if x.isError { return x }
            let y = right(activation)
            if y.isError { return y }
            let sum = attributed(add(x, y), id)
            if case .list(let items) = sum, activation.spend(items.count) { return activation.overBudget(id) }
            return sum
        }
    }

    /// `&&` (absorbing false) or `||` (absorbing true): the absorbing value wins over an
    /// error on either side, as CEL specifies; otherwise the first error is the result.
    private func logical(_ left: @escaping Evaluator, _ right: @escaping Evaluator, absorbing: Bool, id: ExprID) -> Evaluator {
        let name = absorbing ? Operator.logicalOr : Operator.logicalAnd
        return { activation in
            let l = left(activation)
            if case .bool(let b) = l, b == absorbing { return l }
            let r = right(activation)
            if case .bool(let b) = r, b == absorbing { return r }
            if l.isError { return l }
            if r.isError { return r }
            guard case .bool = l, case .bool = r else {
                return .error(EvalError.noSuchOverload(name, [l, r]).at(id))
            }
            return .bool(!absorbing)
        }
    }

    // MARK: Comprehensions

    private mutating func planComprehension(_ c: Comprehension, id: ExprID) -> Evaluator {
        let range = plan(c.range)
        let slot = environment.firstLocalSlot + locals.count
        locals.append((c.iterVar, slot))
        maxLocals = max(maxLocals, locals.count)
        let filter = c.filter.map { PlannedOperand(plan($0)) }
        let body = plan(c.body)
        locals.removeLast()
        let macro = c.macro
        return { activation in
            let elements: [Value]
            switch range(activation) {
            case .list(let items): elements = items
            case .map(let map): elements = map.keys
            case .error(let e): return .error(e)
            case let other:
                return .error(EvalError("cannot iterate over `\(other.runtimeType)`: expected a list or a map", exprID: id))
            }
            if activation.spend(elements.count) { return activation.overBudget(id) }
            return runComprehension(macro, elements, slot: slot, filter: filter, body: body, activation, id: id)
        }
    }
}

/// An evaluator kept in an array or an optional: as a class field it keeps the closure's
/// own calling convention, where a closure stored in a generic container is called
/// through reabstraction thunks.
private final class PlannedOperand: Sendable {
    let evaluate: Evaluator

    init(_ evaluate: @escaping Evaluator) { self.evaluate = evaluate }
}

/// Evaluates a macro over `elements`, binding each to `slot`.
private func runComprehension(
    _ macro: Comprehension.Macro, _ elements: [Value], slot: Int,
    filter: PlannedOperand?, body: Evaluator, _ activation: Activation, id: ExprID
) -> Value {
    switch macro {
    case .all, .exists:
        // `all` stops at the first false, `exists` at the first true; an error elsewhere
        // is the result only if no element decides.
        let decisive = macro == .exists
        var firstError: Value?
        for element in elements {
            activation.slots[slot] = element
            switch body(activation) {
            case .bool(let b):
                if b == decisive { return .bool(decisive) }
            case .error(let e):
                if firstError == nil { firstError = .error(e) }
            case let other:
                if firstError == nil { firstError = .error(EvalError.noSuchOverload(macro.rawValue, [other]).at(id)) }
            }
        }
        return firstError ?? .bool(!decisive)
    case .existsOne:
        var count = 0
        for element in elements {
            activation.slots[slot] = element
            switch body(activation) {
            case .bool(let b): if b { count += 1 }
            case .error(let e): return .error(e)
            case let other: return .error(EvalError.noSuchOverload(macro.rawValue, [other]).at(id))
            }
        }
        return .bool(count == 1)
    case .map, .filter:
        var result: [Value] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            activation.slots[slot] = element
            let keep = macro == .filter ? body(activation) : (filter?.evaluate(activation) ?? .bool(true))
            switch keep {
            case .bool(true): break
            case .bool(false): continue
            case .error(let e): return .error(e)
            case let other: return .error(EvalError.noSuchOverload(macro.rawValue, [other]).at(id))
            }
            if macro == .filter {
                result.append(element)
            } else {
                let v = body(activation)
                if v.isError { return v }
                result.append(v)
            }
        }
        return .list(result)
    case .sortBy, .minBy, .maxBy:
        var keys: [Value] = []
        keys.reserveCapacity(elements.count)
        for element in elements {
            activation.slots[slot] = element
            let key = body(activation)
            if key.isError { return key }
            keys.append(key)
        }
        switch macro {
        case .sortBy:
            return ListOrder.sorted(elements, byKeys: keys).map(Value.list) ?? .error(ListOrder.orderError(keys).at(id))
        default:
            guard !elements.isEmpty else { return .error(EvalError("`\(macro.rawValue)` of an empty list", exprID: id)) }
            let position = ListOrder.extreme(keys, greatest: macro == .maxBy)
            return position.map { elements[$0] } ?? .error(ListOrder.orderError(keys).at(id))
        }
    }
}

/// Gives an error produced by a function the id of the call node.
@inline(__always)
private func attributed(_ value: Value, _ id: ExprID) -> Value {
    if case .error(let e) = value, e.exprID == 0 { return .error(e.at(id)) }
    return value
}

@inline(__always)
private func attributed(_ error: EvalError, _ id: ExprID) -> EvalError {
    error.exprID == 0 ? error.at(id) : error
}

/// `value.field` at run time.
func selectField(_ value: Value, _ field: String, id: ExprID) -> Value {
    switch value {
    case .map(let map):
        return map[field] ?? .error(EvalError("no such key: `\(field)`", exprID: id))
    case .date(let d):
        return DateFields.value(d, field) ?? .error(EvalError("undefined field `\(field)` of `date`", exprID: id))
    case .error:
        return value
    default:
        return .error(EvalError("type `\(value.runtimeType)` has no fields to select", exprID: id))
    }
}

/// `has(value.field)` at run time.
func testField(_ value: Value, _ field: String, id: ExprID) -> Value {
    switch value {
    case .map(let map): return .bool(map[field] != nil)
    case .date: return .bool(DateFields.names.contains(field))
    case .error: return value
    default: return .error(EvalError("type `\(value.runtimeType)` has no fields to select", exprID: id))
    }
}

extension EvalError {
    /// The same error attributed to node `id`.
    func at(_ id: ExprID) -> EvalError {
        var copy = self
        copy.exprID = id
        return copy
    }
}

extension Literal {
    /// The runtime value of the literal.
    var value: Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bytes(let b): return .bytes(b)
        }
    }
}
