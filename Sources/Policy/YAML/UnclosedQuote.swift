/// Finds a quoted YAML string that is not closed on the line where it opens.
///
/// YAML lets a quoted string run over several lines, so a forgotten closing quote is not an
/// error where it is made: the string swallows the following lines, and libyaml reports
/// whatever stops making sense later (a missing key several lines down, or the end of the
/// file). Policies almost never continue quoted strings on the next line, so when the YAML
/// is invalid, the last string opened before the error and still open at the end of its
/// line is the likely cause, and the diagnostic points to it.
enum UnclosedQuote {
    /// The line and column (1-based) of the opening quote of the last string left open at
    /// the end of its line, among the lines before `line`; nil when there is none.
    static func find(in text: String, before line: Int) -> (line: Int, column: Int)? {
        var suspect: (line: Int, column: Int)?
        var open: Unicode.Scalar?
        for (index, content) in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(max(line - 1, 0)).enumerated() {
            let scalars = Array(content.unicodeScalars)
            var position = 0
            if let quote = open {
                guard let end = closing(quote, in: scalars, from: 0) else { continue }
                open = nil
                position = end + 1
            }
            while position < scalars.count {
                let scalar = scalars[position]
                if scalar == "#", position == 0 || scalars[position - 1] == " " || scalars[position - 1] == "\t" { break }
                if scalar == "\"" || scalar == "'", startsValue(scalars, at: position) {
                    guard let end = closing(scalar, in: scalars, from: position + 1) else {
                        open = scalar
                        suspect = (index + 1, position + 1)
                        break
                    }
                    position = end + 1
                    continue
                }
                position += 1
            }
        }
        return suspect
    }

    /// Whether a quote at `position` opens a quoted string: it comes first on the line or
    /// after `:`, `-`, `?`, `[`, `{` or `,` (a quote inside a plain string is text).
    private static func startsValue(_ scalars: [Unicode.Scalar], at position: Int) -> Bool {
        var before = position - 1
        while before >= 0, scalars[before] == " " || scalars[before] == "\t" { before -= 1 }
        guard before >= 0 else { return true }
        return [":", "-", "?", "[", "{", ","].contains(scalars[before])
    }

    /// The position of the quote that closes a string opened with `quote`, searching from
    /// `start`: `\` escapes in double quotes, `''` is a quote in single quotes.
    private static func closing(_ quote: Unicode.Scalar, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var position = start
        while position < scalars.count {
            let scalar = scalars[position]
            if quote == "\"", scalar == "\\" {
                position += 2
                continue
            }
            if scalar == quote {
                if quote == "'", position + 1 < scalars.count, scalars[position + 1] == "'" {
                    position += 2
                    continue
                }
                return position
            }
            position += 1
        }
        return nil
    }
}
