/// Zero-width assertions of RE2 syntax.
enum RegexAssertion: Sendable, Equatable {
    /// `\A`, or `^` without the `m` flag.
    case beginText
    /// `\z`, or `$` without the `m` flag.
    case endText
    /// `^` with the `m` flag: start of text or after `\n`.
    case beginLine
    /// `$` with the `m` flag: end of text or before `\n`.
    case endLine
    /// `\b`: between an ASCII word character and a non-word character (or text edge).
    case wordBoundary
    /// `\B`: not at an ASCII word boundary.
    case notWordBoundary
}

/// The abstract syntax of a parsed pattern. Flags are already applied:
/// case-insensitive literals are sets of their case variants, `.` knows whether it
/// matches `\n`, anchors know whether they are line anchors, repetitions know their greed.
/// Groups carry no node of their own, since only whole-match positions are reported.
indirect enum RegexNode: Sendable, Equatable {
    /// Matches the empty string.
    case empty
    /// One Unicode scalar value.
    case literal(UInt32)
    /// One scalar from a set (character classes, `\d`, `\p{L}`, folded literals).
    case scalarSet(RegexScalarSet)
    /// Any scalar (`.` with the `s` flag).
    case anyScalar
    /// Any scalar except `\n` (`.` without the `s` flag).
    case anyScalarExceptNewline
    /// A zero-width assertion.
    case assertion(RegexAssertion)
    /// Each node in turn.
    case concatenation([RegexNode])
    /// The first alternative that leads to a match, in order of preference.
    case alternation([RegexNode])
    /// `min` to `max` (nil: unbounded) repetitions, preferring more when `greedy`.
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)

    /// Whether every match must start at the beginning of the text (`^…` without `m`, `\A…`).
    var isAnchoredAtStart: Bool {
        switch self {
        case .assertion(.beginText): true
        case .concatenation(let items): items.first?.isAnchoredAtStart ?? false
        case .alternation(let branches): branches.allSatisfy(\.isAnchoredAtStart)
        default: false
        }
    }
}
