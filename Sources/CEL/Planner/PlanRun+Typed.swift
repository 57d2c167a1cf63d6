// The typed plans of a planning pass: nodes whose checked type is a scalar (bool, int,
// decimal, string, timestamp, date, duration) compiled to closures over unboxed values,
// for the forms policies use most: variables and record fields, `&&`, `||`, `?:`,
// comparisons, tests against `null`, `in` a known list of strings, `exists` and `all`,
// and calls the checker resolved to one overload with a typed body. Any other node is its
// boxed plan, unboxed where a typed node reads it (``TypedPlan/adapting(_:to:)``).
//
// A typed node that computes something (a call or a comprehension) under a boxed parent
// begins a region: its typed plan, boxed once at the top (``TypedPlan/boundary(fallback:)``),
// with the node's boxed plan as the fallback for values the checked type did not promise.
// Inside a region, errors travel as thrown ``TypedFault/error`` values, with the same
// messages and node ids as the boxed plan's, so that the two plans give the same value.
extension PlanRun {
    /// The typed plan of `expr` when it begins a region: a call or comprehension of a typed
    /// kind (a lone variable or literal is read faster boxed).
    mutating func region(_ expr: Expr) -> TypedPlan? {
        switch expr.kind {
        case .call, .memberCall, .comprehension: return typed(expr)
        default: return nil
        }
    }

    /// The typed plan of `expr`, when its checked type has one and its form is planned typed.
    mutating func typed(_ expr: Expr) -> TypedPlan? {
        if let known = typedPlans[expr.id] { return known }
        let plan = typedUncached(expr)
        typedPlans[expr.id] = plan
        return plan
    }

    private mutating func typedUncached(_ expr: Expr) -> TypedPlan? {
        guard let kind = TypedPlan.Kind(checked.types[expr.id]) else { return nil }
        let id = expr.id
        switch expr.kind {
        case .literal(let literal):
            return TypedPlan.constant(literal.value)
        case .ident:
            if let known = knownValue(expr), let plan = TypedPlan.constant(known) { return plan }
            guard let slot = slot(of: expr) else { return nil }
            return .slot(slot, as: kind)
        case .select(let operand, let field):
            if let known = knownValue(expr), let plan = TypedPlan.constant(known) { return plan }
            if let reference = checked.references[id], reference.isValue {
                // A qualified name that is a variable, as the boxed plan reads it.
                guard case .variable(let name) = reference, let slot = environment.slot(of: name) else { return nil }
                return .slot(slot, as: kind)
            }
            if let (position, shape) = recordField(field, of: operand) {
                if let slot = slot(of: operand) { return .field(position, of: shape, inSlot: slot, as: kind) }
                return .field(position, of: shape, in: plan(operand), as: kind)
            }
            if case .date? = checked.types[operand.id], kind == .int, let dateField = DateFields.Field(rawValue: field),
               case .date(let date) = typedOperand(operand, as: .date) {
                return .int { a throws(TypedFault) in dateField.value(of: try date(a)) }
            }
            return nil
        case .call(let function, let args):
            return typedCall(function, args, kind: kind, id: id)
        case .memberCall(let function, let target, let args):
            if case .function(let decl, _)? = checked.references[id], decl.name != function {
                return typedCall(decl.name, args, kind: kind, id: id)
            }
            return typedCall(function, [target] + args, kind: kind, id: id)
        case .comprehension(let c):
            guard kind == .bool, c.macro == .all || c.macro == .exists else { return nil }
            return .bool(typedQuantifier(c, id: id))
        case .presenceTest, .list, .map:
            return nil
        }
    }

    /// The plan of `expr` as a node of `kind`: its typed plan, or its boxed plan unboxed.
    mutating func typedOperand(_ expr: Expr, as kind: TypedPlan.Kind) -> TypedPlan {
        if let plan = typed(expr), plan.kind == kind { return plan }
        return .adapting(plan(expr), to: kind)
    }

    /// The evaluator of `expr` as a bool.
    mutating func boolOperand(_ expr: Expr) -> Typed<Bool> {
        if case .bool(let f)? = typed(expr) { return f }
        let evaluate = plan(expr)
        return { a throws(TypedFault) in try unboxing(evaluate(a)) }
    }

    mutating func typedCall(_ function: String, _ args: [Expr], kind: TypedPlan.Kind, id: ExprID) -> TypedPlan? {
        switch (function, args.count) {
        case (Operator.logicalAnd, 2):
            return .bool(typedLogical(boolOperand(args[0]), boolOperand(args[1]), absorbing: false))
        case (Operator.logicalOr, 2):
            return .bool(typedLogical(boolOperand(args[0]), boolOperand(args[1]), absorbing: true))
        case (Operator.conditional, 3):
            let condition = boolOperand(args[0])
            return .choosing(condition, typedOperand(args[1], as: kind), typedOperand(args[2], as: kind))
        default:
            break
        }
        guard case .function(let decl, let resolved)? = checked.references[id] ?? environment.library[function].map({ .function($0, overloads: []) })
        else { return nil }
        if let value = foldedCall(function, args, id: id) { return TypedPlan.constant(value) }
        if let op = ComparisonOperator(function: function), args.count == 2 {
            return typedComparison(op, args[0], args[1]).map(TypedPlan.bool)
        }
        if function == Operator.in, args.count == 2, case .string? = checked.types[args[0].id],
           let strings = knownStrings(args[1]), case .string(let element) = typedOperand(args[0], as: .string) {
            return .bool { a throws(TypedFault) in
                let s = try element(a)
                return strings.contains { s.hasSameUTF8(as: $0) }
            }
        }
        guard resolved.count == 1, let body = decl.overloads.first(where: { $0.id == resolved[0] })?.body,
              body.arity == args.count else { return nil }
        return typedBody(body, args, id: id)
    }

    /// The strings of a list of strings known while planning: a list literal of string
    /// literals, or a known list (``knownValue(_:)``, such as a policy's `params.kinds`)
    /// that holds only strings.
    func knownStrings(_ expr: Expr) -> [String]? {
        var strings: [String] = []
        if case .list(let elements) = expr.kind {
            for element in elements {
                guard case .literal(.string(let s)) = element.kind else { return nil }
                strings.append(s)
            }
            return strings
        }
        guard case .list(let items)? = knownValue(expr) else { return nil }
        for item in items {
            guard case .string(let s) = item else { return nil }
            strings.append(s)
        }
        return strings
    }

    /// `&&` (absorbing false) or `||` (absorbing true), as ``logical(_:_:absorbing:id:)``:
    /// the absorbing value wins over an error on either side; otherwise the first error is
    /// the result.
    func typedLogical(_ left: @escaping Typed<Bool>, _ right: @escaping Typed<Bool>, absorbing: Bool) -> Typed<Bool> {
        { a throws(TypedFault) in
            var leftError: EvalError?
            do throws(TypedFault) {
                if try left(a) == absorbing { return absorbing }
            } catch {
                guard case .error(let e) = error else { throw .unboxable }
                leftError = e
            }
            let r: Bool
            do throws(TypedFault) { r = try right(a) } catch {
                guard case .error(let e) = error else { throw .unboxable }
                throw .error(leftError ?? e)
            }
            if r == absorbing { return absorbing }
            if let leftError { throw .error(leftError) }
            return !absorbing
        }
    }

    /// A comparison of two typed operands, as ``comparison(_:_:_:generic:id:)`` decides it
    /// (and the operator's implementation, which it agrees with); nil for kinds it leaves
    /// to the implementation.
    mutating func typedComparison(_ op: ComparisonOperator, _ left: Expr, _ right: Expr) -> Typed<Bool>? {
        if op.isEquality, case .literal(.null) = left.kind, !isNullLiteral(right) {
            return typedComparison(op, right, left)  // evaluating a literal has no effect to order
        }
        if op.isEquality, isNullLiteral(right) {
            let value = plan(left)
            let isEqual = op == .equals
            if let (slot, position, shape) = recordFieldInSlot(left) {
                // A record's field tested in place: neither the record nor the field is copied.
                return { a throws(TypedFault) in
                    if case .map(let map) = a.slots[slot], let isNull = map.isNull(at: position, ifShapedBy: shape) {
                        return isNull == isEqual
                    }
                    switch value(a) {
                    case .error(let e): throw .error(e)
                    case .null: return isEqual
                    default: return !isEqual
                    }
                }
            }
            return { a throws(TypedFault) in
                switch value(a) {
                case .error(let e): throw .error(e)
                case .null: return isEqual
                default: return !isEqual
                }
            }
        }
        guard let leftKind = TypedPlan.Kind(checked.types[left.id]), let rightKind = TypedPlan.Kind(checked.types[right.id]) else {
            return nil
        }
        switch (typedOperand(left, as: leftKind), typedOperand(right, as: rightKind)) {
        case (.int(let x), .int(let y)): return { a throws(TypedFault) in op.holds(try x(a), try y(a)) }
        case (.decimal(let x), .decimal(let y)): return { a throws(TypedFault) in op.holds(try x(a), try y(a)) }
        case (.int(let x), .decimal(let y)): return { a throws(TypedFault) in op.holds(CELDecimal(try x(a)), try y(a)) }
        case (.decimal(let x), .int(let y)): return { a throws(TypedFault) in op.holds(try x(a), CELDecimal(try y(a))) }
        case (.date(let x), .date(let y)): return { a throws(TypedFault) in op.holds(try x(a), try y(a)) }
        case (.timestamp(let x), .timestamp(let y)): return { a throws(TypedFault) in op.holds(try x(a), try y(a)) }
        case (.duration(let x), .duration(let y)): return { a throws(TypedFault) in op.holds(try x(a), try y(a)) }
        case (.string(let x), .string(let y)) where op.isEquality:
            let isEqual = op == .equals
            return { a throws(TypedFault) in try x(a).hasSameUTF8(as: try y(a)) == isEqual }
        case (.bool(let x), .bool(let y)) where op.isEquality:
            let isEqual = op == .equals
            return { a throws(TypedFault) in (try x(a) == (try y(a))) == isEqual }
        default:
            return nil
        }
    }

    /// The slot, field position and shape of `expr` when it selects a field of a record
    /// held by a variable (`n.sent_at` in a comprehension over notices).
    func recordFieldInSlot(_ expr: Expr) -> (slot: Int, position: Int, shape: MapShape)? {
        guard case .select(let operand, let field) = expr.kind, checked.references[expr.id]?.isValue != true,
              let (position, shape) = recordField(field, of: operand), let slot = slot(of: operand) else { return nil }
        return (slot, position, shape)
    }

    func isNullLiteral(_ expr: Expr) -> Bool {
        if case .literal(.null) = expr.kind { return true }
        return false
    }

    /// `exists` or `all` with a typed condition, as ``runComprehension`` evaluates them: the
    /// first deciding element decides; an error is the result only if none does.
    mutating func typedQuantifier(_ c: Comprehension, id: ExprID) -> Typed<Bool> {
        let range = plan(c.range)
        let slot = environment.firstLocalSlot + locals.count
        locals.append((c.iterVar, slot))
        maxLocals = max(maxLocals, locals.count)
        let condition = boolOperand(c.body)
        locals.removeLast()
        let decisive = c.macro == .exists
        return { a throws(TypedFault) in
            let elements: [Value]
            switch range(a) {
            case .list(let items): elements = items
            case .map(let map): elements = map.keys
            case .error(let e): throw .error(e)
            default: throw .unboxable
            }
            if a.spend(elements.count) { throw .error(a.overBudgetError(id)) }
            var firstError: EvalError?
            for element in elements {
                a.slots[slot] = element
                do throws(TypedFault) {
                    if try condition(a) == decisive { return decisive }
                } catch {
                    guard case .error(let e) = error else { throw .unboxable }
                    if firstError == nil { firstError = e }
                }
            }
            if let firstError { throw .error(firstError) }
            return !decisive
        }
    }

    /// A call to the typed body of the one overload the checker resolved, on typed operands;
    /// nil for shapes over kinds without a typed plan (their call stays boxed).
    // One case per shape, each closure written where its types are concrete (see TypedPlan.swift).
    //
    // Only operands with a typed plan of their own are taken: a call on a boxed operand stays
    // boxed, so that its function's dispatch decides what a value of another kind means there
    // (`decimal(xs.sum())`, where the sum of an empty list is the int 0) instead of sending
    // the whole region to its fallback.
    mutating func typedBody(_ body: OverloadBody, _ args: [Expr], id: ExprID) -> TypedPlan? {
        let x = typed(args[0])
        let y = args.count > 1 ? typed(args[1]) : nil
        switch (body, x, y) {
        case (.boolToBool(let f), .bool(let p)?, _): return .bool { a throws(TypedFault) in try call(f, p, a, id) }
        case (.intToInt(let f), .int(let p)?, _): return .int { a throws(TypedFault) in try call(f, p, a, id) }
        case (.durationToDuration(let f), .duration(let p)?, _): return .duration { a throws(TypedFault) in try call(f, p, a, id) }
        case (.decimalToDecimal(let f), .decimal(let p)?, _): return .decimal { a throws(TypedFault) in try call(f, p, a, id) }
        case (.intToDecimal(let f), .int(let p)?, _): return .decimal { a throws(TypedFault) in try call(f, p, a, id) }
        case (.stringToDecimal(let f), .string(let p)?, _): return .decimal { a throws(TypedFault) in try call(f, p, a, id) }
        case (.stringToInt(let f), .string(let p)?, _): return .int { a throws(TypedFault) in try call(f, p, a, id) }
        case (.timestampToInt(let f), .timestamp(let p)?, _): return .int { a throws(TypedFault) in try call(f, p, a, id) }
        case (.dateToDate(let f), .date(let p)?, _): return .date { a throws(TypedFault) in try call(f, p, a, id) }
        case (.timestampToDate(let f), .timestamp(let p)?, _): return .date { a throws(TypedFault) in try call(f, p, a, id) }
        case (.stringToDate(let f), .string(let p)?, _): return .date { a throws(TypedFault) in try call(f, p, a, id) }
        case (.dateToTimestamp(let f), .date(let p)?, _): return .timestamp { a throws(TypedFault) in try call(f, p, a, id) }
        case (.timestampToTimestamp(let f), .timestamp(let p)?, _): return .timestamp { a throws(TypedFault) in try call(f, p, a, id) }
        case (.dateToBool(let f), .date(let p)?, _): return .bool { a throws(TypedFault) in try call(f, p, a, id) }
        case (.timestampToBool(let f), .timestamp(let p)?, _): return .bool { a throws(TypedFault) in try call(f, p, a, id) }
        case (.durationToInt(let f), .duration(let p)?, _): return .int { a throws(TypedFault) in try call(f, p, a, id) }
        case (.listToInt(let f), _, _):
            let list = plan(args[0])
            return .int { a throws(TypedFault) in
                let items: [Value] = try unboxing(list(a))
                do throws(EvalError) { return try f(items) } catch { throw .error(attributed(error, id)) }
            }
        case (.intIntToInt(let f), .int(let p)?, .int(let q)?): return .int { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.stringStringToString(let f), .string(let p)?, .string(let q)?):
            return .string { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.stringStringToBool(let f), .string(let p)?, .string(let q)?): return .bool { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.timestampStringToInt(let f), .timestamp(let p)?, .string(let q)?):
            return .int { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.timestampStringToDate(let f), .timestamp(let p)?, .string(let q)?):
            return .date { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.dateIntToDate(let f), .date(let p)?, .int(let q)?): return .date { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.dateStringToTimestamp(let f), .date(let p)?, .string(let q)?):
            return .timestamp { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.decimalDecimalToDecimal(let f), .decimal(let p)?, .decimal(let q)?):
            return .decimal { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.decimalIntToDecimal(let f), .decimal(let p)?, .int(let q)?):
            return .decimal { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.intDecimalToDecimal(let f), .int(let p)?, .decimal(let q)?):
            return .decimal { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.timestampTimestampToDuration(let f), .timestamp(let p)?, .timestamp(let q)?):
            return .duration { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.timestampDurationToTimestamp(let f), .timestamp(let p)?, .duration(let q)?):
            return .timestamp { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.durationTimestampToTimestamp(let f), .duration(let p)?, .timestamp(let q)?):
            return .timestamp { a throws(TypedFault) in try call(f, p, q, a, id) }
        case (.durationDurationToDuration(let f), .duration(let p)?, .duration(let q)?):
            return .duration { a throws(TypedFault) in try call(f, p, q, a, id) }
        default:
            // Shapes over kinds without a typed plan, and operands the checker typed otherwise
            // than the resolved overload's parameters (`dyn`): the call stays boxed.
            return nil
        }
    }
}

/// A typed body applied to its typed operand, its error attributed to the call `id`.
@inline(__always)
private func call<A, R>(_ f: (A) throws(EvalError) -> R, _ x: Typed<A>, _ a: Activation, _ id: ExprID) throws(TypedFault) -> R {
    let p = try x(a)
    do throws(EvalError) { return try f(p) } catch { throw .error(attributed(error, id)) }
}

/// A typed body applied to its two typed operands, evaluated in order, its error
/// attributed to the call `id`.
@inline(__always)
private func call<A, B, R>(_ f: (A, B) throws(EvalError) -> R, _ x: Typed<A>, _ y: Typed<B>, _ a: Activation,
                           _ id: ExprID) throws(TypedFault) -> R {
    let p = try x(a)
    let q = try y(a)
    do throws(EvalError) { return try f(p, q) } catch { throw .error(attributed(error, id)) }
}
