/// Renders diagnostics for people: `name:line:column: severity: message`, the source line,
/// a caret under the offending text, and the help line.
///
/// ```
/// <expr>:1:1: error: undeclared reference to `acount`
///   1 | acount.arrears > 0
///     | ^~~~~~
///     = help: did you mean `account`?
/// ```
public struct DiagnosticRenderer: Sendable {
    /// Whether to colour the output with ANSI escapes (only on a terminal).
    public var colored: Bool

    public init(colored: Bool = false) {
        self.colored = colored
    }

    /// The rendering of `diagnostic` found in `source`.
    public func render(_ diagnostic: Diagnostic, in source: Source) -> String {
        let (line, column) = source.location(of: diagnostic.range.lowerBound)
        let text = source.line(line)
        let lineEnd = source.lineStarts[line - 1] + text.utf8.count
        let endOffset = max(diagnostic.range.lowerBound + 1, min(diagnostic.range.upperBound, lineEnd))
        let endColumn = source.location(of: endOffset).column
        let width = max(1, endColumn - column)
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let severity = paint(diagnostic.severity.rawValue, diagnostic.severity == .error ? "31;1" : "33;1")
        var out = "\(source.name):\(line):\(column): \(severity): \(paint(diagnostic.message, "1"))\n"
        out += " \(gutter) | \(text)\n"
        let leading = String(text.unicodeScalars.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
        out += " \(pad) | \(leading)\(paint("^" + String(repeating: "~", count: width - 1), "32;1"))\n"
        if let help = diagnostic.help {
            out += " \(pad) = help: \(help)\n"
        }
        return out
    }

    /// The rendering of every diagnostic of `list`, in order.
    public func render(_ list: DiagnosticList) -> String {
        list.diagnostics.map { render($0, in: list.source) }.joined()
    }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
