import CEL

/// A comprehension nested inside another over the same list (`xs.filter(b, xs.all(c, …))`):
/// for every element the inner one goes over the whole list again, so the expression takes
/// time quadratic in the list's size.
///
/// "The same list" is the same name or field path (`unpaid_bills`, `snapshot.bills`).
struct QuadraticComprehension {
    /// The path both comprehensions iterate over, as written.
    let list: String
    /// The outer and inner macros (`filter`, `all`).
    let outer: Comprehension.Macro
    let inner: Comprehension.Macro
    /// The inner macro's name, as UTF-8 offsets into the expression.
    let range: Range<Int>

    /// Every such nest of `parsed`, inner comprehensions in source order, each with its
    /// outermost enclosing comprehension over the same list.
    static func find(in parsed: ParsedExpr) -> [QuadraticComprehension] {
        var found: [ExprID: QuadraticComprehension] = [:]
        // Parents come first, so the outermost comprehension over a list claims each nest.
        parsed.root.forEachNode { outerNode in
            // Inside `xs.all(xs, …)`, `xs` is the element, not the list.
            guard case .comprehension(let outer) = outerNode.kind, let list = path(of: outer.range), list.first != outer.iterVar
            else { return }
            for part in [outer.filter, outer.body].compactMap({ $0 }) {
                part.forEachNode { node in
                    guard found[node.id] == nil, case .comprehension(let inner) = node.kind, path(of: inner.range) == list else { return }
                    let start = parsed.sourceInfo.offset(of: node.id)
                    found[node.id] = QuadraticComprehension(list: list.joined(separator: "."), outer: outer.macro, inner: inner.macro,
                                                            range: start..<(start + inner.macro.rawValue.utf8.count))
                }
            }
        }
        return found.values.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// `a.b.c` as `["a", "b", "c"]`; nil for anything but a name and field selections.
    private static func path(of expr: Expr) -> [String]? {
        switch expr.kind {
        case .ident(let name): return [name]
        case .select(let operand, let field): return path(of: operand).map { $0 + [field] }
        default: return nil
        }
    }
}
