// Calls on literals, evaluated once while planning. A function's implementation sees only
// its operands (``Implementation``), so a call whose operands are all literals has the
// same value at every evaluation: `decimal('0.00')` is parsed here, not per snapshot.
extension PlanRun {
    /// The value of the call of `function` on `args` at node `id` when every operand is a
    /// literal; nil when one is not, in a traced plan (whose every node reports its value
    /// as it is evaluated), for calls whose evaluation does more than compute a value
    /// (`+` of lists spends the step budget), and for the operators the planner evaluates
    /// itself (`&&`, `||`, `?:`, comparisons).
    mutating func foldedCall(_ function: String, _ args: [Expr], id: ExprID) -> Value? {
        if let known = constants[id] { return known }
        let value = foldedUncached(function, args, id: id)
        constants[id] = value
        return value
    }

    private func foldedUncached(_ function: String, _ args: [Expr], id: ExprID) -> Value? {
        guard !traced, !args.isEmpty, function != Operator.logicalAnd, function != Operator.logicalOr,
              function != Operator.conditional, ComparisonOperator(function: function) == nil,
              !(function == Operator.add && mayBeList(id)) else { return nil }
        var operands: [Value] = []
        for arg in args {
            guard case .literal(let literal) = arg.kind else { return nil }
            operands.append(literal.value)
        }
        guard case .function(let decl, let resolved)? = checked.references[id] ?? environment.library[function].map({ .function($0, overloads: []) })
        else { return nil }
        switch (bound(decl, resolved), operands.count) {
        case (.unary(let f), 1): return attributed(f(operands[0]), id)
        case (.binary(let f), 2): return attributed(f(operands[0], operands[1]), id)
        case (.ternary(let f), 3): return attributed(f(operands[0], operands[1], operands[2]), id)
        case (.variadic(let f), _): return attributed(f(operands), id)
        default: return nil
        }
    }
}
