import CEL

/// The audits of a batch of accounts, with totals per rule and verdict, and the lines that
/// could not be audited.
public struct AuditReport: Sendable {
    public var accounts: [AccountAudit] = []
    public var refused: [LineOutcome.Refusal] = []

    public init() {}

    /// How many entries have each verdict, per rule (`""` for steps no rule required).
    public var totals: [(rule: String, action: String, counts: [AuditVerdict: Int])] {
        var byKey: [String: (String, String, [AuditVerdict: Int])] = [:]
        var order: [String] = []
        for entry in accounts.flatMap(\.entries) {
            let key = entry.rule + "\u{0}" + entry.action
            if byKey[key] == nil { byKey[key] = (entry.rule, entry.action, [:]); order.append(key) }
            byKey[key]?.2[entry.verdict, default: 0] += 1
        }
        return order.sorted().compactMap { byKey[$0] }.map { (rule: $0.0, action: $0.1, counts: $0.2) }
    }

    /// One line for a rule's totals: "second_notice late: 12 of 140; never done: 3 of 140".
    public static func summary(_ action: String, _ counts: [AuditVerdict: Int]) -> String {
        let all = counts.values.reduce(0, +)
        let parts = AuditVerdict.allCases.filter(\.isFinding).compactMap { v -> String? in
            guard let n = counts[v], n > 0 else { return nil }
            return "\(v.rawValue.replacingOccurrences(of: "_", with: " ")): \(n) of \(all)"
        }
        return parts.isEmpty ? "\(all) in order" : "\(action) " + parts.joined(separator: "; ")
    }

    /// Entries a reviewer acts on (late, never done, done without being required).
    public var findings: Int { accounts.reduce(0) { $0 + $1.entries.filter(\.verdict.isFinding).count } }
}

/// `policyctl audit`'s renderings: text for people, Markdown for reports, JSON for tools.
public enum AuditRendering {
    /// One JSON document: `accounts` (each with its `entries`), `totals`, `refused`.
    public static func json(_ report: AuditReport) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("accounts")
        w.beginArray()
        for account in report.accounts {
            let z = account.zone
            w.beginObject()
            w.key("account_id"); w.string(account.accountID)
            w.key("line"); w.int(Int64(account.line))
            w.key("policy"); w.string(account.policyID)
            w.key("as_of"); w.string(account.asOf.rfc3339(in: z))
            w.key("instants"); w.int(Int64(account.instants))
            w.key("entries")
            w.beginArray()
            for e in account.entries {
                w.beginObject()
                w.key("action"); w.string(e.action)
                w.key("rule"); if e.rule.isEmpty { w.null() } else { w.string(e.rule) }
                w.key("cite"); optional(e.cite, &w)
                if let outage = e.outageID { w.key("outage_id"); w.string(outage) }
                w.key("verdict"); w.string(e.verdict.rawValue)
                w.key("required_at"); optional(e.requiredAt?.rfc3339(in: z), &w)
                w.key("not_before"); optional(e.notBefore?.rfc3339(in: z), &w)
                w.key("due_by"); optional(e.dueBy?.rfc3339(in: z), &w)
                w.key("done_at"); optional(e.doneAt?.rfc3339(in: z), &w)
                w.key("record"); optional(e.record, &w)
                w.key("late_by"); optional(e.lateBy?.description, &w)
                w.endObject()
            }
            w.endArray()
            w.key("violations")
            w.beginArray()
            for v in account.violations { DecisionJSON.violation(v, into: &w) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("totals")
        w.beginArray()
        for total in report.totals {
            w.beginObject()
            w.key("rule"); if total.rule.isEmpty { w.null() } else { w.string(total.rule) }
            w.key("action"); w.string(total.action)
            for verdict in AuditVerdict.allCases { w.key(verdict.rawValue); w.int(Int64(total.counts[verdict] ?? 0)) }
            w.endObject()
        }
        w.endArray()
        w.key("refused")
        w.beginArray()
        for r in report.refused {
            w.beginObject()
            w.key("line"); w.int(Int64(r.line))
            w.key("account_id"); optional(r.accountID, &w)
            w.key("code"); w.string(r.code)
            w.key("message"); w.string(r.message)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endLine()
        return w.text
    }

    /// A worksheet per account and the totals, as text (`markdown: true` for tables).
    public static func text(_ report: AuditReport, markdown: Bool) -> String {
        var out: [String] = []
        for account in report.accounts {
            let z = account.zone
            let findings = account.entries.filter(\.verdict.isFinding).count
            out.append((markdown ? "## " : "") + "\(account.accountID) · line \(account.line) · \(account.policyID) · history to \(account.asOf.rfc3339(in: z))"
                       + " · \(account.instants) instants · \(findings) \(findings == 1 ? "finding" : "findings")")
            if markdown { out += ["", "| verdict | action | rule | required | due by | done | record | cite |", "| --- | --- | --- | --- | --- | --- | --- | --- |"] }
            for e in account.entries {
                let verdict = e.verdict.rawValue + (e.lateBy.map { " by \($0.description)" } ?? "")
                let cells = [verdict, e.action + (e.outageID.map { " (\($0))" } ?? ""), e.rule.isEmpty ? "—" : e.rule,
                             e.requiredAt?.rfc3339(in: z) ?? "—", e.dueBy?.rfc3339(in: z) ?? "—",
                             e.doneAt?.rfc3339(in: z) ?? "—", e.record ?? "—", e.cite ?? ""]
                out.append(markdown ? "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
                           : "  " + Self.mark(e.verdict) + " " + cells.dropLast().joined(separator: "  ") + (e.cite.map { "  § " + $0 } ?? ""))
            }
            for v in account.violations {
                out.append(markdown ? "| violation | \(v.code) | \(v.rule) | | | | | \(v.cite ?? "") |" : "  ! \(v.code)  \(v.rule)  \(v.detail ?? "")")
            }
            out.append("")
        }
        out.append((markdown ? "## " : "") + "Totals (\(report.accounts.count) accounts, \(report.findings) findings)")
        if markdown { out += ["", "| rule | action | " + AuditVerdict.allCases.map(\.rawValue).joined(separator: " | ") + " |",
                              "|" + String(repeating: " --- |", count: AuditVerdict.allCases.count + 2)] }
        for total in report.totals {
            let counts = AuditVerdict.allCases.map { String(total.counts[$0] ?? 0) }
            let rule = total.rule.isEmpty ? "(no rule)" : total.rule
            out.append(markdown ? "| \(rule) | \(total.action) | " + counts.joined(separator: " | ") + " |"
                       : "  \(rule) \(total.action): " + zip(AuditVerdict.allCases, counts).filter { $0.1 != "0" }.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", "))
        }
        for r in report.refused { out.append("  ✘ line \(r.line)\(r.accountID.map { " (\($0))" } ?? ""): \(r.code): \(r.message)") }
        return out.joined(separator: "\n") + "\n"
    }

    private static func mark(_ verdict: AuditVerdict) -> String {
        switch verdict {
        case .onTime: return "✔"
        case .late: return "⏰"
        case .neverDone: return "✘"
        case .pending: return "…"
        case .lapsed: return "·"
        case .unrequired: return "!"
        }
    }

    private static func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }
}
