/// Parses CEL source text into a ``ParsedExpr``, expanding macros and enforcing the limits
/// of ``ParserOptions``.
///
/// ```swift
/// let parsed = try Parser().parse(Source("request.size < 10 && has(request.user)"))
/// ```
///
/// Every node gets a dense id from 1 and an offset in ``ParsedExpr/sourceInfo``: binary
/// and unary operators and the conditional are located at their operator, indexes at `[`,
/// selections at `.`, calls at the function name, lists at `[`, maps at `{`, map entries at
/// their `:`, literals and names at their first character (a folded `-` included),
/// presence tests at the `.` of their selection, comprehensions at the macro's name.
public struct Parser: Sendable {
    /// The limits applied.
    public var options: ParserOptions

    /// Creates a parser with the given limits.
    public init(options: ParserOptions = .init()) {
        self.options = options
    }

    /// Parses one expression.
    ///
    /// - Throws: the syntax errors found (at most 20), sorted by position.
    public func parse(_ source: Source) throws(DiagnosticList) -> ParsedExpr {
        let maxDiagnostics = 20
        try checkSize(of: source)
        var lexer = Lexer(source.text, maxDiagnostics: maxDiagnostics)
        let tokens = lexer.tokenize()
        guard lexer.diagnostics.isEmpty else {
            throw DiagnosticList(source: source, diagnostics: lexer.diagnostics)
        }
        var parser = ExpressionParser(tokens: tokens, source: source, options: options, maxDiagnostics: maxDiagnostics)
        let root: Expr
        do {
            root = try parser.parseAll()
        } catch {
            throw DiagnosticList(source: source, diagnostics: parser.diagnostics)
        }
        guard parser.diagnostics.isEmpty else {
            throw DiagnosticList(source: source, diagnostics: parser.diagnostics)
        }
        return ParsedExpr(root: root, sourceInfo: parser.sourceInfo, nextID: parser.nextID)
    }

    /// Rejects a source longer than ``ParserOptions/maxExpressionSize`` scalars, pointing at
    /// the text beyond the limit.
    private func checkSize(of source: Source) throws(DiagnosticList) {
        guard source.text.utf8.count > options.maxExpressionSize else { return }
        let scalars = source.text.unicodeScalars
        let size = scalars.count
        guard size > options.maxExpressionSize else { return }
        let limitIndex = scalars.index(scalars.startIndex, offsetBy: max(0, options.maxExpressionSize))
        let start = source.text.utf8.distance(from: source.text.utf8.startIndex, to: limitIndex)
        let message = ParseMessage.tooLarge(size: size, limit: options.maxExpressionSize)
        throw DiagnosticList(source: source, diagnostics: [message.diagnostic(at: start..<source.text.utf8.count)])
    }
}
