import CEL
import Foundation
@preconcurrency import Yams

/// A policy test file (`*.test.yaml`, docs/testing.md): the policy it tests and its cases,
/// read with the same strict YAML rules as policies.
public struct PolicyTestFile: Sendable {
    /// The file's text and root.
    public let file: YAMLFile
    /// The id of the policy under test.
    public let policy: Located<String>
    /// The cases, in file order.
    public let cases: [PolicyTestCase]

    /// The file's path as given.
    public var path: String { file.source.name }

    /// Reads the test file at `path`; nil when it cannot be used at all. Every problem,
    /// including those of single cases (which are then left out), goes to `diagnostics`.
    public static func read(path: String, diagnostics: inout DiagnosticBag) -> PolicyTestFile? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.add(PolicyDiagnostic(file: Source("", name: path), diagnostic: PolicyMessage.unreadableFile(path: path).diagnostic(0..<0)))
            return nil
        }
        return read(path: path, bytes: Array(data), diagnostics: &diagnostics)
    }

    /// Reads `bytes` as the test file `path`.
    public static func read(path: String, bytes: [UInt8], diagnostics: inout DiagnosticBag) -> PolicyTestFile? {
        let file = YAMLFile(path: path, bytes: bytes, diagnostics: &diagnostics)
        guard file.root != nil else { return nil }
        var reader = TestFileReader(file: file)
        let result = reader.read()
        diagnostics.add(contentsOf: reader.reader.diagnostics)
        return result
    }
}

/// One case: a snapshot, an instant, and what the decision must (and must not) contain.
public struct PolicyTestCase: Sendable {
    public let name: String
    /// Where the case starts in the test file (its first line).
    public let range: Range<Int>
    /// The evaluation instant; nil to use the snapshot's `as_of`.
    public let asOf: Timestamp?
    public let snapshot: Snapshot
    public let expect: TestExpectation

    /// Where a case's snapshot comes from.
    public enum Snapshot: Sendable {
        /// Written in the test file, converted to the values JSON would give. `nodes` maps
        /// each JSON path (`bills[0].due_date`) to its place, for error messages.
        case inline(Value, range: Range<Int>, nodes: [String: Range<Int>])
        /// A JSON file: `path` resolved against the test file's directory, `range` of the
        /// `snapshot_file` value.
        case file(path: String, range: Range<Int>)
    }
}

/// What a case expects. `nil` (or an empty list for the `no_…` keys) means "not checked".
public struct TestExpectation: Sendable {
    /// The expected tier (`nil` inside: the decision has no tier).
    public var tier: Located<String?>?
    /// Facts that must have these values (others are not checked).
    public var facts: [ExpectedFact] = []
    /// Entries that must each match a different action (subset unless ``exact``).
    public var actions: [Located<Value>]?
    /// Action names that must not be among the actions.
    public var noActions: [Located<String>] = []
    public var blocked: [Located<Value>]?
    public var violations: [Located<Value>]?
    /// Violation codes that must not be reported.
    public var noViolations: [Located<String>] = []
    /// The expected `next_review_at` as written, an RFC 3339 time (`nil` inside: none).
    public var nextReviewAt: Located<String?>?
    /// The expected number of errors.
    public var errors: Located<Int>?
    /// Whether `actions`, `blocked` and `violations` (those given) list every entry.
    public var exact = false

    public init() {}
}

/// One expected fact value, converted as JSON would give it.
public struct ExpectedFact: Sendable {
    public let name: String
    public let value: Value
    /// The place of the fact's name.
    public let range: Range<Int>
}

/// The keys of a test file, and the fields an expected entry may list.
public enum TestFileKeys {
    public static let topLevel = ["policy", "tests"]
    public static let testCase = ["name", "as_of", "snapshot", "snapshot_file", "expect"]
    public static let expect = ["tier", "facts", "actions", "no_actions", "blocked", "violations", "no_violations",
                                "next_review_at", "errors", "exact"]
    /// The fields of the contract's decision entries (contract §2).
    public static let action = ["action", "rule", "cite", "channels", "not_before", "due_by", "reason", "data", "shifted"]
    public static let blocked = ["action", "rule", "by", "reason", "cite", "until"]
    public static let violation = ["code", "rule", "cite", "detail"]
    /// Entry fields that hold RFC 3339 times (compared as instants).
    static let timeFields: Set<String> = ["not_before", "due_by"]
}

/// Reads a test file's document.
struct TestFileReader {
    var reader: NodeReader

    init(file: YAMLFile) {
        reader = NodeReader(file: file)
    }

    mutating func read() -> PolicyTestFile? {
        guard let root = reader.file.root, let top = reader.mapping(root, in: "a test file", keys: TestFileKeys.topLevel) else {
            return nil
        }
        guard let policyNode = top["policy"] else {
            reader.report(.missingKey(key: "policy", in: "a test file"), at: root)
            return nil
        }
        guard let policy = reader.identifier(policyNode, in: "`policy`") else { return nil }
        guard let testsNode = top["tests"] else {
            reader.report(.missingKey(key: "tests", in: "a test file"), at: root)
            return nil
        }
        var cases: [PolicyTestCase] = []
        var firstLines: [String: Int] = [:]
        for item in reader.sequence(testsNode, in: "`tests`") ?? [] {
            // Names are checked for repeats even in cases that turn out invalid.
            if case .mapping(let mapping) = item,
               let nameNode = mapping.first(where: { $0.key.scalar?.string == "name" })?.value,
               case .scalar(let name) = nameNode, !name.string.isEmpty {
                if let first = firstLines[name.string] {
                    reader.report(.duplicateID(kind: "test", id: name.string, firstLine: first), at: nameNode)
                    continue
                }
                firstLines[name.string] = reader.line(of: item)
            }
            if let testCase = readCase(item) { cases.append(testCase) }
        }
        if cases.isEmpty, case .sequence(let items) = testsNode, items.isEmpty {
            reader.diagnostics.add(PolicyDiagnostic(file: reader.file.source, diagnostic: TestFileMessage.noCases.diagnostic(reader.file.range(of: testsNode))))
        }
        return PolicyTestFile(file: reader.file, policy: policy, cases: cases)
    }

    private mutating func readCase(_ node: Node) -> PolicyTestCase? {
        guard let fields = reader.mapping(node, in: "a test", keys: TestFileKeys.testCase) else { return nil }
        let range = reader.file.range(of: node)
        guard let nameNode = fields["name"] else {
            reader.report(.missingKey(key: "name", in: "a test"), at: node)
            return nil
        }
        guard let name = reader.string(nameNode, in: "`name`"), !name.isEmpty else {
            if case .scalar = nameNode { reader.report(.expected(what: "a name for the test", found: "nothing"), at: nameNode) }
            return nil
        }
        var valid = true
        var asOf: Timestamp?
        if let asOfNode = fields["as_of"] {
            asOf = time(asOfNode, in: "`as_of`")
            if asOf == nil { valid = false }
        }
        let snapshot: PolicyTestCase.Snapshot?
        switch (fields["snapshot"], fields["snapshot_file"]) {
        case (let inline?, nil):
            snapshot = inlineSnapshot(inline)
        case (nil, let fileNode?):
            snapshot = reader.string(fileNode, in: "`snapshot_file`").map { .file(path: resolve($0), range: reader.file.range(of: fileNode)) }
        case (_?, let fileNode?):
            reader.report(.conflictingKeys("snapshot", "snapshot_file"), at: fields.keyNodes["snapshot_file"] ?? fileNode)
            snapshot = nil
        case (nil, nil):
            reader.report(.missingKey(key: "snapshot", in: "test `\(name)`"), help: "give `snapshot:` (inline) or `snapshot_file:` (a JSON file)", at: node)
            snapshot = nil
        }
        guard let expectNode = fields["expect"] else {
            reader.report(.missingKey(key: "expect", in: "test `\(name)`"), at: node)
            return nil
        }
        let expect = readExpect(expectNode)
        guard valid, let snapshot, let expect else { return nil }
        return PolicyTestCase(name: name, range: range, asOf: asOf, snapshot: snapshot, expect: expect)
    }

    /// A snapshot path relative to the test file's directory.
    private func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let directory = PolicyLibrary.parent(of: reader.file.source.name)
        return directory.isEmpty ? path : (directory as NSString).appendingPathComponent(path)
    }

    private mutating func inlineSnapshot(_ node: Node) -> PolicyTestCase.Snapshot? {
        guard case .mapping = node else {
            reader.report(.expected(what: "a mapping for `snapshot`", found: NodeReader.shape(node)), at: node)
            return nil
        }
        var nodes: [String: Range<Int>] = [:]
        guard let value = reader.jsonValue(node, path: "", nodes: &nodes) else { return nil }
        return .inline(value, range: reader.file.range(of: node), nodes: nodes)
    }

    private mutating func readExpect(_ node: Node) -> TestExpectation? {
        guard let fields = reader.mapping(node, in: "`expect`", keys: TestFileKeys.expect) else { return nil }
        let before = reader.diagnostics.counts.errors
        var expect = TestExpectation()
        if let tierNode = fields["tier"] {
            if NodeReader.isNull(tierNode) {
                expect.tier = Located(nil, reader.file.range(of: tierNode))
            } else if let tier = reader.string(tierNode, in: "`tier`") {
                expect.tier = Located(tier, reader.file.range(of: tierNode))
            }
        }
        if let factsNode = fields["facts"] {
            for (name, key, value) in reader.namedEntries(factsNode, in: "`facts`") {
                var nodes: [String: Range<Int>]?
                guard let v = reader.jsonValue(value, path: name, nodes: &nodes) else { continue }
                expect.facts.append(ExpectedFact(name: name, value: v, range: reader.file.range(of: key)))
            }
        }
        expect.actions = fields["actions"].map { entries($0, what: "action", keys: TestFileKeys.action) }
        expect.blocked = fields["blocked"].map { entries($0, what: "blocked action", keys: TestFileKeys.blocked) }
        expect.violations = fields["violations"].map { entries($0, what: "violation", keys: TestFileKeys.violation) }
        expect.noActions = fields["no_actions"].map { reader.strings($0, in: "`no_actions`") } ?? []
        expect.noViolations = fields["no_violations"].map { reader.strings($0, in: "`no_violations`") } ?? []
        if let reviewNode = fields["next_review_at"] {
            if NodeReader.isNull(reviewNode) {
                expect.nextReviewAt = Located(nil, reader.file.range(of: reviewNode))
            } else if time(reviewNode, in: "`next_review_at`") != nil, let text = reader.string(reviewNode, in: "`next_review_at`") {
                expect.nextReviewAt = Located(text, reader.file.range(of: reviewNode))
            }
        }
        if let errorsNode = fields["errors"], let text = reader.string(errorsNode, in: "`errors`") {
            if let n = Int(text), n >= 0, case .scalar(let s) = errorsNode, s.style == .plain {
                expect.errors = Located(n, reader.file.range(of: errorsNode))
            } else {
                reader.report(.invalidValue(what: "`errors`", value: text, expected: "a number of errors such as `0`"), at: errorsNode)
            }
        }
        if let exactNode = fields["exact"] { expect.exact = reader.bool(exactNode, in: "`exact`") ?? false }
        return reader.diagnostics.counts.errors > before ? nil : expect
    }

    /// The entries of `actions`, `blocked` or `violations`: mappings of the entry's fields.
    private mutating func entries(_ node: Node, what: String, keys: [String]) -> [Located<Value>] {
        var result: [Located<Value>] = []
        for item in reader.sequence(node, in: "expected \(what)s") ?? [] {
            guard let fields = reader.mapping(item, in: "an expected \(what)", keys: keys) else { continue }
            var map = MapValue()
            for key in fields.order {
                guard let valueNode = fields[key] else { continue }
                if TestFileKeys.timeFields.contains(key) {
                    guard time(valueNode, in: "`\(key)`") != nil else { continue }
                }
                var nodes: [String: Range<Int>]?
                guard let value = reader.jsonValue(valueNode, path: key, nodes: &nodes) else { continue }
                map.set(key, value)
            }
            result.append(Located(.map(map), reader.file.range(of: item)))
        }
        return result
    }

    /// An RFC 3339 time with an offset.
    private mutating func time(_ node: Node, in context: String) -> Timestamp? {
        guard let text = reader.string(node, in: context) else { return nil }
        do { return try Timestamp(parsingRFC3339: text) } catch {
            reader.report(.invalidValue(what: "time", value: text, expected: "an RFC 3339 time with offset such as `2026-12-05T09:00:00+08:00`"), at: node)
            return nil
        }
    }
}

extension NodeReader {
    /// Reports `message` with a help line of its own.
    mutating func report(_ message: PolicyMessage, help: String, at node: Node) {
        var diagnostic = message.diagnostic(file.range(of: node))
        diagnostic.help = help
        diagnostics.add(PolicyDiagnostic(file: file.source, diagnostic: diagnostic))
    }

    /// Whether a node is YAML's null: `null`, `~`, or nothing, unquoted.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain else { return false }
        return s.string == "null" || s.string == "~" || s.string.isEmpty
    }

    /// A YAML value as the JSON value it stands for, so that an inline snapshot decodes
    /// exactly like the same snapshot written as JSON. A plain scalar that is a JSON number
    /// is read by ``JSONReader`` (an int, or an exact decimal); `true`/`false` are booleans;
    /// `null`, `~` and nothing are null; every other scalar, and every quoted or block
    /// scalar, is a string (dates and times included: JSON has no dates). With `nodes`, the
    /// place of every value is recorded under its JSON path (`bills[0].due_date`).
    mutating func jsonValue(_ node: Node, path: String, nodes: inout [String: Range<Int>]?, depth: Int = 0) -> Value? {
        guard depth < Self.maxDepth else {
            report(.tooDeep(limit: Self.maxDepth), at: node)
            return nil
        }
        nodes?[path] = file.range(of: node)
        switch node {
        case .scalar(let scalar):
            return Self.jsonScalar(scalar.string, plain: scalar.style == .plain)
        case .sequence(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard let v = jsonValue(item, path: "\(path)[\(i)]", nodes: &nodes, depth: depth + 1) else { return nil }
                values.append(v)
            }
            return .list(values)
        case .mapping:
            var map = MapValue()
            for (name, _, value) in namedEntries(node, in: "a mapping") {
                let childPath = path.isEmpty ? name : path + "." + name
                guard let v = jsonValue(value, path: childPath, nodes: &nodes, depth: depth + 1) else { return nil }
                map.set(name, v)
            }
            return .map(map)
        case .alias:
            report(.anchorNotAllowed, at: node)
            return nil
        }
    }

    /// Non-optional overload for callers that record places.
    mutating func jsonValue(_ node: Node, path: String, nodes: inout [String: Range<Int>]) -> Value? {
        var optional: [String: Range<Int>]? = nodes
        defer { nodes = optional ?? [:] }
        return jsonValue(node, path: path, nodes: &optional)
    }

    /// The JSON value of a scalar's text (see ``jsonValue(_:path:nodes:depth:)``).
    static func jsonScalar(_ text: String, plain: Bool) -> Value {
        guard plain else { return .string(text) }
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null", "~", "": return .null
        default: break
        }
        if isJSONNumber(text), let number = try? JSONReader().read(text) { return number }
        return .string(text)
    }

    /// Whether `text` is a number by JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            let n = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "0") {
            bytes = bytes.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
