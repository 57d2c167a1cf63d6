// The calls of a planning pass: operators with their own evaluation order, comparisons,
// list joins and calls bound to a function's implementation.
extension PlanRun {
    mutating func planCall(_ function: String, _ args: [Expr], id: ExprID) -> Evaluator {
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
        guard case .function(let decl, let resolved)? = checked.references[id] ?? environment.library[function].map({ .function($0, overloads: []) }) else {
            let error = Value.error(EvalError("undeclared function `\(function)`", exprID: id))
            return { _ in error }
        }
        if let value = foldedCall(function, args, id: id) { return { _ in value } }
        let call = boundCall(function, args, decl, resolved, id: id)
        return fold(function, args, resolved: resolved, id: id, unfused: call) ?? call
    }

    /// A call of `decl`, resolved by the checker to the overloads `resolved`, bound to its
    /// implementation (or, for comparisons and `+` of lists, to the planner's own forms).
    private mutating func boundCall(_ function: String, _ args: [Expr], _ decl: FunctionDecl, _ resolved: [String],
                                    id: ExprID) -> Evaluator {
        let implementation = bound(decl, resolved)
        if let op = ComparisonOperator(function: function), args.count == 2, case .binary(let f) = implementation {
            return comparison(op, plan(args[0]), plan(args[1]), generic: f, id: id)
        }
        if function == Operator.add, args.count == 2, case .binary(let f) = implementation, mayBeList(id) {
            return concatenation(plan(args[0]), plan(args[1]), f, id: id)
        }
        switch (implementation, args.count) {
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
                if let error = planned.evaluate(activation, into: &values) { return error }
                return attributed(f(values), id)
            }
        default:
            let planned = args.map { PlannedOperand(plan($0)) }
            return { activation in
                var values: [Value] = []
                if let error = planned.evaluate(activation, into: &values) { return error }
                return .error(EvalError.noSuchOverload(function, values).at(id))
            }
        }
    }

    /// The implementation a call runs. When the checker resolved it to exactly one overload
    /// with a typed body, that body is bound here (cel-go's `resolveFunction`), the
    /// function's derived dispatch serving only arguments of other runtime kinds (`dyn`,
    /// `null`); otherwise the function's implementation.
    // INVARIANT: overloads of one arity whose parameter kinds overlap share one body (as
    // `sum`'s do), so running the resolved body first is what the derived dispatch's
    // first-match would run.
    func bound(_ decl: FunctionDecl, _ resolved: [String]) -> Implementation {
        guard resolved.count == 1, let body = decl.overloads.first(where: { $0.id == resolved[0] })?.body else {
            return decl.implementation
        }
        switch (decl.implementation, body.arity) {
        case (.unary(let dispatch), 1): return .unary { x in body.apply(x) ?? dispatch(x) }
        case (.binary(let dispatch), 2): return .binary { x, y in body.apply(x, y) ?? dispatch(x, y) }
        default: return decl.implementation
        }
    }

    /// A comparison. Values of the kinds that policies compare most (ints, decimals, dates,
    /// timestamps, durations; decimals with ints) and tests against `null` are decided here;
    /// anything else by the operator's implementation `generic`, which these cases agree with
    /// (`ComparisonPlanTests`).
    func comparison(_ op: ComparisonOperator, _ left: @escaping Evaluator, _ right: @escaping Evaluator,
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
    func mayBeList(_ id: ExprID) -> Bool {
        switch checked.types[id] {
        case .list?, .dyn?, .typeParam?, nil: return true
        default: return false
        }
    }

    /// `+` that may join lists: the joined list's elements are charged to the
    /// activation's budget, so that doubling a list over and over ends.
    func concatenation(_ left: @escaping Evaluator, _ right: @escaping Evaluator,
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
    func logical(_ left: @escaping Evaluator, _ right: @escaping Evaluator, absorbing: Bool, id: ExprID) -> Evaluator {
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
}
