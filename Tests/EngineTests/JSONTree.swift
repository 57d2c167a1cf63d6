import CEL

/// A JSON document as the decoder tests edit it: scalars and keys as their JSON text, objects
/// with their members in order.
enum JSONTree {
    /// A member of an object, its key as JSON text (quotes included).
    struct Member {
        var key: String
        var value: JSONTree
    }

    /// A string, number or literal, as JSON text.
    case scalar(String)
    case object([Member])
    case array([JSONTree])

    /// The tree of a value read by `JSONReader` (numbers read as decimals are written back as
    /// numbers, so they read the same).
    init(_ value: Value) {
        switch value {
        case .map(let map):
            self = .object(zip(map.keys, map.values).map { Member(key: JSONTree.text(of: $0), value: JSONTree($1)) })
        case .list(let items):
            self = .array(items.map(JSONTree.init))
        case .decimal(let d):
            self = .scalar(d.description)
        default:
            self = .scalar(JSONTree.text(of: value))
        }
    }

    /// The JSON text of a scalar value.
    static func text(of value: Value) -> String {
        var writer = JSONWriter()
        writer.value(value)
        return writer.text
    }

    /// The JSON text with `space` between all tokens (and around the document).
    func text(space: String = "") -> String {
        space + body(space) + space
    }

    private func body(_ space: String) -> String {
        switch self {
        case .scalar(let text):
            return text
        case .object(let members):
            let inner = members.map { $0.key + space + ":" + space + $0.value.body(space) }
            return "{" + space + inner.joined(separator: space + "," + space) + space + "}"
        case .array(let items):
            return "[" + space + items.map { $0.body(space) }.joined(separator: space + "," + space) + space + "]"
        }
    }

    /// The path of every node, the root (`[]`) first: member or element positions from the root.
    var paths: [[Int]] {
        switch self {
        case .scalar:
            return [[]]
        case .object(let members):
            return [[]] + members.enumerated().flatMap { i, member in member.value.paths.map { [i] + $0 } }
        case .array(let items):
            return [[]] + items.enumerated().flatMap { i, item in item.paths.map { [i] + $0 } }
        }
    }

    /// The tree with the node at `path` replaced by what `change` makes of it.
    func editing(_ path: [Int], _ change: (JSONTree) -> JSONTree) -> JSONTree {
        guard let first = path.first else { return change(self) }
        let rest = Array(path.dropFirst())
        switch self {
        case .scalar:
            return self
        case .object(var members):
            members[first].value = members[first].value.editing(rest, change)
            return .object(members)
        case .array(var items):
            items[first] = items[first].editing(rest, change)
            return .array(items)
        }
    }

    /// The node at `path`.
    func node(at path: [Int]) -> JSONTree {
        guard let first = path.first else { return self }
        switch self {
        case .scalar: return self
        case .object(let members): return members[first].value.node(at: Array(path.dropFirst()))
        case .array(let items): return items[first].node(at: Array(path.dropFirst()))
        }
    }

    /// The UTF-8 text, compact.
    var bytes: [UInt8] { Array(text().utf8) }
}
