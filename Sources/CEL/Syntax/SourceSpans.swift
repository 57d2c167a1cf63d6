/// The source text of every node of a parsed expression, for showing sub-expressions
/// (`today.day >= params.second_notice_day`) next to their values.
///
/// The parser records one offset per node (its operator, name or opening bracket; see
/// ``Parser``). A node's span runs from the first to the last character of it and its
/// children, closing brackets included, widened until its parentheses balance. Its text is
/// the source's tokens in that span with each run of white space between them written as
/// one space, so an expression folded over several YAML lines reads as one line.
public struct SourceSpans: Sendable {
    /// The tokens of the source.
    private let tokens: [Token]
    private let text: [UInt8]
    /// The first and last token index of each node, by ``ExprID``; `nil` where unknown.
    private var spans: [ClosedRange<Int>?]

    /// Computes the span of every node of `parsed`.
    public init(_ parsed: ParsedExpr) {
        var lexer = Lexer(parsed.sourceInfo.source.text)
        let tokens = lexer.tokenize()
        self.tokens = tokens
        text = Array(parsed.sourceInfo.source.text.utf8)
        spans = Array(repeating: nil, count: max(parsed.nextID, 1))
        guard lexer.diagnostics.isEmpty else { return }
        var tokenAt: [Int: Int] = [:]
        for (i, token) in tokens.enumerated() where token.kind != .endOfInput { tokenAt[token.range.lowerBound] = i }
        let partner = Self.partners(tokens)
        // Parents come before their children in `forEachNode`; going backwards, every
        // child's span is known before its parent's.
        var nodes: [Expr] = []
        parsed.root.forEachNode { nodes.append($0) }
        for node in nodes.reversed() {
            guard node.id >= 0, node.id < spans.count,
                  let at = tokenAt[parsed.sourceInfo.offset(of: node.id)] else { continue }
            spans[node.id] = span(of: node, at: at, partner: partner)
        }
    }

    /// The UTF-8 range of node `id` in the source.
    public func range(of id: ExprID) -> Range<Int>? {
        guard id >= 0, id < spans.count, let span = spans[id] else { return nil }
        return tokens[span.lowerBound].range.lowerBound..<tokens[span.upperBound].range.upperBound
    }

    /// The text of node `id`, white space between tokens written as single spaces.
    public func text(of id: ExprID) -> String? {
        guard id >= 0, id < spans.count, let span = spans[id] else { return nil }
        var out: [UInt8] = []
        for i in span {
            if i > span.lowerBound, tokens[i].range.lowerBound > tokens[i - 1].range.upperBound {
                out.append(UInt8(ascii: " "))
            }
            out.append(contentsOf: text[tokens[i].range])
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Computing spans

    /// The span of `node`, whose recorded offset is the start of token `at`.
    private func span(of node: Expr, at: Int, partner: [Int?]) -> ClosedRange<Int> {
        var low = at
        var high = at
        var children: [Expr] = []
        switch node.kind {
        case .literal:
            // A folded `-` is located at the sign; the number follows.
            if tokens[at].kind == .minus, at + 1 < tokens.count - 1 { high = at + 1 }
        case .ident:
            if tokens[at].kind == .dot, at + 1 < tokens.count - 1 { high = at + 1 }
        case .select(let operand, _):
            children = [operand]
            high = min(at + 1, tokens.count - 2)
        case .presenceTest(let operand, _):
            // `has(operand.field)`, located at the dot: take the field, the `)` and the `has(`.
            children = [operand]
            high = min(at + 2, tokens.count - 2)
            if let first = (spans[safe: operand.id] ?? nil)?.lowerBound, first >= 2,
               tokens[first - 1].kind == .leftParen, tokens[first - 2].kind == .identifier("has") {
                low = first - 2
            }
        case .call(_, let args):
            children = args
        case .memberCall(_, let target, let args):
            children = [target] + args
        case .list(let items):
            children = items
        case .map(let entries):
            children = entries.flatMap { [$0.key, $0.value] }
        case .comprehension(let c):
            children = [c.range] + (c.filter.map { [$0] } ?? []) + [c.body]
        }
        for child in children {
            guard let span = spans[safe: child.id] ?? nil else { continue }
            low = min(low, span.lowerBound)
            high = max(high, span.upperBound)
        }
        // A call or macro located at its name ends at the `)` after it; an index, list or
        // map located at its bracket ends at the partner bracket.
        if case .identifier = tokens[at].kind, at + 1 < tokens.count, tokens[at + 1].kind == .leftParen,
           let close = partner[at + 1] {
            high = max(high, close)
        } else if tokens[at].kind == .leftBracket || tokens[at].kind == .leftBrace, let close = partner[at] {
            high = max(high, close)
        }
        return balanced(low...high, partner: partner)
    }

    /// `span` widened until every bracket in it has its partner in it.
    private func balanced(_ span: ClosedRange<Int>, partner: [Int?]) -> ClosedRange<Int> {
        var low = span.lowerBound
        var high = span.upperBound
        var changed = true
        while changed {
            changed = false
            for i in low...high {
                guard let other = partner[i] else { continue }
                if other < low { low = other; changed = true }
                if other > high { high = other; changed = true }
            }
        }
        return low...high
    }

    /// For each bracket token, the index of its partner.
    private static func partners(_ tokens: [Token]) -> [Int?] {
        var partner = [Int?](repeating: nil, count: tokens.count)
        var open: [Int] = []
        for (i, token) in tokens.enumerated() {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace:
                open.append(i)
            case .rightParen, .rightBracket, .rightBrace:
                if let j = open.popLast() {
                    partner[i] = j
                    partner[j] = i
                }
            default:
                break
            }
        }
        return partner
    }
}

extension Array {
    /// The element at `index`, or `nil` outside the array.
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
