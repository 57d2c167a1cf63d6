import CEL

/// A vocabulary ready to check snapshots against: the path, the known values and aliases
/// computed from `params` once at load, and the type required. A class: every snapshot's
/// check refers to it many times and copies nothing.
public final class CompiledVocabulary: Sendable {
    public let path: VocabularyPath
    /// The known values; nil when the vocabulary only requires a type.
    private let known: KnownStrings?
    /// Other spellings, read as the known value they map to.
    public let aliases: [String: String]
    public let type: VocabularyDecl.ValueType
    public let cite: String?

    public init(path: VocabularyPath, known: Set<String>?, aliases: [String: String], type: VocabularyDecl.ValueType, cite: String?) {
        self.path = path
        self.known = known.map(KnownStrings.init)
        self.aliases = aliases
        self.type = type
        self.cite = cite
    }

    /// Whether `value` found at this path is taken as it is: absent, or of the type and,
    /// for strings, a known value. (Asked of every value of every snapshot, so it builds
    /// nothing; ``problem(with:)`` says why a value is not.)
    public func accepts(_ value: Value) -> Bool {
        switch (type, value) {
        case (_, .null), (.bool, .bool): return true
        case (.string, .string(let text)): return known?.contains(text) ?? true
        default: return false
        }
    }

    /// What is wrong with `value` found at this path, or nil when it is accepted.
    public func problem(with value: Value) -> Problem? {
        guard !accepts(value) else { return nil }
        guard case .string(let text) = value, type == .string, let known else { return .illTyped }
        if let target = aliases[text] { return .alias(of: target) }
        return .unknown(suggestion: Suggestion.closest(to: text, in: known.sorted))
    }

    /// Why a value does not belong.
    public enum Problem: Sendable, Equatable {
        /// A string outside the known values, with the closest known one.
        case unknown(suggestion: String?)
        /// Another spelling of a known value: read as that value, not a problem.
        case alias(of: String)
        /// A value of another JSON type than the vocabulary's.
        case illTyped
    }
}
