// An RE2-syntax regular-expression engine for CEL's `matches`, written by hand:
// no Swift package available here provides an RE2-style (non-backtracking) engine,
// and Foundation's NSRegularExpression and Swift's `Regex` backtrack, so patterns such
// as `(a+)+$` can take exponential time on them. This engine parses the pattern
// (`RegexParser`), compiles it to a Thompson NFA (`RegexCompiler`) and simulates it
// with a Pike VM (`RegexMachine`): matching time is linear in input length × program
// size, and the program size is capped, so no pattern/input pair can hang.

/// A compiled regular expression in RE2 syntax, matched over Unicode scalars
/// in time linear in the input (no backtracking).
public struct RE2Regex: Sendable {
    /// The source pattern.
    public let pattern: String
    private let program: RegexProgram

    /// Compiles `pattern`; throws on invalid or non-RE2 syntax, or when the pattern is
    /// too large or too complex for the limits in `options`.
    public init(_ pattern: String, options: RE2Options = .init()) throws(RegexSyntaxError) {
        let node = try RegexParser.parse(pattern, maxRepeat: options.maxRepeat)
        self.pattern = pattern
        self.program = try RegexCompiler.compile(node, maxProgramSize: options.maxProgramSize)
    }

    /// Whether the pattern matches anywhere in `input` (unanchored search, like
    /// `RE2::PartialMatch` and CEL's `matches`).
    public func matches(_ input: String) -> Bool {
        search(input, stopAtAnyMatch: true) != nil
    }

    /// The leftmost match in `input`, choosing among matches that start there the one
    /// a backtracking engine would prefer (leftmost-first, honouring lazy quantifiers).
    public func firstMatch(in input: String) -> Range<String.Index>? {
        guard let bytes = search(input, stopAtAnyMatch: false) else { return nil }
        let utf8 = input.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
        let upper = utf8.index(lower, offsetBy: bytes.count)
        return lower..<upper
    }

    /// Runs the machine over the UTF-8 bytes of `input` and returns a byte range.
    private func search(_ input: String, stopAtAnyMatch: Bool) -> Range<Int>? {
        let machine = RegexMachine(program: program)
        if let result = input.utf8.withContiguousStorageIfAvailable({
            machine.search($0, stopAtAnyMatch: stopAtAnyMatch)
        }) {
            return result
        }
        return Array(input.utf8).withUnsafeBufferPointer { machine.search($0, stopAtAnyMatch: stopAtAnyMatch) }
    }
}
