import CEL

/// The contract's JSON form of decisions (§2) and of error lines (§3). Times are written in
/// the policy's zone; decimal facts with at least two fractional digits (`"0.00"`).
public enum DecisionJSON {
    /// Writes `decision` as one JSON object.
    ///
    /// What is the same in every decision (the field names and brackets between values, the
    /// policy block, each action's head) is written as fragments encoded once
    /// (``JSONFragment``), static ones here and the policy's in its ``DecisionTemplate``.
    public static func write(_ decision: Decision, zone: TimeZoneSpec, into w: inout JSONWriter) {
        w.fragment(Fragment.accountID)
        w.string(decision.accountID)
        w.fragment(Fragment.line)
        w.int(Int64(decision.line))
        w.fragment(decision.template.policyThenAsOf)
        w.timestamp(decision.asOf, in: zone)
        w.fragment(Fragment.tier)
        if let t = decision.tier { w.string(t) } else { w.null() }
        w.fragment(Fragment.facts)
        // By index, not `for … in`: the iterator would copy each fact and action (a retain
        // and a release of everything in it), a subscript lends it.
        for i in decision.facts.indices { fact(decision.facts[i], zone: zone, into: &w) }
        w.fragment(Fragment.actions)
        for i in decision.actions.indices { action(decision.actions[i], zone: zone, into: &w) }
        w.fragment(Fragment.blocked)
        for b in decision.blocked { blocked(b, into: &w) }
        w.fragment(Fragment.violations)
        for v in decision.violations { violation(v, into: &w) }
        w.fragment(Fragment.nextReviewAt)
        if let t = decision.nextReviewAt { w.timestamp(t, in: zone) } else { w.null() }
        w.fragment(Fragment.errors)
        for e in decision.errors { error(e, into: &w) }
        w.fragment(Fragment.warnings)
        for warning in decision.warnings { self.warning(warning, into: &w) }
        w.fragment(Fragment.end)
    }

    static func action(_ a: ActionRecord, zone: TimeZoneSpec, into w: inout JSONWriter) {
        w.fragment(a.head.opening)
        w.timestamp(a.notBefore, in: zone)
        w.fragment(Fragment.dueBy)
        w.timestamp(a.dueBy, in: zone)
        w.fragment(Fragment.reason)
        optional(a.reason, &w)
        w.fragment(Fragment.data)
        dataMembers(a, zone: zone, into: &w)
        if let shifted = a.shifted {
            w.fragment(Fragment.shiftedFrom)
            w.timestamp(shifted.from, in: zone)
            w.fragment(Fragment.reason)
            w.string(shifted.reason)
            w.endObject()
        }
        w.endObject()
    }

    /// The opening of an action's object up to its `not_before` value, the same in every
    /// action of the head: `{"action":…,"rule":…,"cite":…,"channels":[…],"not_before":`.
    static func opening(action: JSONString, rule: JSONString, cite: JSONString?, channels: [JSONString]) -> JSONFragment {
        JSONFragment { w in
            w.beginObject()
            w.key(Key.action); w.string(action)
            w.key(Key.rule); w.string(rule)
            w.key(Key.cite); if let cite { w.string(cite) } else { w.null() }
            w.key(Key.channels)
            w.beginArray()
            for c in channels { w.string(c) }
            w.endArray()
            w.key(Key.notBefore)
        }
    }

    /// The members of a decision from its policy block to the key of its `as_of`, the same
    /// in every decision of the policy: `,"policy":{…},"as_of":`.
    static func policyThenAsOf(_ policy: PolicyVersion) -> JSONFragment {
        JSONFragment { w in
            w.key(Key.policy); policy.write(into: &w)
            w.key(Key.asOf)
        }
    }

    static func blocked(_ b: BlockedRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.key(Key.action); w.string(b.action)
        w.key(Key.rule); w.string(b.rule)
        w.key(Key.by); w.string(b.by)
        w.key(Key.reason); w.string(b.reason)
        w.key(Key.cite); optional(b.cite, &w)
        if let until = b.until { w.key(Key.until); w.date(until) }
        w.endObject()
    }

    static func violation(_ v: ViolationRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.key(Key.code); w.string(v.code)
        w.key(Key.rule); w.string(v.rule)
        w.key(Key.cite); optional(v.cite, &w)
        w.key(Key.detail); optional(v.detail, &w)
        w.endObject()
    }

    static func error(_ e: ErrorRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.key(Key.rule); w.string(e.rule)
        w.key(Key.message); w.string(e.message)
        w.endObject()
    }

    static func warning(_ warning: WarningRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.key(Key.code); w.string(warning.code)
        w.key(Key.message); w.string(warning.message)
        if let rule = warning.rule { w.key(Key.rule); w.string(rule) }
        if let path = warning.path { w.key(Key.path); w.string(path) }
        if let value = warning.value { w.key(Key.value); w.string(value) }
        if let date = warning.date { w.key(Key.date); w.date(date) }
        w.endObject()
    }

    /// An action's `data` as one JSON object.
    static func data(_ a: ActionRecord, zone: TimeZoneSpec, into w: inout JSONWriter) {
        w.beginObject()
        dataMembers(a, zone: zone, into: &w)
    }

    /// The members of an action's `data` and the object's end.
    private static func dataMembers(_ a: ActionRecord, zone: TimeZoneSpec, into w: inout JSONWriter) {
        for (position, (name, v)) in a.data.enumerated() {
            w.key(a.head.dataKey(position, name))
            value(v, zone: zone, into: &w)
        }
        w.endObject()
    }

    /// The contract's error line for input that could not be evaluated.
    public static func errorLine(line: Int, accountID: String?, code: String, path: String, message: String, into w: inout JSONWriter) {
        w.beginObject()
        w.key(Key.line); w.int(Int64(line))
        w.key(Key.accountID); optional(accountID, &w)
        w.key(Key.error)
        w.beginObject()
        w.key(Key.code); w.string(code)
        w.key(Key.path); w.string(path)
        w.key(Key.message); w.string(message)
        w.endObject()
        w.endObject()
    }

    /// A value as JSON, with timestamps in `zone`.
    static func value(_ v: Value, zone: TimeZoneSpec, into w: inout JSONWriter) {
        switch v {
        case .timestamp(let t): w.timestamp(t, in: zone)
        case .list(let items):
            w.beginArray()
            for item in items { value(item, zone: zone, into: &w) }
            w.endArray()
        case .map(let m):
            w.beginObject()
            for (k, item) in zip(m.keys, m.values) {
                if case .string(let s) = k { w.key(s) } else { w.key(k.debugText) }
                value(item, zone: zone, into: &w)
            }
            w.endObject()
        default: w.value(v)
        }
    }

    /// Writes a fact as a member of the `facts` object: its key, then its value as
    /// ``factValue(_:_:)`` shows it.
    static func fact(_ fact: DecisionFact, zone: TimeZoneSpec, into w: inout JSONWriter) {
        let head = fact.head
        w.key(head.key)
        // The kinds facts mostly have, written straight; the rest as ``factValue(_:_:)`` shows them.
        switch fact.value {
        case .bool(let b): w.bool(b)
        case .decimal(let d) where d.scale >= 2 || !head.isDecimal: w.decimal(d)
        case .int(let i) where !head.isDecimal: w.int(i)
        case .timestamp(let t): w.timestamp(t, in: zone)
        default: value(rescaled(fact.value, head.type) ?? fact.value, zone: zone, into: &w)
        }
    }

    /// The value a fact shows: a decimal fact at least two fractional digits (money), an int
    /// where a decimal was declared (`sum()` of nothing) as a decimal.
    static func factValue(_ v: Value, _ type: CELType) -> Value {
        rescaled(v, type) ?? v
    }

    /// What ``factValue(_:_:)`` shows instead of `v`; nil when it shows `v`.
    private static func rescaled(_ v: Value, _ type: CELType) -> Value? {
        guard case .decimal = type else { return nil }
        switch v {
        case .int(let i): return .decimal((try? CELDecimal(i).rescaled(to: 2)) ?? CELDecimal(i))
        case .decimal(let d) where d.scale < 2: return .decimal((try? d.rescaled(to: 2)) ?? d)
        default: return nil
        }
    }

    /// The runs of tokens between a decision's values, encoded once.
    private enum Fragment {
        static let accountID = JSONFragment { w in w.beginObject(); w.key(Key.accountID) }
        static let line = JSONFragment { w in w.key(Key.line) }
        static let tier = JSONFragment { w in w.key(Key.tier) }
        static let facts = JSONFragment { w in w.key(Key.facts); w.beginObject() }
        static let actions = JSONFragment { w in w.endObject(); w.key(Key.actions); w.beginArray() }
        static let blocked = JSONFragment { w in w.endArray(); w.key(Key.blocked); w.beginArray() }
        static let violations = JSONFragment { w in w.endArray(); w.key(Key.violations); w.beginArray() }
        static let nextReviewAt = JSONFragment { w in w.endArray(); w.key(Key.nextReviewAt) }
        static let errors = JSONFragment { w in w.key(Key.errors); w.beginArray() }
        static let warnings = JSONFragment { w in w.endArray(); w.key(Key.warnings); w.beginArray() }
        static let end = JSONFragment { w in w.endArray(); w.endObject() }
        static let dueBy = JSONFragment { w in w.key(Key.dueBy) }
        static let reason = JSONFragment { w in w.key(Key.reason) }
        static let data = JSONFragment { w in w.key(Key.data); w.beginObject() }
        static let shiftedFrom = JSONFragment { w in w.key(Key.shifted); w.beginObject(); w.key(Key.from) }
    }

    /// The contract's field names, encoded once.
    private enum Key {
        static let accountID = JSONKey("account_id")
        static let action = JSONKey("action")
        static let actions = JSONKey("actions")
        static let asOf = JSONKey("as_of")
        static let blocked = JSONKey("blocked")
        static let by = JSONKey("by")
        static let channels = JSONKey("channels")
        static let cite = JSONKey("cite")
        static let code = JSONKey("code")
        static let data = JSONKey("data")
        static let date = JSONKey("date")
        static let detail = JSONKey("detail")
        static let dueBy = JSONKey("due_by")
        static let error = JSONKey("error")
        static let errors = JSONKey("errors")
        static let facts = JSONKey("facts")
        static let from = JSONKey("from")
        static let line = JSONKey("line")
        static let message = JSONKey("message")
        static let nextReviewAt = JSONKey("next_review_at")
        static let notBefore = JSONKey("not_before")
        static let path = JSONKey("path")
        static let policy = JSONKey("policy")
        static let reason = JSONKey("reason")
        static let rule = JSONKey("rule")
        static let shifted = JSONKey("shifted")
        static let tier = JSONKey("tier")
        static let until = JSONKey("until")
        static let value = JSONKey("value")
        static let violations = JSONKey("violations")
        static let warnings = JSONKey("warnings")
    }

    private static func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }
}
