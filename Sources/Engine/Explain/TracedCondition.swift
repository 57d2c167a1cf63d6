import CEL

/// A condition as `explain` shows it: its text and value, split into the terms of its
/// `&&` and `||` chains, each with the values of the sub-expressions that decided it.
///
/// Built from the events of one traced evaluation (a pure function of them): a term that
/// a short-circuit skipped has no value; the term that decided a chain is marked.
public struct TracedCondition: Sendable {
    /// The condition's text (white space between tokens as single spaces).
    public var text: String
    /// What it evaluated to.
    public var value: Value
    /// The top term: a chain of terms, or one term.
    public var root: ConditionTerm

    /// The innermost term that decided the result: the decided term of each chain in turn,
    /// down to one that is not a chain (or a chain that every term decided together).
    public var decidingTerm: ConditionTerm {
        var term = root
        while let next = term.terms.first(where: \.decided) { term = next }
        return term
    }
}

/// One term of a condition: a chain (`&&` or `||`) of terms, or a leaf with its inputs.
public struct ConditionTerm: Sendable {
    /// The operator that joins ``terms``.
    public enum Connective: String, Sendable {
        case and = "&&"
        case or = "||"
    }

    /// The term's text.
    public var text: String
    /// What it evaluated to; `nil` when a short-circuit skipped it.
    public var value: Value?
    /// The chain's operator; `nil` for a leaf.
    public var connective: Connective?
    /// Whether this term decided the chain it belongs to (the first `false` of an `&&`, the
    /// first `true` of an `||`, or the error an `&&`/`||` passed on).
    public var decided: Bool
    /// The chain's terms, in source order (empty for a leaf).
    public var terms: [ConditionTerm]
    /// A leaf's sub-expressions with their values (names, fields, calls), in source order.
    public var inputs: [TracedValue]
}

/// A sub-expression and its value.
public struct TracedValue: Sendable {
    /// The sub-expression's text.
    public var text: String
    /// Its value.
    public var value: Value
}

extension TracedCondition {
    /// The most inputs shown for one leaf.
    static let maxInputs = 12

    /// The condition that `program` (planned traced) computed as `value`, with the node
    /// values in `trace`.
    init(program: Program, value: Value, trace: [TraceEvent]) {
        let parsed = program.checked.parsed
        let spans = SourceSpans(parsed)
        var values: [ExprID: Value] = [:]
        for event in trace { values[event.exprID] = event.value }
        let builder = TermBuilder(spans: spans, values: values)
        let root = builder.term(parsed.root, decided: false)
        self.init(text: root.text, value: value, root: root)
    }
}

/// Builds ``ConditionTerm``s from a parsed expression and its nodes' values.
private struct TermBuilder {
    let spans: SourceSpans
    let values: [ExprID: Value]

    func text(_ expr: Expr) -> String {
        spans.text(of: expr.id) ?? "…"
    }

    func term(_ expr: Expr, decided: Bool) -> ConditionTerm {
        if let connective = connective(of: expr) {
            let operands = chain(expr, function: connective == .and ? Operator.logicalAnd : Operator.logicalOr)
            let absorbing = connective == .or
            // The first operand holding the absorbing value decided the chain (evaluation
            // stopped after it); failing that, an error passed on decided it.
            let decider = operands.firstIndex { operand in
                if case .bool(let b)? = values[operand.id] { return b == absorbing }
                return false
            } ?? operands.firstIndex { values[$0.id]?.isError == true }
            let terms = operands.enumerated().map { term($0.element, decided: $0.offset == decider) }
            return ConditionTerm(text: text(expr), value: values[expr.id], connective: connective, decided: decided,
                                 terms: terms, inputs: [])
        }
        return ConditionTerm(text: text(expr), value: values[expr.id], connective: nil, decided: decided,
                             terms: [], inputs: inputs(of: expr))
    }

    private func connective(of expr: Expr) -> ConditionTerm.Connective? {
        guard case .call(let function, let args) = expr.kind, args.count == 2 else { return nil }
        switch function {
        case Operator.logicalAnd: return .and
        case Operator.logicalOr: return .or
        default: return nil
        }
    }

    /// The operands of a chain of `function` (the parser builds it as a balanced tree), in
    /// source order.
    private func chain(_ expr: Expr, function: String) -> [Expr] {
        guard case .call(function, let args) = expr.kind, args.count == 2 else { return [expr] }
        return chain(args[0], function: function) + chain(args[1], function: function)
    }

    /// The evaluated sub-expressions of a leaf that a reader needs to check it: names and
    /// field paths whole, calls and operators with their operands, comprehensions with their
    /// range (never their body, which ran once per element).
    private func inputs(of leaf: Expr) -> [TracedValue] {
        var out: [TracedValue] = []
        var seen = Set<String>()
        func add(_ expr: Expr) {
            guard out.count < TracedCondition.maxInputs, let value = values[expr.id] else { return }
            let text = text(expr)
            if seen.insert(text).inserted { out.append(TracedValue(text: text, value: value)) }
        }
        func visit(_ expr: Expr, top: Bool) {
            guard values[expr.id] != nil else { return }  // skipped by a short-circuit
            switch expr.kind {
            case .literal:
                return
            case .ident, .presenceTest:
                if !top { add(expr) }
            case .select(let operand, _):
                if !top { add(expr) }
                if !Self.isPath(operand) { visit(operand, top: false) }
            case .call(_, let args):
                if !top { add(expr) }
                for arg in args { visit(arg, top: false) }
            case .memberCall(_, let target, let args):
                if !top { add(expr) }
                visit(target, top: false)
                for arg in args { visit(arg, top: false) }
            case .list(let items):
                if items.allSatisfy(Self.isLiteral) { return }
                if !top { add(expr) }
                for item in items { visit(item, top: false) }
            case .map(let entries):
                if !top { add(expr) }
                for entry in entries { visit(entry.value, top: false) }
            case .comprehension(let c):
                if !top { add(expr) }
                visit(c.range, top: false)
            }
        }
        visit(leaf, top: true)
        return out
    }

    /// Whether `expr` is a name or a chain of fields on a name (`params.lead`).
    private static func isPath(_ expr: Expr) -> Bool {
        switch expr.kind {
        case .ident: return true
        case .select(let operand, _): return isPath(operand)
        default: return false
        }
    }

    private static func isLiteral(_ expr: Expr) -> Bool {
        if case .literal = expr.kind { return true }
        return false
    }
}
