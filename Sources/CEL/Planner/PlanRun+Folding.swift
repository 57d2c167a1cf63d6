// Calls on values known while planning (literals, and variables the environment knows the
// value of, such as a policy's `params`), evaluated once. A function's implementation sees
// only its operands (``Implementation``), so a call whose operands are all known has the
// same value at every evaluation: `decimal('0.00')` is parsed here, not per snapshot, and
// `params.lead + params.margin` added here.
extension PlanRun {
    /// The value of the call of `function` on `args` at node `id` when every operand is
    /// known (``knownValue(_:)``); nil when one is not, in a traced plan (whose every node reports its value
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
            guard let value = knownValue(arg) else { return nil }
            operands.append(value)
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

    /// The value of `expr` when it is known while planning: a literal, a variable whose value
    /// the environment holds (``Environment/constants``), or a field of such a value; nil
    /// for anything else, and in a traced plan (whose every node reports its value as it is
    /// evaluated).
    func knownValue(_ expr: Expr) -> Value? {
        guard !traced else { return nil }
        switch expr.kind {
        case .literal(let literal):
            return literal.value
        case .ident(let name):
            guard !locals.contains(where: { $0.name == name }),
                  case .variable(let variable)? = checked.references[expr.id] else { return nil }
            return environment.constants[variable]
        case .select(let operand, let field):
            if let reference = checked.references[expr.id], reference.isValue {
                guard case .variable(let variable) = reference else { return nil }
                return environment.constants[variable]
            }
            // A field the map has; without it, the error is evaluation's to give.
            guard case .map(let map)? = knownValue(operand) else { return nil }
            return map[field]
        default:
            return nil
        }
    }
}
