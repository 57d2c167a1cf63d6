import CEL

/// A vocabulary ready to check snapshots against: the path, the known values and aliases
/// computed from `params` once at load, and the type required.
public struct CompiledVocabulary: Sendable {
    public let path: VocabularyPath
    /// The known values; nil when the vocabulary only requires a type.
    public let known: Set<String>?
    /// Other spellings, read as the known value they map to.
    public let aliases: [String: String]
    public let type: VocabularyDecl.ValueType
    public let cite: String?
    /// The path's steps, with the fields resolved against the snapshot schema.
    public let steps: [Step]

    /// A step of the path, ready to read.
    public enum Step: Sendable {
        case field(SchemaField)
        case each
    }

    public init(path: VocabularyPath, known: Set<String>?, aliases: [String: String], type: VocabularyDecl.ValueType, cite: String?) {
        self.path = path
        self.known = known
        self.aliases = aliases
        self.type = type
        self.cite = cite
        var schema: ObjectSchema? = SnapshotSchema.snapshot
        steps = path.steps.map { step in
            switch step {
            case .each: return .each
            case .field(let name):
                let field = SchemaField(name, of: schema)
                schema = SchemaField.objects(of: name, in: schema)
                return .field(field)
            }
        }
    }

    /// What is wrong with `value` found at this path, or nil when it is known (or absent).
    public func problem(with value: Value) -> Problem? {
        switch (type, value) {
        case (_, .null): return nil
        case (.bool, .bool): return nil
        case (.string, .string(let text)):
            guard let known, !known.contains(text) else { return nil }
            if let target = aliases[text] { return .alias(of: target) }
            return .unknown(suggestion: Suggestion.closest(to: text, in: known.sorted()))
        default: return .illTyped
        }
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
