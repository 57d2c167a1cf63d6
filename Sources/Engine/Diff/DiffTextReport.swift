import CEL

/// `policyctl diff` for people: the summary, then each changed account, one line per
/// change (`+` added, `-` removed, `~` changed).
public enum DiffTextReport {
    /// The whole report; `base` and `head` name the two policy versions (their paths).
    public static func render(_ diff: PolicyDiff, base: String, head: String) -> String {
        var out = summary(diff, base: base, head: head)
        for account in diff.accounts {
            out += "\n" + heading(account) + "\n"
            switch account.change {
            case .decision(let d): out += lines(d, zone: account.zone).map { "  \($0)\n" }.joined()
            case .outcome(let b, let h): out += "  ~ \(describe(b)) → \(describe(h))\n"
            }
        }
        if !diff.reviewMoved.isEmpty {
            out += "\nnext_review_at moved, nothing else changed:\n"
            for account in diff.reviewMoved {
                guard case .decision(let d) = account.change, let move = d.nextReview else { continue }
                out += "  \(heading(account)): \(time(move.base, account.zone)) → \(time(move.head, account.zone))\n"
            }
        }
        return out
    }

    /// The header and the counts by action, tier and bureau.
    public static func summary(_ diff: PolicyDiff, base: String, head: String) -> String {
        var out = "base: \(base) — \(policies(diff.basePolicies))\n"
        out += "head: \(head) — \(policies(diff.headPolicies))\n"
        out += "\(diff.snapshots) \(diff.snapshots == 1 ? "snapshot" : "snapshots"): "
        out += "\(diff.accounts.count) \(diff.accounts.count == 1 ? "account" : "accounts") changed, "
        out += "\(diff.reviewMoved.count) with only next_review_at moved, \(diff.unchanged) unchanged\n"
        guard diff.hasChanges else { return out }
        let names = diff.byAction.keys.sorted()
        let width = max(names.map(\.count).max() ?? 0, "by action".count)
        out += "\n" + pad("by action", width) + "  added  removed  changed\n"
        for name in names {
            let c = diff.byAction[name] ?? ActionCounts()
            out += pad(name, width) + "  " + right(c.added, 5) + "  " + right(c.removed, 7) + "  " + right(c.changed, 7) + "\n"
        }
        out += "by tier: " + counts(diff.byTier) + "\n"
        out += "by bureau: " + counts(diff.byBureau) + "\n"
        return out
    }

    static func heading(_ account: AccountDiff) -> String {
        ([account.accountID ?? "(no account id)", "line \(account.line)"] + [account.bureau, account.tier].compactMap { $0 })
            .joined(separator: " · ")
    }

    static func lines(_ d: DecisionDiff, zone: TimeZoneSpec) -> [String] {
        var lines: [String] = []
        lines += d.removed.map { "- " + action($0, zone) }
        lines += d.added.map { "+ " + action($0, zone) }
        for c in d.changed {
            let fields = c.fields.map { "\($0) \(field($0, c.base, zone)) → \(field($0, c.head, zone))" }
            lines.append("~ \(c.head.action) (\(c.head.rule)): " + fields.joined(separator: "; "))
        }
        lines += d.blockedRemoved.map { "- blocked " + blocked($0) }
        lines += d.blockedAdded.map { "+ blocked " + blocked($0) }
        lines += d.violationsRemoved.map { "- violation " + violation($0) }
        lines += d.violationsAdded.map { "+ violation " + violation($0) }
        lines += d.errorsRemoved.map { "- error \($0.rule): \($0.message)" }
        lines += d.errorsAdded.map { "+ error \($0.rule): \($0.message)" }
        if let tier = d.tier { lines.append("~ tier \(tier.base ?? "null") → \(tier.head ?? "null")") }
        if let move = d.nextReview { lines.append("~ next_review_at \(time(move.base, zone)) → \(time(move.head, zone))") }
        return lines
    }

    private static func action(_ a: ActionRecord, _ zone: TimeZoneSpec) -> String {
        let channels = a.channels.isEmpty ? "" : " via \(a.channels.joined(separator: ", "))"
        return "\(a.action) (\(a.rule)) \(a.notBefore.rfc3339(in: zone)) … \(a.dueBy.rfc3339(in: zone))\(channels)"
    }

    private static func field(_ name: String, _ a: ActionRecord, _ zone: TimeZoneSpec) -> String {
        switch name {
        case "cite": return a.cite ?? "null"
        case "channels": return "[" + a.channels.joined(separator: ", ") + "]"
        case "not_before": return a.notBefore.rfc3339(in: zone)
        case "due_by": return a.dueBy.rfc3339(in: zone)
        case "reason": return a.reason.map { "“\($0)”" } ?? "null"
        default:
            var w = JSONWriter()
            DecisionJSON.data(a, zone: zone, into: &w)
            return w.text
        }
    }

    private static func blocked(_ b: BlockedRecord) -> String {
        "\(b.action) (\(b.rule)) by \(b.by): \(b.reason)"
    }

    private static func violation(_ v: ViolationRecord) -> String {
        "\(v.code) (\(v.rule))" + (v.detail.map { ": \($0)" } ?? "")
    }

    private static func describe(_ outcome: LineOutcome) -> String {
        switch outcome {
        case .decided(let d):
            "decided (\(d.decision.actions.count) \(d.decision.actions.count == 1 ? "action" : "actions"))"
        case .refused(let r):
            "refused (\(r.code): \(r.message))"
        }
    }

    private static func time(_ t: Timestamp?, _ zone: TimeZoneSpec) -> String {
        t?.rfc3339(in: zone) ?? "null"
    }

    private static func policies(_ table: [String: PolicyVersion]) -> String {
        table.isEmpty ? "no decisions" : table.keys.sorted().compactMap { table[$0]?.label }.joined(separator: ", ")
    }

    private static func counts(_ table: [String: Int]) -> String {
        table.keys.sorted().map { "\($0) \(table[$0] ?? 0)" }.joined(separator: ", ")
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }

    private static func right(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
