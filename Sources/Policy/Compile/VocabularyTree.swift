/// A policy's vocabularies with their paths merged into one tree of snapshot fields, so that
/// checking a snapshot reads each field once however many vocabularies go through it
/// (`notices[].kind` and `notices[].channel` share one pass over the notices).
///
/// The tree is kept flat: nodes are plain values that refer to their vocabularies and
/// children by index, and node `n` reads `fields[n]`.
public struct VocabularyTree: Sendable {
    /// Every node; a node's children are a range of it.
    public let nodes: [Node]
    /// The top-level fields any vocabulary reads: a range of ``nodes``.
    public let roots: Range<Int>
    /// The field each node reads, parallel to ``nodes``.
    public let fields: [SchemaField]
    /// The vocabularies, in the order of the nodes they end at.
    public let vocabularies: [CompiledVocabulary]

    /// Whether there is nothing to check.
    public var isEmpty: Bool { roots.isEmpty }

    /// A field read from the object its parent examines (the snapshot, for a root).
    public struct Node: Sendable {
        /// Whether the field holds a list and what this node examines is each element.
        public let isList: Bool
        /// The vocabularies whose path ends here, which check the value (each element): a
        /// range of ``VocabularyTree/vocabularies``.
        public let vocabularies: Range<Int>
        /// The fields read from the value (from each element) when it is an object: a range
        /// of ``VocabularyTree/nodes``.
        public let children: Range<Int>
    }

    public init(_ vocabularies: [CompiledVocabulary]) {
        var builder = Builder()
        roots = builder.add(vocabularies.map { ($0, Self.fields(of: $0.path)[...]) }, in: SnapshotSchema.snapshot)
        nodes = builder.nodes
        fields = builder.fields
        self.vocabularies = builder.vocabularies
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

    private typealias Remaining = (vocabulary: CompiledVocabulary, fields: ArraySlice<(name: String, isList: Bool)>)

    /// Lays the nodes out level by level, so that siblings are adjacent.
    private struct Builder {
        var nodes: [Node] = []
        var fields: [SchemaField] = []
        var vocabularies: [CompiledVocabulary] = []

        /// Adds the nodes for the remaining fields of each vocabulary's path, over objects of
        /// `schema`, in the order the vocabularies first name them; returns their range.
        mutating func add(_ remaining: [Remaining], in schema: ObjectSchema?) -> Range<Int> {
            var order: [String] = []
            var groups: [String: [Remaining]] = [:]
            for entry in remaining {
                guard let first = entry.fields.first else { continue }
                let key = first.name + (first.isList ? "[]" : "")
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(entry)
            }
            // Siblings first, each with a placeholder for its children, filled in after.
            let start = nodes.count
            var pending: [(node: Int, deeper: [Remaining], schema: ObjectSchema?)] = []
            for key in order {
                guard let group = groups[key], let first = group.first?.fields.first else { continue }
                let ending = group.filter { $0.fields.count == 1 }.map(\.vocabulary)
                let vocabularyStart = vocabularies.count
                vocabularies += ending
                fields.append(SchemaField(first.name, of: schema))
                nodes.append(Node(isList: first.isList, vocabularies: vocabularyStart..<vocabularies.count, children: 0..<0))
                let deeper = group.filter { $0.fields.count > 1 }.map { ($0.vocabulary, $0.fields.dropFirst()) }
                pending.append((nodes.count - 1, deeper, SchemaField.objects(of: first.name, in: schema)))
            }
            let siblings = start..<nodes.count
            for (index, deeper, inner) in pending where !deeper.isEmpty {
                let children = add(deeper, in: inner)
                let node = nodes[index]
                nodes[index] = Node(isList: node.isList, vocabularies: node.vocabularies, children: children)
            }
            return siblings
        }
    }
}
