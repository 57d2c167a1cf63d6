import CEL
import Policy

/// Checks one snapshot against the policy's vocabularies (docs/language.md,
/// "vocabularies"): an alias is read as the value it stands for; an unknown or ill-typed
/// value is listed, so that the decision warns and keeps the account on the protective side.
///
/// On the hot path of `eval`: fields are read by their position in the decoded objects'
/// shapes, and a finding's path is written only when there is a finding.
struct VocabularyGuard {
    let vocabularies: [CompiledVocabulary]

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
        var findings: [Finding] = []
        var rewritten: MapValue?
        var positions: [Int] = []
        for vocabulary in vocabularies {
            let current = rewritten ?? snapshot
            if let replaced = visit(.map(current), vocabulary.steps[...], &positions, vocabulary, &findings),
               case .map(let map) = replaced {
                rewritten = map
            }
        }
        return (findings, rewritten)
    }

    /// Walks `steps` from `value` (`positions` holds the list positions on the way); returns
    /// the value with aliases replaced, nil when unchanged. Absent, null or other shapes on
    /// the way are left to the snapshot schema.
    private func visit(_ value: Value, _ steps: ArraySlice<CompiledVocabulary.Step>, _ positions: inout [Int],
                       _ vocabulary: CompiledVocabulary, _ findings: inout [Finding]) -> Value? {
        guard let step = steps.first else {
            guard let problem = vocabulary.problem(with: value) else { return nil }
            if case .alias(let target) = problem { return .string(target) }
            findings.append(Finding(path: Self.path(vocabulary.path, positions), value: value, problem: problem, vocabulary: vocabulary))
            return nil
        }
        let rest = steps.dropFirst()
        switch step {
        case .field(let field):
            guard case .map(let map) = value, let inner = field.read(map) else { return nil }
            return visit(inner, rest, &positions, vocabulary, &findings).map { .map(map.replacingValue(forKey: field.name, with: $0)) }
        case .each:
            guard case .list(let items) = value else { return nil }
            var replaced: [Value]?
            positions.append(0)
            for (i, item) in items.enumerated() {
                positions[positions.count - 1] = i
                if let new = visit(item, rest, &positions, vocabulary, &findings) {
                    if replaced == nil { replaced = items }
                    replaced?[i] = new
                }
            }
            positions.removeLast()
            return replaced.map(Value.list)
        }
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
