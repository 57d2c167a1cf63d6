/// Macro expansion: calls named like CEL's macros become presence tests and
/// comprehensions while parsing.
extension ExpressionParser {
    /// A global call `name(args)`, or the `has(e.f)` presence test.
    mutating func globalCall(_ name: String, nameToken: Token, args: [Argument]) throws(Abort) -> Expr {
        guard name == "has", args.count == 1, let argument = args.first else {
            return try node(.call(function: name, args: args.map(\.expr)), at: nameToken)
        }
        guard case .select(let operand, let field) = argument.expr.kind else {
            try report(.presenceTestNeedsSelection, argument.range)
            return try node(.call(function: name, args: [argument.expr]), at: nameToken)
        }
        return try node(.presenceTest(operand, field: field), offset: sourceInfo.offset(of: argument.expr.id),
                        reusing: argument.expr.id)
    }

    /// A member call `target.name(args)`, or a comprehension for `all`, `exists`,
    /// `exists_one`, `map` and `filter`, and the extensions `sortBy`, `min_by` and `max_by`,
    /// with their number of arguments.
    ///
    /// The comprehension takes over the id of its iteration variable's identifier, which
    /// it discards, so ids stay dense.
    mutating func memberCall(_ name: String, nameToken: Token, target: Expr, args: [Argument]) throws(Abort) -> Expr {
        guard let macro = Self.macro(named: name, argumentCount: args.count),
              let variable = args.first, let body = args.last
        else {
            return try node(.memberCall(function: name, target: target, args: args.map(\.expr)), at: nameToken)
        }
        guard case .ident(let iterVar) = variable.expr.kind, !iterVar.hasPrefix(".") else {
            try report(.iterationVariableNotIdentifier(macro: name), variable.range)
            return try node(.memberCall(function: name, target: target, args: args.map(\.expr)), at: nameToken)
        }
        let filter = args.count == 3 ? args[1].expr : nil
        let comprehension = Comprehension(macro: macro, iterVar: iterVar, range: target, filter: filter, body: body.expr)
        return try node(.comprehension(comprehension), at: nameToken, reusing: variable.expr.id)
    }

    /// The comprehension macro called `name` with `argumentCount` arguments, if any.
    private static func macro(named name: String, argumentCount: Int) -> Comprehension.Macro? {
        switch (name, argumentCount) {
        case ("all", 2): return .all
        case ("exists", 2): return .exists
        case ("exists_one", 2): return .existsOne
        case ("map", 2), ("map", 3): return .map
        case ("filter", 2): return .filter
        case ("sortBy", 2): return .sortBy
        case ("min_by", 2): return .minBy
        case ("max_by", 2): return .maxBy
        default: return nil
        }
    }
}
