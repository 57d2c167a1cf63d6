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
        let excerpt = Excerpt(line: text, column: column)
        let width = max(1, min(endColumn - column, excerpt.remainingWidth))
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let severity = paint(diagnostic.severity.rawValue, diagnostic.severity == .error ? "31;1" : "33;1")
        var out = "\(source.name):\(line):\(column): \(severity): \(paint(diagnostic.message, "1"))\n"
        out += " \(gutter) | \(excerpt.text)\n"
        out += " \(pad) | \(excerpt.leading)\(paint("^" + String(repeating: "~", count: width - 1), "32;1"))\n"
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

/// The part of a source line shown above the caret: the whole line, or for a line longer
/// than ``maxWidth`` scalars a window around the caret with `…` where text is cut, so that
/// a diagnostic on a huge one-line expression stays a few lines long.
private struct Excerpt {
    /// The longest line shown in full, in Unicode scalars.
    static let maxWidth = 120

    /// The text to print.
    let text: String
    /// What goes before the caret: a space per scalar, tabs kept so the caret lines up.
    let leading: String
    /// The number of scalars shown from the caret's column to the end of the excerpt.
    let remainingWidth: Int

    init(line: String, column: Int) {
        let scalars = Array(line.unicodeScalars)
        let caret = min(column - 1, scalars.count)
        var start = 0
        var end = scalars.count
        if scalars.count > Self.maxWidth {
            start = max(0, min(caret - Self.maxWidth / 4, scalars.count - Self.maxWidth))
            end = start + Self.maxWidth
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        let cutBefore = start > 0 ? "…" : ""
        text = cutBefore + String(view) + (end < scalars.count ? "…" : "")
        leading = (start > 0 ? " " : "") + String(scalars[start..<caret].map { $0 == "\t" ? "\t" : " " })
        remainingWidth = max(1, end - caret)
    }
}
