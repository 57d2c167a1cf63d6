import CEL

/// The known values of one snapshot field (`vocabularies:` in a policy). A value outside
/// them, or of another type, is not guessed at: the decision warns and keeps the account on
/// the protective side (docs/language.md, "vocabularies").
public struct VocabularyDecl: Sendable {
    public let path: Located<VocabularyPath>
    public let file: Source
    /// A list of strings computed from `params` alone, so that bureaus override it by params.
    public let values: ExpressionSite?
    /// A map from other spellings to known values (`{'water': 'water_supply'}`), from `params`.
    public let aliases: ExpressionSite?
    /// The JSON type the field must have (`bool` for flags such as `bills[].disputed`).
    public let type: ValueType?
    /// Whether every action name (the contract's and this policy's) is a known value too.
    public let includesActions: Bool
    public let cite: String?

    /// The types a vocabulary can require.
    public enum ValueType: String, Sendable {
        case string
        case bool
    }
}

/// A path to a snapshot field, through objects and lists: `customer.category`,
/// `customer.protections[].kind`, `notices[].channel`.
public struct VocabularyPath: Sendable, Hashable, CustomStringConvertible {
    /// The path as written.
    public let text: String
    public let steps: [Step]

    /// One step of a path: a field of an object, or every element of a list.
    public enum Step: Sendable, Hashable {
        case field(String)
        case each
    }

    /// Parses `a.b`, `a[].b`; nil for anything else.
    public init?(_ text: String) {
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            let isList = name.hasSuffix("[]")
            if isList { name = name.dropLast(2) }
            guard let first = name.first, first.isLetter || first == "_",
                  name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            steps.append(.field(String(name)))
            if isList { steps.append(.each) }
        }
        guard !steps.isEmpty, steps.last != .each else { return nil }
        self.text = text
        self.steps = steps
    }

    public var description: String { text }
}

extension VocabularyPath {
    /// The fields of `root` and the records nested in it that checking this path reads.
    public func recordUse(in root: ObjectSchema) -> RecordUse {
        var use = RecordUse()
        var object: ObjectSchema? = root
        var kind: FieldKind?
        for step in steps {
            switch step {
            case .field(let name):
                guard let current = object else { return use }
                use.select(name, of: current.name)
                kind = current.fields.first { $0.name == name }?.kind
            case .each:
                if case .list(let element)? = kind { kind = element }
            }
            if case .object(let nested)? = kind { object = nested } else { object = nil }
        }
        return use
    }
}
