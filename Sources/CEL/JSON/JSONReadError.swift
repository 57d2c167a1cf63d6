/// Why a JSON document was rejected, and exactly where.
///
/// Messages are lowercase with no final period and quote document text in backticks,
/// e.g. "expected `,` or `}` after an object member".
public struct JSONReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The human-readable description of the failure.
    public var message: String
    /// The 0-based byte offset of the failure in the input.
    public var offset: Int
    /// The 1-based line of the failure (lines end at `\n`).
    public var line: Int
    /// The 1-based column of the failure, counted in bytes.
    public var column: Int
    /// The JSON path of the value or member being read, like `bills[2].due_date`; the root is `""`.
    public var path: String

    /// Creates an error with an explicit position and path.
    public init(message: String, offset: Int, line: Int, column: Int, path: String) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
        self.path = path
    }

    /// `line:column: message`, with ` (at path)` when the path is not the root.
    public var description: String {
        let location = "\(line):\(column): \(message)"
        return path.isEmpty ? location : location + " (at \(path))"
    }
}
