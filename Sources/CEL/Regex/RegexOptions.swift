/// Limits applied when compiling an `RE2Regex`, so that a hostile pattern is
/// refused quickly instead of exhausting memory.
public struct RE2Options: Sendable {
    /// The largest compiled program accepted, in instructions.
    public var maxProgramSize = 10_000
    /// The largest count accepted in a `{n,m}` repetition.
    public var maxRepeat = 1_000

    /// Creates options with the given limits (defaults match RE2's).
    public init(maxProgramSize: Int = 10_000, maxRepeat: Int = 1_000) {
        self.maxProgramSize = maxProgramSize
        self.maxRepeat = maxRepeat
    }
}
