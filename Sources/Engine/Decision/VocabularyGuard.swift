import CEL
import Policy

/// Checks one snapshot against the policy's vocabularies (docs/language.md,
/// "vocabularies"): an alias is read as the value it stands for; an unknown or ill-typed
/// value is listed, so that the decision warns and keeps the account on the protective side.
///
/// On the hot path of `eval`: fields are read by their position in the decoded objects'
/// shapes, and a finding's path is written only when there is a finding.
struct VocabularyGuard {
    let vocabularies: VocabularyTree

    /// The action an unknown value blocks: suspension, the one that cannot be taken back.
    static let protectedAction = "suspend_supply"
    /// What is required instead: a person decides (the contract's `escalate`).
    static let substitute = "escalate"

    /// A value that does not belong, where it was found.
    struct Finding {
        /// The JSON path, with list positions (`customer.protections[0].kind`).
        var path: String
        var value: Value
        var problem: CompiledVocabulary.Problem
        var vocabulary: CompiledVocabulary
    }

    /// The findings in `snapshot`, and the snapshot with aliases replaced (nil when none was).
    func check(_ snapshot: MapValue) -> (findings: [Finding], rewritten: MapValue?) {
        // Nearly every snapshot holds only known values: that is asked first, without
        // tracking where the walk is or what it would replace.
        if allAccepted(vocabularies.roots, in: snapshot) { return ([], nil) }
        var findings: [Finding] = []
        var positions: [Int] = []
        let rewritten = visit(vocabularies.roots, of: snapshot, &positions, &findings)
        return (findings, rewritten)
    }

    /// Whether every value `nodes` read from `map` is accepted as it is (no alias, nothing
    /// unknown or ill-typed).
    private func allAccepted(_ nodes: Range<Int>, in map: MapValue) -> Bool {
        for n in nodes {
            let node = vocabularies.nodes[n]
            guard let value = vocabularies.fields[n].read(map) else { continue }
            if node.isList {
                guard case .list(let items) = value else { continue }
                for item in items where !accepted(node, item) { return false }
            } else if !accepted(node, value) {
                return false
            }
        }
        return true
    }

    private func accepted(_ node: VocabularyTree.Node, _ value: Value) -> Bool {
        for v in node.vocabularies where !vocabularies.vocabularies[v].accepts(value) { return false }
        guard !node.children.isEmpty, case .map(let map) = value else { return true }
        return allAccepted(node.children, in: map)
    }

    /// Reads the fields of `nodes` from `map` and examines them (`positions` holds the list
    /// positions on the way); returns the map with aliases replaced, nil when unchanged.
    private func visit(_ nodes: Range<Int>, of map: MapValue, _ positions: inout [Int],
                       _ findings: inout [Finding]) -> MapValue? {
        var result: MapValue?
        for n in nodes {
            let node = vocabularies.nodes[n]
            let field = vocabularies.fields[n]
            guard let value = field.read(result ?? map) else { continue }
            let replaced: Value?
            if node.isList {
                guard case .list(let items) = value else { continue }
                replaced = visitElements(node, items, &positions, &findings).map(Value.list)
            } else {
                replaced = examine(node, value, &positions, &findings)
            }
            if let replaced { result = field.replacing(in: result ?? map, with: replaced) }
        }
        return result
    }

    /// Each element of a list `node` reads, examined; the list with aliases replaced, nil
    /// when unchanged.
    private func visitElements(_ node: VocabularyTree.Node, _ items: [Value], _ positions: inout [Int],
                               _ findings: inout [Finding]) -> [Value]? {
        var replaced: [Value]?
        positions.append(0)
        for i in items.indices {
            positions[positions.count - 1] = i
            guard let new = examine(node, items[i], &positions, &findings) else { continue }
            if replaced == nil { replaced = items }
            replaced?[i] = new
        }
        positions.removeLast()
        return replaced
    }

    /// `value` read at `node`: checked by the vocabularies ending there, then its own fields
    /// read; its replacement when an alias was, nil when unchanged.
    private func examine(_ node: VocabularyTree.Node, _ value: Value, _ positions: inout [Int],
                         _ findings: inout [Finding]) -> Value? {
        var replaced: Value?
        for v in node.vocabularies {
            let vocabulary = vocabularies.vocabularies[v]
            guard let problem = vocabulary.problem(with: replaced ?? value) else { continue }
            if case .alias(let target) = problem {
                replaced = .string(target)
            } else {
                findings.append(Finding(path: Self.path(vocabulary.path, positions), value: replaced ?? value,
                                        problem: problem, vocabulary: vocabulary))
            }
        }
        if !node.children.isEmpty, case .map(let map) = replaced ?? value,
           let new = visit(node.children, of: map, &positions, &findings) {
            replaced = .map(new)
        }
        return replaced
    }

    /// `customer.protections[0].kind` from `customer.protections[].kind` and the positions.
    static func path(_ path: VocabularyPath, _ positions: [Int]) -> String {
        var text = ""
        var next = positions.makeIterator()
        for step in path.steps {
            switch step {
            case .field(let name): text += (text.isEmpty ? "" : ".") + name
            case .each: text += "[\(next.next() ?? 0)]"
            }
        }
        return text
    }
}

extension VocabularyGuard.Finding {
    /// The decision's warning for this finding.
    var warning: WarningRecord {
        let shown: String
        if case .string(let s) = value { shown = s } else { shown = value.debugText }
        let what: String
        let code: String
        switch problem {
        case .unknown(let suggestion):
            code = WarningRecord.unknownValue
            what = "`\(shown)` is not a known value of `\(vocabulary.path)`" + (suggestion.map { " (did you mean `\($0)`?)" } ?? "")
        case .illTyped:
            code = WarningRecord.illTypedValue
            what = "`\(shown)` is not a \(vocabulary.type.rawValue), as `\(vocabulary.path)` must be"
        case .alias(let target):
            code = WarningRecord.unknownValue
            what = "`\(shown)` stands for `\(target)`"
        }
        return WarningRecord(code: code, message: what + "; the account is treated as protected: automatic suspension is blocked and a person decides",
                             path: path, value: shown)
    }
}
