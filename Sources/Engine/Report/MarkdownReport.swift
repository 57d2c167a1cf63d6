/// A ``BatchReport`` as Markdown (GitHub flavour): the same sections as the HTML page, the
/// funnel as a table with a bar of `█` per stage.
public enum MarkdownReport {
    /// The document; `title` heads it and `inputs` names the snapshot files.
    public static func render(_ report: BatchReport, title: String, inputs: [String]) -> String {
        var out = "# \(cell(title))\n\n"
        let policies = report.policies.keys.sorted().compactMap { report.policies[$0]?.label }
        out += "Policies: \(cell(policies.isEmpty ? "none" : policies.joined(separator: ", "))) · "
        out += "Input: \(cell(inputs.joined(separator: ", ")))\n\n"
        out += "## Totals\n\n"
        out += table(["snapshots", "evaluated", "actions", "blocked", "violations", "with errors"],
                     [[report.snapshots, report.stats.evaluated, report.stats.actions, report.blocked.count,
                       report.violations.count, report.stats.errors].map(String.init)], numeric: true)
        let funnel = report.funnelCounts
        let most = max(1, funnel.map(\.count).max() ?? 0)
        out += "## Dunning funnel\n\n"
        out += table(["stage", "action", "count", ""], funnel.map { stage in
            [stage.stage, code(stage.action), String(stage.count),
             String(repeating: "█", count: stage.count == 0 ? 0 : max(1, stage.count * 30 / most))]
        }, numeric: false)
        out += "## Actions\n\n"
        out += table(["action", "count"], report.byAction.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { [code($0.key), String($0.value)] }, numeric: false)
        out += "## By tier\n\n" + groups("tier", report.byTier)
        out += "## By bureau\n\n" + groups("bureau", report.byBureau)
        out += "## Blocked actions (\(report.blocked.count))\n\n"
        out += table(["line", "account", "action", "rule", "blocked by", "reason", "until", "citation"], report.blocked.map { e in
            [String(e.line), cell(e.accountID), code(e.record.action), code(e.record.rule), code(e.record.by),
             cell(e.record.reason), e.record.until?.description ?? "", cell(e.record.cite ?? "")]
        }, numeric: false)
        out += "## Violations (\(report.violations.count))\n\n"
        out += table(["line", "account", "code", "rule", "detail", "citation"], report.violations.map { e in
            [String(e.line), cell(e.accountID), code(e.record.code), code(e.record.rule), cell(e.record.detail ?? ""), cell(e.record.cite ?? "")]
        }, numeric: false)
        let errorRows = report.refused.map { r in
            [String(r.line), cell(r.accountID ?? ""), code(r.code) + (r.path.isEmpty ? "" : " at " + code(r.path)), cell(r.message)]
        } + report.errors.map { e in
            [String(e.line), cell(e.accountID), code(e.record.rule), cell(e.record.message)]
        }
        out += "## Errors (\(errorRows.count))\n\n"
        out += table(["line", "account", "rule or code", "message"], errorRows, numeric: false)
        if let audit = report.audit {
            let totals = audit.totals
            out += "\n## Audit of the histories (\(totals.count))\n\n"
            out += table(["rule", "action", "summary"] + AuditVerdict.allCases.map(\.rawValue), totals.map { t in
                [t.rule.isEmpty ? "(no rule)" : code(t.rule), code(t.action), cell(AuditReport.summary(t.action, t.counts))]
                    + AuditVerdict.allCases.map { String(t.counts[$0] ?? 0) }
            }, numeric: false)
        }
        return out
    }

    private static func groups(_ name: String, _ table: [String: BatchReport.GroupCounts]) -> String {
        self.table([name, "accounts", "actions", "blocked", "violations"], table.keys.sorted().map { key in
            let c = table[key] ?? BatchReport.GroupCounts()
            return [code(key), String(c.accounts), String(c.actions), String(c.blocked), String(c.violations)]
        }, numeric: false)
    }

    /// A table of already formatted cells, or "none"; `numeric` right-aligns every column.
    private static func table(_ header: [String], _ rows: [[String]], numeric: Bool) -> String {
        guard !rows.isEmpty else { return "_none_\n\n" }
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in numeric ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.joined(separator: " | ") + " |\n" }
        return out + "\n"
    }

    /// An identifier in backticks (identifiers hold no backtick or bar).
    private static func code(_ s: String) -> String {
        s.contains("`") || s.contains("|") ? cell(s) : "`\(s)`"
    }

    /// Text (in a table cell or not): Markdown and HTML specials escaped, line breaks as spaces.
    private static func cell(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#": out += "\\\(c)"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
