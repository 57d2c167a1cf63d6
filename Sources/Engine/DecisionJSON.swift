import CEL

/// The contract's JSON form of decisions (§2) and of error lines (§3). Times are written in
/// the policy's zone; decimal facts with at least two fractional digits (`"0.00"`).
public enum DecisionJSON {
    /// Writes `decision` as one JSON object.
    public static func write(_ decision: Decision, zone: TimeZoneSpec, into w: inout JSONWriter) {
        w.beginObject()
        w.key("account_id"); w.string(decision.accountID)
        w.key("line"); w.int(Int64(decision.line))
        w.key("policy")
        w.beginObject()
        w.key("id"); w.string(decision.policyID)
        w.key("version"); if let v = decision.policyVersion { w.string(v) } else { w.null() }
        w.key("digest"); w.string(decision.policyDigest)
        w.endObject()
        w.key("as_of"); w.string(decision.asOf.rfc3339(in: zone))
        w.key("tier"); if let t = decision.tier { w.string(t) } else { w.null() }
        w.key("facts")
        w.beginObject()
        for fact in decision.facts {
            w.key(fact.name)
            value(factValue(fact.value, fact.type), zone: zone, into: &w)
        }
        w.endObject()
        w.key("actions")
        w.beginArray()
        for a in decision.actions { action(a, zone: zone, into: &w) }
        w.endArray()
        w.key("blocked")
        w.beginArray()
        for b in decision.blocked { blocked(b, into: &w) }
        w.endArray()
        w.key("violations")
        w.beginArray()
        for v in decision.violations { violation(v, into: &w) }
        w.endArray()
        w.key("next_review_at"); if let t = decision.nextReviewAt { w.string(t.rfc3339(in: zone)) } else { w.null() }
        w.key("errors")
        w.beginArray()
        for e in decision.errors { error(e, into: &w) }
        w.endArray()
        w.endObject()
    }

    static func action(_ a: ActionRecord, zone: TimeZoneSpec, into w: inout JSONWriter) {
        w.beginObject()
        w.key("action"); w.string(a.action)
        w.key("rule"); w.string(a.rule)
        w.key("cite"); optional(a.cite, &w)
        w.key("channels")
        w.beginArray()
        for c in a.channels { w.string(c) }
        w.endArray()
        w.key("not_before"); w.string(a.notBefore.rfc3339(in: zone))
        w.key("due_by"); w.string(a.dueBy.rfc3339(in: zone))
        w.key("reason"); optional(a.reason, &w)
        w.key("data"); data(a, zone: zone, into: &w)
        if let shifted = a.shifted {
            w.key("shifted")
            w.beginObject()
            w.key("from"); w.string(shifted.from.rfc3339(in: zone))
            w.key("reason"); w.string(shifted.reason)
            w.endObject()
        }
        w.endObject()
    }

    static func blocked(_ b: BlockedRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.key("action"); w.string(b.action)
        w.key("rule"); w.string(b.rule)
        w.key("by"); w.string(b.by)
        w.key("reason"); w.string(b.reason)
        w.key("cite"); optional(b.cite, &w)
        if let until = b.until { w.key("until"); w.string(until.description) }
        w.endObject()
    }

    static func violation(_ v: ViolationRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.key("code"); w.string(v.code)
        w.key("rule"); w.string(v.rule)
        w.key("cite"); optional(v.cite, &w)
        w.key("detail"); optional(v.detail, &w)
        w.endObject()
    }

    static func error(_ e: ErrorRecord, into w: inout JSONWriter) {
        w.beginObject()
        w.key("rule"); w.string(e.rule)
        w.key("message"); w.string(e.message)
        w.endObject()
    }

    /// An action's `data` as one JSON object.
    static func data(_ a: ActionRecord, zone: TimeZoneSpec, into w: inout JSONWriter) {
        w.beginObject()
        for (name, v) in a.data {
            w.key(name)
            value(v, zone: zone, into: &w)
        }
        w.endObject()
    }

    /// The contract's error line for input that could not be evaluated.
    public static func errorLine(line: Int, accountID: String?, code: String, path: String, message: String, into w: inout JSONWriter) {
        w.beginObject()
        w.key("line"); w.int(Int64(line))
        w.key("account_id"); optional(accountID, &w)
        w.key("error")
        w.beginObject()
        w.key("code"); w.string(code)
        w.key("path"); w.string(path)
        w.key("message"); w.string(message)
        w.endObject()
        w.endObject()
    }

    /// A value as JSON, with timestamps in `zone`.
    static func value(_ v: Value, zone: TimeZoneSpec, into w: inout JSONWriter) {
        switch v {
        case .timestamp(let t): w.string(t.rfc3339(in: zone))
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

    /// A decimal fact shows at least two fractional digits (money); an int where a decimal
    /// was declared (`sum()` of nothing) shows as a decimal.
    static func factValue(_ v: Value, _ type: CELType) -> Value {
        guard type == .decimal else { return v }
        switch v {
        case .int(let i): return .decimal((try? CELDecimal(i).rescaled(to: 2)) ?? CELDecimal(i))
        case .decimal(let d) where d.scale < 2: return .decimal((try? d.rescaled(to: 2)) ?? d)
        default: return v
        }
    }

    private static func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }
}
