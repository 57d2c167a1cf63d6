/// A policy's vocabularies with their paths merged into one tree of snapshot fields, so that
/// checking a snapshot reads each field once however many vocabularies go through it
/// (`notices[].kind` and `notices[].channel` share one pass over the notices).
public struct VocabularyTree: Sendable {
    /// The top-level fields any vocabulary reads.
    public let roots: [Node]
    /// Whether there is nothing to check.
    public var isEmpty: Bool { roots.isEmpty }

    /// A field read from the object its parent examines (the snapshot, for a root).
    public final class Node: Sendable {
        /// The field, by its position in the decoded objects when the schema declares it.
        public let field: SchemaField
        /// Whether the field holds a list and what this node examines is each element.
        public let isList: Bool
        /// The vocabularies whose path ends here: they check the value (each element).
        public let vocabularies: [CompiledVocabulary]
        /// The fields read from the value (from each element), when it is an object.
        public let children: [Node]

        init(field: SchemaField, isList: Bool, vocabularies: [CompiledVocabulary], children: [Node]) {
            self.field = field
            self.isList = isList
            self.vocabularies = vocabularies
            self.children = children
        }
    }

    public init(_ vocabularies: [CompiledVocabulary]) {
        roots = Self.nodes(vocabularies.map { ($0, Self.fields(of: $0.path)[...]) }, in: SnapshotSchema.snapshot)
    }

    /// A path as its fields, each with whether it is followed by `[]`.
    private static func fields(of path: VocabularyPath) -> [(name: String, isList: Bool)] {
        var fields: [(name: String, isList: Bool)] = []
        for step in path.steps {
            switch step {
            case .field(let name): fields.append((name, false))
            case .each: fields[fields.count - 1].isList = true
            }
        }
        return fields
    }

    /// The nodes for the remaining fields of each vocabulary's path, over objects of `schema`,
    /// in the order the vocabularies first name them.
    private static func nodes(_ remaining: [(CompiledVocabulary, ArraySlice<(name: String, isList: Bool)>)],
                              in schema: ObjectSchema?) -> [Node] {
        var order: [String] = []
        var groups: [String: [(CompiledVocabulary, ArraySlice<(name: String, isList: Bool)>)]] = [:]
        for (vocabulary, fields) in remaining {
            guard let first = fields.first else { continue }
            let key = first.name + (first.isList ? "[]" : "")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append((vocabulary, fields))
        }
        return order.compactMap { key in
            guard let group = groups[key], let first = group.first?.1.first else { return nil }
            let ending = group.filter { $0.1.count == 1 }.map(\.0)
            let deeper = group.filter { $0.1.count > 1 }.map { ($0.0, $0.1.dropFirst()) }
            return Node(field: SchemaField(first.name, of: schema), isList: first.isList, vocabularies: ending,
                        children: nodes(deeper, in: SchemaField.objects(of: first.name, in: schema)))
        }
    }
}
