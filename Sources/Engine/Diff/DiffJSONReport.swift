import CEL

/// `policyctl diff --format json`: one JSON document with the summary, each changed account
/// and the accounts whose only change is `next_review_at` (docs/cli.md shows its shape).
/// Actions, blocked actions, violations and errors are written as in a decision.
public enum DiffJSONReport {
    /// The whole document, ending with a newline.
    public static func render(_ diff: PolicyDiff, base: String, head: String) -> [UInt8] {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("base"); side(base, diff.basePolicies, into: &w)
        w.key("head"); side(head, diff.headPolicies, into: &w)
        w.key("summary")
        w.beginObject()
        w.key("snapshots"); w.int(Int64(diff.snapshots))
        w.key("accounts_changed"); w.int(Int64(diff.accounts.count))
        w.key("review_moved"); w.int(Int64(diff.reviewMoved.count))
        w.key("unchanged"); w.int(Int64(diff.unchanged))
        w.key("by_action")
        w.beginObject()
        for name in diff.byAction.keys.sorted() {
            let c = diff.byAction[name] ?? ActionCounts()
            w.key(name)
            w.beginObject()
            w.key("added"); w.int(Int64(c.added))
            w.key("removed"); w.int(Int64(c.removed))
            w.key("changed"); w.int(Int64(c.changed))
            w.endObject()
        }
        w.endObject()
        w.key("by_tier"); counts(diff.byTier, into: &w)
        w.key("by_bureau"); counts(diff.byBureau, into: &w)
        w.endObject()
        w.key("accounts")
        w.beginArray()
        for account in diff.accounts { self.account(account, into: &w) }
        w.endArray()
        w.key("review_moved")
        w.beginArray()
        for account in diff.reviewMoved { self.account(account, into: &w) }
        w.endArray()
        w.endObject()
        w.endLine()
        return w.bytes
    }

    private static func side(_ path: String, _ policies: [String: PolicyVersion], into w: inout JSONWriter) {
        w.beginObject()
        w.key("path"); w.string(path)
        w.key("policies")
        w.beginArray()
        for id in policies.keys.sorted() {
            guard let p = policies[id] else { continue }
            p.write(into: &w)
        }
        w.endArray()
        w.endObject()
    }

    private static func account(_ account: AccountDiff, into w: inout JSONWriter) {
        let zone = account.zone
        w.beginObject()
        w.key("account_id"); optional(account.accountID, &w)
        w.key("line"); w.int(Int64(account.line))
        w.key("bureau"); optional(account.bureau, &w)
        w.key("tier"); optional(account.tier, &w)
        switch account.change {
        case .outcome(let base, let head):
            w.key("outcome")
            w.beginObject()
            w.key("base"); outcome(base, into: &w)
            w.key("head"); outcome(head, into: &w)
            w.endObject()
        case .decision(let d):
            w.key("actions")
            w.beginObject()
            w.key("added"); list(d.added, into: &w) { DecisionJSON.action($0, zone: zone, into: &$1) }
            w.key("removed"); list(d.removed, into: &w) { DecisionJSON.action($0, zone: zone, into: &$1) }
            w.key("changed")
            list(d.changed, into: &w) { c, w in
                w.beginObject()
                w.key("action"); w.string(c.head.action)
                w.key("rule"); w.string(c.head.rule)
                w.key("fields"); list(c.fields, into: &w) { $1.string($0) }
                w.key("base"); DecisionJSON.action(c.base, zone: zone, into: &w)
                w.key("head"); DecisionJSON.action(c.head, zone: zone, into: &w)
                w.endObject()
            }
            w.endObject()
            w.key("blocked"); addedRemoved(d.blockedAdded, d.blockedRemoved, into: &w) { DecisionJSON.blocked($0, into: &$1) }
            w.key("violations"); addedRemoved(d.violationsAdded, d.violationsRemoved, into: &w) { DecisionJSON.violation($0, into: &$1) }
            w.key("errors"); addedRemoved(d.errorsAdded, d.errorsRemoved, into: &w) { DecisionJSON.error($0, into: &$1) }
            if let tier = d.tier {
                w.key("tier_change")
                w.beginObject()
                w.key("base"); optional(tier.base, &w)
                w.key("head"); optional(tier.head, &w)
                w.endObject()
            }
            if let move = d.nextReview {
                w.key("next_review_at")
                w.beginObject()
                w.key("base"); optional(move.base?.rfc3339(in: zone), &w)
                w.key("head"); optional(move.head?.rfc3339(in: zone), &w)
                w.endObject()
            }
        }
        w.endObject()
    }

    private static func outcome(_ outcome: LineOutcome, into w: inout JSONWriter) {
        switch outcome {
        case .decided(let d):
            w.beginObject()
            w.key("actions"); w.int(Int64(d.decision.actions.count))
            w.endObject()
        case .refused(let r):
            w.beginObject()
            w.key("error")
            w.beginObject()
            w.key("code"); w.string(r.code)
            w.key("path"); w.string(r.path)
            w.key("message"); w.string(r.message)
            w.endObject()
            w.endObject()
        }
    }

    private static func addedRemoved<T>(_ added: [T], _ removed: [T], into w: inout JSONWriter,
                                        _ write: (T, inout JSONWriter) -> Void) {
        w.beginObject()
        w.key("added"); list(added, into: &w, write)
        w.key("removed"); list(removed, into: &w, write)
        w.endObject()
    }

    private static func list<T>(_ items: [T], into w: inout JSONWriter, _ write: (T, inout JSONWriter) -> Void) {
        w.beginArray()
        for item in items { write(item, &w) }
        w.endArray()
    }

    private static func counts(_ table: [String: Int], into w: inout JSONWriter) {
        w.beginObject()
        for key in table.keys.sorted() {
            w.key(key); w.int(Int64(table[key] ?? 0))
        }
        w.endObject()
    }

    private static func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }
}
