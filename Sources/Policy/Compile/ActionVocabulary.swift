import CEL

/// The contract's action names and violation codes (spec §2, with the extensions in
/// CHANGELOG.md), for warnings about near misses and for the vocabularies that include
/// every action.
///
/// Their one home is the policy schema (`schemas/policy.schema.json`): the `examples` of
/// `$defs/actionName` and of `$defs/violation/properties/code`, read from the resource at
/// first use. The other schemas repeat these lists, so that each schema stands alone for
/// an integrator who takes it from the binary; `ActionVocabularyTests` checks that every
/// such list in every schema is exactly the home's.
public struct ActionVocabulary: Sendable, Equatable {
    /// The action names, in the schema's order.
    public let actions: [String]
    /// The violation codes, in the schema's order.
    public let violations: [String]

    /// Where in the policy schema each list is (object members, then the list).
    public static let actionsPath = ["$defs", "actionName", "examples"]
    /// Where in the policy schema the violation codes are.
    public static let violationsPath = ["$defs", "violation", "properties", "code", "examples"]

    /// The vocabulary of the policy schema this binary ships, or why it cannot be read (the
    /// compiler then reports the policy invalid: nothing is evaluated without it).
    public static let shipped: Result<ActionVocabulary, PolicyResourceError> = Result {
        () throws(PolicyResourceError) -> ActionVocabulary in
        try ActionVocabulary(policySchema: JSONSchema.policy.bytes, path: JSONSchema.policy.fileName)
    }

    /// No names: what a compilation that could not read the shipped vocabulary (and reported
    /// so) goes on with.
    static let empty = ActionVocabulary(actions: [], violations: [])

    private init(actions: [String], violations: [String]) {
        self.actions = actions
        self.violations = violations
    }

    /// Reads both lists from the text of a policy schema (`path` names it in errors).
    public init(policySchema bytes: [UInt8], path: String) throws(PolicyResourceError) {
        let schema: Value
        do { schema = try JSONReader().read(bytes) } catch {
            throw .malformed(path: path, problem: "not JSON (\(error))")
        }
        actions = try Self.names(in: schema, at: Self.actionsPath, path: path)
        violations = try Self.names(in: schema, at: Self.violationsPath, path: path)
    }

    /// A known name that `name` is probably a misspelling of, if any.
    static func nearMiss(_ name: String, in names: [String]) -> String? {
        names.contains(name) ? nil : Suggestion.closest(to: name, in: names)
    }

    private static func names(in schema: Value, at members: [String], path: String) throws(PolicyResourceError) -> [String] {
        var current = schema
        for member in members {
            guard case .map(let map) = current, let next = map[member] else {
                throw .malformed(path: path, problem: "no `\(members.joined(separator: "/"))`")
            }
            current = next
        }
        guard case .list(let items) = current, !items.isEmpty else {
            throw .malformed(path: path, problem: "`\(members.joined(separator: "/"))` is not a list of names")
        }
        var names: [String] = []
        for case .string(let name) in items { names.append(name) }
        guard names.count == items.count else {
            throw .malformed(path: path, problem: "`\(members.joined(separator: "/"))` holds something other than a name")
        }
        return names
    }
}
