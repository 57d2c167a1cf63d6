/// A pattern that `RE2Regex` refuses: invalid RE2 syntax, an unsupported
/// non-RE2 construct (backreferences, lookaround), or a pattern too large to compile.
public struct RegexSyntaxError: Error, Sendable, Equatable {
    /// A lowercase description without a final period, e.g. "missing closing `)`".
    public var message: String
    /// The UTF-8 offset in the pattern where the problem was found.
    public var offset: Int

    /// Creates an error with `message` at the UTF-8 `offset` of the pattern.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
}
