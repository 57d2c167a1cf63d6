/// Finds a tab in the indentation of the line where libyaml reports a syntax error.
///
/// YAML indents with spaces only; libyaml reports a tab there in several ways ("found a
/// tab character that violates indentation", "found character that cannot start any
/// token", …), none of which says "tab" plainly in every case. A tab after the indentation
/// (`key:<tab>value`) is allowed and is not looked at.
enum TabIndentation {
    /// The 1-based column of the first tab in the indentation of line `line` (1-based) of
    /// `text`, or nil when its indentation has none.
    static func find(in text: String, line: Int) -> Int? {
        guard line >= 1, let content = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(line - 1).first
        else { return nil }
        let indentation = content.unicodeScalars.prefix { $0 == " " || $0 == "\t" }
        return indentation.firstIndex(of: "\t").map { indentation.distance(from: indentation.startIndex, to: $0) + 1 }
    }
}
