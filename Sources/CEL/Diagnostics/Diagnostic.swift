/// How serious a diagnostic is.
public enum Severity: String, Sendable, Codable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .note: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A problem found in an expression, located by UTF-8 offsets into its ``Source``.
///
/// Messages follow one style: lowercase start, no final period, user names in backticks,
/// "did you mean `x`?" for near misses; longer explanations go in ``help``. Each phase
/// builds its diagnostics from its own catalogue (for example ``ParseMessage``), so the
/// ``code`` is stable and throw sites never format text.
public struct Diagnostic: Error, Sendable, Hashable {
    /// A stable identifier such as `parse.unexpected-token` or `check.undeclared-reference`.
    public var code: String
    /// Error or warning.
    public var severity: Severity
    /// One line, in the house style.
    public var message: String
    /// An optional hint shown under the excerpt.
    public var help: String?
    /// The UTF-8 offsets of the offending text in the expression source.
    public var range: Range<Int>

    public init(code: String, severity: Severity = .error, message: String, help: String? = nil, range: Range<Int>) {
        self.code = code
        self.severity = severity
        self.message = message
        self.help = help
        self.range = range
    }
}

/// Diagnostics of one expression, thrown when a phase cannot go on.
public struct DiagnosticList: Error, Sendable {
    /// The source they refer to.
    public var source: Source
    /// At least one, sorted by position.
    public var diagnostics: [Diagnostic]

    public init(source: Source, diagnostics: [Diagnostic]) {
        self.source = source
        self.diagnostics = diagnostics.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}
