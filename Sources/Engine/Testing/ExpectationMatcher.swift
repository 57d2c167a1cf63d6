import CEL
import Policy

/// One way a decision differs from a case's expectation.
public struct TestMismatch: Sendable, Equatable {
    /// What was checked: `tier`, `facts.arrears`, `actions`, `no_actions`, `blocked`,
    /// `violations`, `no_violations`, `next_review_at`, `errors`.
    public var check: String
    /// The 1-based line of the expectation in the test file.
    public var line: Int
    /// One line saying what is wrong.
    public var message: String
    /// The expected value or entry, as JSON.
    public var expected: String?
    /// The actual value, or the closest actual entries, as JSON (each with what differs).
    public var actual: [String]

    public init(check: String, line: Int, message: String, expected: String? = nil, actual: [String] = []) {
        self.check = check
        self.line = line
        self.message = message
        self.expected = expected
        self.actual = actual
    }
}

/// Compares a decision, as its contract JSON renders it, with a ``TestExpectation``
/// (docs/testing.md, "Matching").
///
/// An expected value matches an actual one when: both are null (an absent field counts as
/// null); both are strings with the same text, or both RFC 3339 times of the same instant;
/// an expected number is written as the actual string's text (`312.40` matches `"312.40"`,
/// as the decision writes decimals) or equals the actual int; lists have the same length
/// and match element by element; every field an expected object lists matches (nested
/// objects too: listed fields only).
public enum ExpectationMatcher {
    /// The mismatches of `decision` (rendered in `zone`) against `expect`; `source` is the
    /// test file, for line numbers.
    public static func mismatches(_ expect: TestExpectation, decision: Decision, zone: TimeZoneSpec, source: Source) -> [TestMismatch] {
        var w = JSONWriter()
        DecisionJSON.write(decision, zone: zone, into: &w)
        guard case .map(let actual)? = try? JSONReader().read(w.bytes) else {
            return [TestMismatch(check: "decision", line: 0, message: "the decision could not be rendered as JSON")]
        }
        return mismatches(expect, actual: actual, source: source)
    }

    /// The mismatches of a decision's JSON object against `expect`.
    public static func mismatches(_ expect: TestExpectation, actual: MapValue, source: Source) -> [TestMismatch] {
        var out: [TestMismatch] = []
        func line(_ range: Range<Int>) -> Int { source.location(of: range.lowerBound).line }

        if let tier = expect.tier {
            let expected: Value = tier.value.map { .string($0) } ?? .null
            let got = actual["tier"] ?? .null
            if !matches(expected, got) {
                out.append(TestMismatch(check: "tier", line: line(tier.range), message: "expected \(JSONText.render(expected)), got \(JSONText.render(got))",
                                        expected: JSONText.render(expected), actual: [JSONText.render(got)]))
            }
        }

        if !expect.facts.isEmpty {
            let facts: MapValue
            if case .map(let m)? = actual["facts"] { facts = m } else { facts = MapValue() }
            for fact in expect.facts {
                guard let got = facts[fact.name] else {
                    let names = facts.keys.compactMap { if case .string(let s) = $0 { return "`\(s)`" } else { return nil } }
                    out.append(TestMismatch(check: "facts.\(fact.name)", line: line(fact.range),
                                            message: "the decision has no fact `\(fact.name)` (it has \(names.isEmpty ? "none" : names.joined(separator: ", ")))"))
                    continue
                }
                if !matches(fact.value, got) {
                    out.append(TestMismatch(check: "facts.\(fact.name)", line: line(fact.range),
                                            message: "expected \(JSONText.render(fact.value)), got \(JSONText.render(got))",
                                            expected: JSONText.render(fact.value), actual: [JSONText.render(got)]))
                }
            }
        }

        for kind in EntryKind.allCases {
            guard let expected = kind.expected(expect) else { continue }
            out += entries(kind, expected: expected, actual: list(actual[kind.key]), exact: expect.exact || expected.isEmpty, line: line)
        }

        for name in expect.noActions {
            for entry in list(actual["actions"]) where field(entry, "action") == name.value {
                out.append(TestMismatch(check: "no_actions", line: line(name.range),
                                        message: "action `\(name.value)` must be absent, but rule `\(field(entry, "rule") ?? "?")` emitted it",
                                        actual: [JSONText.render(project(entry, keys: EntryKind.actions.shown([])))]))
            }
        }
        for code in expect.noViolations {
            for entry in list(actual["violations"]) where field(entry, "code") == code.value {
                out.append(TestMismatch(check: "no_violations", line: line(code.range),
                                        message: "violation `\(code.value)` must be absent, but rule `\(field(entry, "rule") ?? "?")` reported it",
                                        actual: [JSONText.render(project(entry, keys: EntryKind.violations.shown([])))]))
            }
        }

        if let review = expect.nextReviewAt {
            let got = actual["next_review_at"] ?? .null
            let expected: Value = review.value.map { .string($0) } ?? .null
            if !matches(expected, got) {
                out.append(TestMismatch(check: "next_review_at", line: line(review.range), message: "expected \(JSONText.render(expected)), got \(JSONText.render(got))",
                                        expected: JSONText.render(expected), actual: [JSONText.render(got)]))
            }
        }

        if let errors = expect.errors {
            let got = list(actual["errors"])
            if got.count != errors.value {
                out.append(TestMismatch(check: "errors", line: line(errors.range),
                                        message: "expected \(errors.value) \(errors.value == 1 ? "error" : "errors"), got \(got.count)",
                                        actual: got.map { JSONText.render($0) }))
            }
        }
        return out
    }

    // MARK: Entries

    /// The three lists of entries, with the fields that identify an entry.
    enum EntryKind: CaseIterable {
        case actions, blocked, violations

        var key: String {
            switch self {
            case .actions: return "actions"
            case .blocked: return "blocked"
            case .violations: return "violations"
            }
        }

        var noun: String {
            switch self {
            case .actions: return "action"
            case .blocked: return "blocked action"
            case .violations: return "violation"
            }
        }

        /// The field that names an entry (weighs most when looking for the closest).
        var primary: String { self == .violations ? "code" : "action" }

        var identity: [String] {
            switch self {
            case .actions: return ["action", "rule"]
            case .blocked: return ["action", "rule", "by"]
            case .violations: return ["code", "rule"]
            }
        }

        /// The fields shown for an actual entry: its identity, then those the expectations list.
        func shown(_ listed: [String]) -> [String] {
            var keys = identity
            for key in listed where !keys.contains(key) { keys.append(key) }
            let text = self == .violations ? "detail" : "reason"
            if listed.isEmpty, !keys.contains(text) { keys.append(text) }
            return keys
        }

        func expected(_ e: TestExpectation) -> [Located<Value>]? {
            switch self {
            case .actions: return e.actions
            case .blocked: return e.blocked
            case .violations: return e.violations
            }
        }
    }

    /// Matches each expected entry to a different actual entry (a maximum bipartite
    /// matching, so the order of the expectations never matters); with `exact`, every actual
    /// entry must be matched too.
    static func entries(_ kind: EntryKind, expected: [Located<Value>], actual: [Value], exact: Bool,
                        line: (Range<Int>) -> Int) -> [TestMismatch] {
        let fits: [[Bool]] = expected.map { e in actual.map { matches(e.value, $0) } }
        var owner = [Int?](repeating: nil, count: actual.count)
        func augment(_ i: Int, _ seen: inout [Bool]) -> Bool {
            for j in actual.indices where fits[i][j] && !seen[j] {
                seen[j] = true
                let free: Bool
                if let current = owner[j] { free = augment(current, &seen) } else { free = true }
                if free {
                    owner[j] = i
                    return true
                }
            }
            return false
        }
        var matched = [Bool](repeating: false, count: expected.count)
        for i in expected.indices {
            var seen = [Bool](repeating: false, count: actual.count)
            matched[i] = augment(i, &seen)
        }

        var out: [TestMismatch] = []
        for (i, entry) in expected.enumerated() where !matched[i] {
            guard case .map(let want) = entry.value else { continue }
            let listed = want.keys.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            let keys = kind.shown(listed)
            let message: String
            var shown: [String] = []
            if fits[i].contains(true) {
                message = "the \(kind.noun)s this entry matches are already matched by other expected entries"
                shown = actual.indices.filter { fits[i][$0] }.map { JSONText.render(project(actual[$0], keys: keys)) }
            } else if actual.isEmpty {
                message = "no \(kind.noun) matches: the decision has none"
            } else {
                let scored = actual.map { (entry: $0, score: score(want, $0, primary: kind.primary)) }
                let best = scored.map(\.score).max() ?? 0
                if best > 0 {
                    message = "no \(kind.noun) matches; closest:"
                    for candidate in scored where candidate.score == best {
                        let differs = differing(want, candidate.entry).map { "`\($0)`" }.joined(separator: ", ")
                        shown.append(JSONText.render(project(candidate.entry, keys: keys)) + "  ← differs in " + differs)
                        if shown.count == 3 { break }
                    }
                } else {
                    message = "no \(kind.noun) matches; the decision has:"
                    shown = actual.map { JSONText.render(project($0, keys: kind.identity)) }
                }
            }
            out.append(TestMismatch(check: kind.key, line: line(entry.range), message: message,
                                    expected: JSONText.render(entry.value), actual: shown))
        }
        if exact {
            var listed: [String] = []
            for entry in expected {
                guard case .map(let want) = entry.value else { continue }
                for case .string(let key) in want.keys where !listed.contains(key) { listed.append(key) }
            }
            let at = expected.first.map { line($0.range) } ?? 0
            for (j, entry) in actual.enumerated() where owner[j] == nil {
                out.append(TestMismatch(check: kind.key, line: at,
                                        message: expected.isEmpty ? "unexpected \(kind.noun) (expected none)" : "unexpected \(kind.noun) (the list is exact)",
                                        actual: [JSONText.render(project(entry, keys: kind.shown(listed)))]))
            }
        }
        return out
    }

    /// How close an actual entry is to an expected one: matching listed fields, the primary
    /// one counting double.
    static func score(_ want: MapValue, _ got: Value, primary: String) -> Int {
        guard case .map(let have) = got else { return 0 }
        var score = 0
        for (key, value) in zip(want.keys, want.values) where matches(value, have[key]) {
            if case .string(primary) = key { score += 2 } else { score += 1 }
        }
        return score
    }

    /// The listed fields of `want` that `got` does not match.
    static func differing(_ want: MapValue, _ got: Value) -> [String] {
        guard case .map(let have) = got else { return [] }
        return zip(want.keys, want.values).compactMap { key, value in
            guard case .string(let name) = key, !matches(value, have[key]) else { return nil }
            return name
        }
    }

    /// `entry` with only `keys` (those it has), in that order.
    static func project(_ entry: Value, keys: [String]) -> Value {
        guard case .map(let map) = entry else { return entry }
        var out = MapValue()
        for key in keys { if let v = map[key] { out.set(key, v) } }
        return .map(out)
    }

    // MARK: Values

    /// Whether `actual` (nil: absent) matches `expected` (see ``ExpectationMatcher``).
    public static func matches(_ expected: Value, _ actual: Value?) -> Bool {
        let actual = actual ?? .null
        switch (expected, actual) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.int(let a), .string(let s)): return String(a) == s
        case (.decimal(let a), .string(let s)): return a.description == s
        case (.decimal(let a), .int(let b)): return a.scale == 0 && a == CELDecimal(b)
        case (.string(let a), .string(let b)):
            if a == b { return true }
            guard let ta = try? Timestamp(parsingRFC3339: a), let tb = try? Timestamp(parsingRFC3339: b) else { return false }
            return ta == tb
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { matches($0, $1) }
        case (.map(let a), .map(let b)):
            return zip(a.keys, a.values).allSatisfy { key, value in matches(value, b[key]) }
        default: return false
        }
    }

    private static func list(_ v: Value?) -> [Value] {
        if case .list(let items)? = v { return items }
        return []
    }

    private static func field(_ entry: Value, _ name: String) -> String? {
        if case .map(let m) = entry, case .string(let s)? = m[name] { return s }
        return nil
    }
}

/// Values as short JSON for people: `{"action": "x", "channels": ["sms"]}`; decimals
/// written as the test file wrote them (`6.25`), decision decimals are strings already.
public enum JSONText {
    public static func render(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .decimal(let d): return d.description
        case .string(let s): return quoted(s)
        case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .map(let map):
            let fields = zip(map.keys, map.values).map { key, item -> String in
                let name: String
                if case .string(let s) = key { name = s } else { name = key.debugText }
                return quoted(name) + ": " + render(item)
            }
            return "{" + fields.joined(separator: ", ") + "}"
        default:
            var w = JSONWriter()
            w.value(value)
            return w.text
        }
    }

    static func quoted(_ s: String) -> String {
        var w = JSONWriter()
        w.string(s)
        return w.text
    }
}
