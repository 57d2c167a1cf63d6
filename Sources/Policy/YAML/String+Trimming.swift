extension StringProtocol {
    /// The text without its leading and trailing whitespace (Unicode White_Space, line
    /// breaks included), as Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`.
    ///
    /// Written here because Foundation's trims by bridging to `NSString` and a character
    /// set: 6 % of `policyctl check`'s instructions went to trimming the policies'
    /// expressions that way (benchmarks/RESULTS.md, session 10).
    public var trimmingWhitespace: SubSequence {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        return self[first...last]
    }
}
