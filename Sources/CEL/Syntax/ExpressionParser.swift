/// The recursive-descent parser behind ``Parser``: it reads tokens, builds nodes with
/// dense ids and recorded offsets, and tracks nesting and tree depth against the limits.
struct ExpressionParser {
    /// Thrown internally when parsing cannot go on; the reasons are in ``diagnostics``.
    struct Abort: Error {}

    /// An argument of a call with the source span it was parsed from.
    struct Argument {
        var expr: Expr
        var range: Range<Int>
    }

    private let tokens: [Token]
    private let utf8: [UInt8]
    private let options: ParserOptions
    private let maxDiagnostics: Int
    private var index = 0
    /// The end offset of the last token consumed.
    private var previousEnd = 0
    /// The current nesting, compared with ``ParserOptions/maxRecursionDepth``.
    private var nesting = 0
    /// The height of the tree under each id, compared with ``ParserOptions/maxASTDepth``.
    private var heights: [Int] = [0]
    /// Problems found so far.
    private(set) var diagnostics: [Diagnostic] = []
    /// The offsets of the nodes built so far.
    private(set) var sourceInfo: SourceInfo
    /// The id the next node gets.
    private(set) var nextID: ExprID = 1

    /// Creates a parser over `tokens`, which must end with ``TokenKind/endOfInput``.
    init(tokens: [Token], source: Source, options: ParserOptions, maxDiagnostics: Int) {
        self.tokens = tokens
        utf8 = Array(source.text.utf8)
        self.options = options
        self.maxDiagnostics = maxDiagnostics
        sourceInfo = SourceInfo(source: source)
    }

    /// Parses the whole token stream as one expression.
    mutating func parseAll() throws(Abort) -> Expr {
        let root = try expression()
        guard current.kind == .endOfInput else { throw unexpected(expected: .endOfExpression) }
        return root
    }

    // MARK: - Grammar

    /// `Expr = ConditionalOr ["?" ConditionalOr ":" Expr]`.
    private mutating func expression() throws(Abort) -> Expr {
        try enter()
        defer { nesting -= 1 }
        let condition = try logicalOr()
        guard current.kind == .question else { return condition }
        let question = advance()
        let then = try logicalOr()
        try expect(.colon, ":")
        let otherwise = try expression()
        return try node(.call(function: Operator.conditional, args: [condition, then, otherwise]), at: question)
    }

    /// `ConditionalOr = ConditionalAnd {"||" ConditionalAnd}`, as a balanced tree.
    private mutating func logicalOr() throws(Abort) -> Expr {
        var operands = [try logicalAnd()]
        var operators: [Token] = []
        while current.kind == .pipePipe {
            operators.append(advance())
            operands.append(try logicalAnd())
        }
        return try balanced(Operator.logicalOr, operands[...], operators[...])
    }

    /// `ConditionalAnd = Relation {"&&" Relation}`, as a balanced tree.
    private mutating func logicalAnd() throws(Abort) -> Expr {
        var operands = [try binary()]
        var operators: [Token] = []
        while current.kind == .ampAmp {
            operators.append(advance())
            operands.append(try binary())
        }
        return try balanced(Operator.logicalAnd, operands[...], operators[...])
    }

    /// Joins `operands` (one more than `operators`) with `function` into a tree of
    /// logarithmic depth, keeping their order.
    private mutating func balanced(_ function: String, _ operands: ArraySlice<Expr>,
                                   _ operators: ArraySlice<Token>) throws(Abort) -> Expr {
        if operands.count == 1 { return operands[operands.startIndex] }
        let split = operands.count / 2
        let middle = operands.startIndex + split
        let operatorIndex = operators.startIndex + split - 1
        let left = try balanced(function, operands[..<middle], operators[..<operatorIndex])
        let right = try balanced(function, operands[middle...], operators[(operatorIndex + 1)...])
        return try node(.call(function: function, args: [left, right]), at: operators[operatorIndex])
    }

    /// Relations (precedence 1), additions (2) and multiplications (3), all
    /// left-associative, by operator precedence with explicit stacks (no recursion).
    private mutating func binary() throws(Abort) -> Expr {
        var operands = [try unary()]
        var operators: [(token: Token, function: String, precedence: Int)] = []
        while let (function, precedence) = binaryOperator(current.kind) {
            while let last = operators.last, last.precedence >= precedence {
                try reduce(&operands, &operators)
            }
            operators.append((advance(), function, precedence))
            operands.append(try unary())
        }
        while !operators.isEmpty { try reduce(&operands, &operators) }
        return operands[0]
    }

    /// Replaces the last two operands with the last operator applied to them.
    private mutating func reduce(_ operands: inout [Expr],
                                 _ operators: inout [(token: Token, function: String, precedence: Int)]) throws(Abort) {
        let op = operators.removeLast()
        let right = operands.removeLast()
        let left = operands.removeLast()
        operands.append(try node(.call(function: op.function, args: [left, right]), at: op.token))
    }

    /// The function and precedence of a binary operator token.
    private func binaryOperator(_ kind: TokenKind) -> (String, Int)? {
        switch kind {
        case .less: return (Operator.less, 1)
        case .lessEqual: return (Operator.lessEquals, 1)
        case .greater: return (Operator.greater, 1)
        case .greaterEqual: return (Operator.greaterEquals, 1)
        case .equalEqual: return (Operator.equals, 1)
        case .bangEqual: return (Operator.notEquals, 1)
        case .inKeyword: return (Operator.in, 1)
        case .plus: return (Operator.add, 2)
        case .minus: return (Operator.subtract, 2)
        case .star: return (Operator.multiply, 3)
        case .slash: return (Operator.divide, 3)
        case .percent: return (Operator.modulo, 3)
        default: return nil
        }
    }

    /// `Unary = Member | "!" {"!"} Member | "-" {"-"} Member`; a `-` directly before a
    /// numeric literal without member suffix folds into the literal.
    private mutating func unary() throws(Abort) -> Expr {
        current.kind == .bang || current.kind == .minus ? try prefixed() : try member()
    }

    /// A member expression after one or more `!` and `-`.
    private mutating func prefixed() throws(Abort) -> Expr {
        var operators: [Token] = []
        while current.kind == .bang || current.kind == .minus {
            if nesting + operators.count >= options.maxRecursionDepth {
                throw fail(.tooDeeplyNested(limit: options.maxRecursionDepth), current.range)
            }
            operators.append(advance())
        }
        nesting += operators.count
        defer { nesting -= operators.count }
        var operand: Expr
        if let minus = operators.last, minus.kind == .minus, let literal = try negativeLiteral(minus: minus) {
            operators.removeLast()
            operand = literal
        } else {
            operand = try member()
        }
        for op in operators.reversed() {
            let function = op.kind == .bang ? Operator.logicalNot : Operator.negate
            operand = try node(.call(function: function, args: [operand]), at: op)
        }
        return operand
    }

    /// The negated numeric literal at the current token, when nothing binds tighter to it.
    private mutating func negativeLiteral(minus: Token) throws(Abort) -> Expr? {
        let next = tokens[min(index + 1, tokens.count - 1)].kind
        guard next != .dot, next != .leftBracket else { return nil }
        let range = minus.range.lowerBound..<current.range.upperBound
        let literal: Literal
        switch current.kind {
        case .int(let magnitude):
            if let magnitude, magnitude <= UInt64(Int64.max) {
                literal = .int(-Int64(magnitude))
            } else if magnitude == UInt64(Int64.max) + 1 {
                literal = .int(.min)
            } else {
                try report(.intOverflow(text(range), unsigned: false), range)
                literal = .int(0)
            }
        case .uint(let magnitude):
            try report(.negativeUnsigned(text(range)), range)
            literal = .uint(magnitude ?? 0)
        case .double(let value):
            literal = .double(-value)
        default:
            return nil
        }
        advance()
        return try node(.literal(literal), at: minus)
    }

    /// `Member = Primary {"." IDENT ["(" [ExprList] ")"] | "[" Expr "]"}`.
    private mutating func member() throws(Abort) -> Expr {
        var expr = try primary()
        while true {
            switch current.kind {
            case .dot: expr = try selection(of: expr)
            case .leftBracket: expr = try index(of: expr)
            case .leftBrace:
                guard let (name, root) = qualifiedName(expr) else { return expr }
                expr = try structLiteral(name: name, start: sourceInfo.offset(of: root))
            default: return expr
            }
        }
    }

    /// `.field`, `` .`quoted field` `` or `.method(args)` after `target`.
    private mutating func selection(of target: Expr) throws(Abort) -> Expr {
        let dot = advance()
        if case .quotedIdentifier(let name) = current.kind {
            advance()
            return try node(.select(target, field: name), at: dot)
        }
        guard case .identifier(let name) = current.kind else { throw unexpected(expected: .fieldName) }
        let nameToken = advance()
        guard current.kind == .leftParen else { return try node(.select(target, field: name), at: dot) }
        advance()
        let args = try arguments(closing: .rightParen, ")", allowTrailingComma: false)
        return try memberCall(name, nameToken: nameToken, target: target, args: args)
    }

    /// `[index]` after `target`.
    private mutating func index(of target: Expr) throws(Abort) -> Expr {
        let open = advance()
        let position = try expression()
        try expect(.rightBracket, "]")
        return try node(.call(function: Operator.index, args: [target, position]), at: open)
    }

    /// `Primary = ["."] IDENT ["(" [ExprList] ")"] | "(" Expr ")" | "[" [ExprList] "]"
    /// | "{" [MapInits] "}" | LITERAL`.
    private mutating func primary() throws(Abort) -> Expr {
        switch current.kind {
        case .identifier, .dot:
            return try nameOrCall()
        case .leftParen:
            advance()
            let inner = try expression()
            try expect(.rightParen, ")")
            return inner
        case .leftBracket:
            let open = advance()
            let elements = try arguments(closing: .rightBracket, "]", allowTrailingComma: true)
            return try node(.list(elements.map(\.expr)), at: open)
        case .leftBrace:
            return try mapLiteral(open: advance())
        default:
            return try literal()
        }
    }

    /// `["."] IDENT ["(" [ExprList] ")"]`: a name, or a global call or macro.
    private mutating func nameOrCall() throws(Abort) -> Expr {
        let start = current
        let leadingDot = start.kind == .dot
        if leadingDot { advance() }
        guard case .identifier(let name) = current.kind else { throw unexpected(expected: .fieldName) }
        let nameToken = advance()
        if Self.reservedWords.contains(name) { try report(.reservedIdentifier(name), nameToken.range) }
        let qualified = leadingDot ? "." + name : name
        guard current.kind == .leftParen else { return try node(.ident(qualified), at: start) }
        advance()
        let args = try arguments(closing: .rightParen, ")", allowTrailingComma: false)
        return try globalCall(qualified, nameToken: start, args: args)
    }

    /// `LITERAL`: a number, string, bytes, `true`, `false` or `null`.
    private mutating func literal() throws(Abort) -> Expr {
        let start = current
        let value: Literal
        switch start.kind {
        case .int(let magnitude):
            if let magnitude, magnitude <= UInt64(Int64.max) {
                value = .int(Int64(magnitude))
            } else {
                try report(.intOverflow(text(start.range), unsigned: false), start.range)
                value = .int(0)
            }
        case .uint(let magnitude):
            if magnitude == nil { try report(.intOverflow(text(start.range), unsigned: true), start.range) }
            value = .uint(magnitude ?? 0)
        case .double(let double): value = .double(double)
        case .string(let string): value = .string(string)
        case .bytes(let bytes): value = .bytes(bytes)
        case .trueKeyword: value = .bool(true)
        case .falseKeyword: value = .bool(false)
        case .nullKeyword: value = .null
        default: throw unexpected(expected: .expression)
        }
        advance()
        return try node(.literal(value), at: start)
    }

    /// `{k: v, …}` after its opening brace; a trailing comma is allowed.
    private mutating func mapLiteral(open: Token) throws(Abort) -> Expr {
        var entries: [MapEntry] = []
        while current.kind != .rightBrace {
            let key = try expression()
            let colon = try expect(.colon, ":")
            let value = try expression()
            let id = allocateID(at: colon.range.lowerBound, height: 1 + max(heights[key.id], heights[value.id]))
            entries.append(MapEntry(id: id, key: key, value: value))
            guard current.kind == .comma else { break }
            advance()
        }
        try expect(.rightBrace, "}", alternatives: entries.isEmpty ? [] : [","])
        return try node(.map(entries), at: open)
    }

    /// A comma-separated list of expressions up to and including `closing`.
    private mutating func arguments(closing: TokenKind, _ closingText: String,
                                    allowTrailingComma: Bool) throws(Abort) -> [Argument] {
        var args: [Argument] = []
        while current.kind != closing {
            let start = current.range.lowerBound
            let expr = try expression()
            args.append(Argument(expr: expr, range: start..<previousEnd))
            guard current.kind == .comma else { break }
            advance()
            if !allowTrailingComma, current.kind == closing { throw unexpected(expected: .expression) }
        }
        try expect(closing, closingText, alternatives: args.isEmpty ? [] : [","])
        return args
    }

    /// Reports a message literal `Name{…}` and skips it.
    private mutating func structLiteral(name: String, start: Int) throws(Abort) -> Expr {
        let open = current
        try report(.unsupportedStructLiteral(name), start..<open.range.upperBound)
        var depth = 0
        repeat {
            if current.kind == .leftBrace { depth += 1 }
            if current.kind == .rightBrace { depth -= 1 }
            advance()
        } while depth > 0 && current.kind != .endOfInput
        return try node(.literal(.null), at: open)
    }

    /// The dotted name an identifier or chain of selections spells, with the id of its
    /// first identifier, or `nil`.
    private func qualifiedName(_ expr: Expr) -> (String, ExprID)? {
        switch expr.kind {
        case .ident(let name): return (name, expr.id)
        case .select(let operand, let field): return qualifiedName(operand).map { ($0.0 + "." + field, $0.1) }
        default: return nil
        }
    }

    /// Words CEL reserves for embedding; they may still be field and method names.
    static let reservedWords: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    // MARK: - Nodes

    /// Builds a node located at `token`, checking the tree depth.
    mutating func node(_ kind: Expr.Kind, at token: Token, reusing id: ExprID? = nil) throws(Abort) -> Expr {
        try node(kind, offset: token.range.lowerBound, reusing: id)
    }

    /// Builds a node located at `offset`, with a fresh id or the discarded node `id`.
    mutating func node(_ kind: Expr.Kind, offset: Int, reusing id: ExprID? = nil) throws(Abort) -> Expr {
        let height = 1 + children(of: kind).reduce(0) { max($0, heights[$1.id]) }
        if height > options.maxASTDepth {
            throw fail(.treeTooDeep(limit: options.maxASTDepth), offset..<min(offset + 1, utf8.count))
        }
        if let id {
            heights[id] = height
            sourceInfo.record(id, offset: offset)
            return Expr(id: id, kind: kind)
        }
        return Expr(id: allocateID(at: offset, height: height), kind: kind)
    }

    /// A fresh id whose node is at `offset` with a subtree of `height`.
    private mutating func allocateID(at offset: Int, height: Int) -> ExprID {
        let id = nextID
        nextID += 1
        heights.append(height)
        sourceInfo.record(id, offset: offset)
        return id
    }

    /// The direct subexpressions of a node.
    private func children(of kind: Expr.Kind) -> [Expr] {
        switch kind {
        case .literal, .ident: return []
        case .select(let operand, _), .presenceTest(let operand, _): return [operand]
        case .call(_, let args): return args
        case .memberCall(_, let target, let args): return [target] + args
        case .list(let elements): return elements
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .comprehension(let comprehension):
            return [comprehension.range, comprehension.body] + (comprehension.filter.map { [$0] } ?? [])
        }
    }

    // MARK: - Tokens and diagnostics

    /// The token being looked at.
    private var current: Token { tokens[index] }

    /// Consumes the current token and returns it; the end of input is never passed.
    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        previousEnd = token.range.upperBound
        return token
    }

    /// Consumes a token of `kind` or fails naming `text` (and `alternatives`) as expected.
    @discardableResult
    private mutating func expect(_ kind: TokenKind, _ text: String, alternatives: [String] = []) throws(Abort) -> Token {
        guard current.kind == kind else { throw unexpected(expected: .tokens(alternatives + [text])) }
        return advance()
    }

    /// Enters one level of nesting, failing beyond ``ParserOptions/maxRecursionDepth``.
    private mutating func enter() throws(Abort) {
        nesting += 1
        if nesting > options.maxRecursionDepth {
            throw fail(.tooDeeplyNested(limit: options.maxRecursionDepth), current.range)
        }
    }

    /// The source text of `range`.
    private func text(_ range: Range<Int>) -> String {
        String(decoding: utf8[range], as: UTF8.self)
    }

    /// Records a problem and goes on, unless too many were found.
    mutating func report(_ message: ParseMessage, _ range: Range<Int>) throws(Abort) {
        diagnostics.append(message.diagnostic(at: range))
        if diagnostics.count >= maxDiagnostics { throw Abort() }
    }

    /// Records a problem after which parsing stops.
    private mutating func fail(_ message: ParseMessage, _ range: Range<Int>) -> Abort {
        if diagnostics.count < maxDiagnostics { diagnostics.append(message.diagnostic(at: range)) }
        return Abort()
    }

    /// The failure for an unexpected current token.
    private mutating func unexpected(expected: ParseExpectation) -> Abort {
        let token = current
        var found: String?
        if token.kind != .endOfInput {
            let full = text(token.range)
            let firstLine = full.prefix { $0 != "\n" && $0 != "\r" }
            found = firstLine.count > 32 || firstLine.count < full.count ? firstLine.prefix(32) + "…" : full
        }
        return fail(.unexpectedToken(found: found, expected: expected), token.range)
    }
}
