import CEL
import Foundation
@preconcurrency import Yams

/// Strict, typed reading of YAML nodes, reporting every problem at its place.
///
/// Scalars are interpreted here, never by YAML's tag resolution: `yes` is the string
/// `yes`, a boolean is `true` or `false`, numbers keep their exact text.
struct NodeReader {
    let file: YAMLFile
    var diagnostics = DiagnosticBag()
    /// Nesting limit for free-form values (params, inline snapshots).
    static let maxDepth = 64

    init(file: YAMLFile) {
        self.file = file
    }

    mutating func report(_ message: PolicyMessage, at node: Node) {
        diagnostics.add(PolicyDiagnostic(file: file.source, diagnostic: message.diagnostic(file.range(of: node))))
    }

    mutating func report(_ message: PolicyMessage, range: Range<Int>, firstAt first: Range<Int>? = nil) {
        let related = first.map { [RelatedPlace(file: file.source, range: $0, message: "first defined here")] } ?? []
        diagnostics.add(PolicyDiagnostic(file: file.source, diagnostic: message.diagnostic(range), related: related))
    }

    /// The first line of a node, for "first on line N" messages.
    func line(of node: Node) -> Int { node.mark?.line ?? 0 }

    /// A short description of a node's shape, for "expected …, found …".
    static func shape(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string.isEmpty && s.style == .plain ? "nothing" : "`\(s.string.prefix(40))`"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The entries of a mapping with the allowed `keys`; unknown and repeated keys are
    /// reported (with a suggestion) and skipped.
    mutating func mapping(_ node: Node, in context: String, keys: [String]) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(.expected(what: "a mapping for \(context)", found: Self.shape(node)), at: node)
            return nil
        }
        var fields = Fields(node: node)
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                report(.expected(what: "a plain key", found: Self.shape(keyNode)), at: keyNode)
                continue
            }
            let key = keyScalar.string
            if let first = fields.keyNodes[key] {
                report(.duplicateKey(key: key, firstLine: line(of: first)), range: file.range(of: keyNode), firstAt: file.range(of: first))
                continue
            }
            guard keys.contains(key) else {
                report(.unknownKey(key: key, in: context, suggestion: Suggestion.closest(to: key, in: keys)), at: keyNode)
                continue
            }
            fields.keyNodes[key] = keyNode
            fields.values[key] = value
            fields.order.append(key)
        }
        return fields
    }

    /// The entries of a mapping whose keys are names chosen by the author (params, facts).
    mutating func namedEntries(_ node: Node, in context: String) -> [(name: String, key: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            report(.expected(what: "a mapping for \(context)", found: Self.shape(node)), at: node)
            return []
        }
        var seen: [String: Node] = [:]
        var result: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                report(.expected(what: "a plain key", found: Self.shape(keyNode)), at: keyNode)
                continue
            }
            if let first = seen[keyScalar.string] {
                report(.duplicateKey(key: keyScalar.string, firstLine: line(of: first)), range: file.range(of: keyNode),
                       firstAt: file.range(of: first))
                continue
            }
            seen[keyScalar.string] = keyNode
            result.append((keyScalar.string, keyNode, value))
        }
        return result
    }

    /// The items of a list.
    mutating func sequence(_ node: Node, in context: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(.expected(what: "a list for \(context)", found: Self.shape(node)), at: node)
            return nil
        }
        return Array(sequence)
    }

    /// A scalar's text (any style).
    mutating func string(_ node: Node, in context: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(.expected(what: "text for \(context)", found: Self.shape(node)), at: node)
            return nil
        }
        return scalar.string
    }

    /// A list of strings, or one string standing for a list of one.
    mutating func strings(_ node: Node, in context: String) -> [Located<String>] {
        if case .scalar = node, let s = string(node, in: context) { return [Located(s, file.range(of: node))] }
        return (sequence(node, in: context) ?? []).compactMap { item in
            string(item, in: context).map { Located($0, file.range(of: item)) }
        }
    }

    /// `true` or `false`, nothing else.
    mutating func bool(_ node: Node, in context: String) -> Bool? {
        guard let text = string(node, in: context) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            report(.invalidValue(what: "boolean", value: text, expected: "`true` or `false`"), at: node)
            return nil
        }
    }

    /// An id: lower-case letters, digits, `-` and `_`, starting with a letter.
    mutating func identifier(_ node: Node, in context: String) -> Located<String>? {
        guard let text = string(node, in: context) else { return nil }
        guard Self.isIdentifier(text) else {
            report(.invalidID(id: text), at: node)
            return nil
        }
        return Located(text, file.range(of: node))
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    /// A calendar date `YYYY-MM-DD`.
    mutating func date(_ node: Node, in context: String) -> CivilDate? {
        guard let text = string(node, in: context) else { return nil }
        do { return try CivilDate(parsing: text) } catch {
            if let date = DateText.problem(text) {
                report(.invalidDate(text: text, problem: date.problem, hint: date.hint), at: node)
            } else {
                report(.invalidValue(what: "date", value: text, expected: "`YYYY-MM-DD`"), at: node)
            }
            return nil
        }
    }

    /// A CEL expression's text and site.
    mutating func expression(_ node: Node, in context: String) -> ExpressionSite? {
        guard let text = string(node, in: context) else { return nil }
        if text.trimmingWhitespace.isEmpty {
            report(.expected(what: "an expression for \(context)", found: "nothing"), at: node)
            return nil
        }
        return ExpressionSite(node: node, text: text, in: file)
    }
}

/// The accepted entries of a mapping, by key.
struct Fields {
    let node: Node
    var keyNodes: [String: Node] = [:]
    var values: [String: Node] = [:]
    /// Keys in document order.
    var order: [String] = []

    subscript(key: String) -> Node? { values[key] }
}

/// A value with the file range it was read from.
public struct Located<T: Sendable>: Sendable {
    public var value: T
    public var range: Range<Int>

    public init(_ value: T, _ range: Range<Int>) {
        self.value = value
        self.range = range
    }
}
