/// A ``BatchReport`` as one self-contained HTML page: inline CSS, the dunning funnel as an
/// inline SVG bar chart, no script, no external resource (it opens offline). All text is
/// escaped; the page is UTF-8 with a font stack that covers Chinese.
///
/// Every number carries a `data-metric` attribute (`evaluated`, `action:second_notice`,
/// `funnel:suspend_supply`, …) so that tests and scripts can read the page.
public enum HTMLReport {
    /// The page; `title` heads it and `inputs` names the snapshot files.
    public static func render(_ report: BatchReport, title: String, inputs: [String]) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <h1>\(escape(title))</h1>

            """
        let policies = report.policies.keys.sorted().compactMap { report.policies[$0]?.label }
        out += "<p class=\"meta\">Policies: \(escape(policies.isEmpty ? "none" : policies.joined(separator: ", ")))"
        out += " · Input: \(escape(inputs.joined(separator: ", ")))</p>\n"
        out += totals(report)
        out += funnel(report)
        out += "<div class=\"columns\">\n"
        out += table("Actions", id: "by-action", header: ["action", "count"],
                     rows: report.byAction.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                        .map { [.html(code($0.key)), .number($0.value, metric: "action:\($0.key)")] })
        out += groups("By tier", id: "by-tier", report.byTier, metric: "tier")
        out += groups("By bureau", id: "by-bureau", report.byBureau, metric: "bureau")
        out += "</div>\n"
        out += table("Blocked actions", id: "blocked", header: ["line", "account", "action", "rule", "blocked by", "reason", "until", "citation"],
                     rows: report.blocked.map { e in
                         [.number(e.line), .nowrap(e.accountID), .html(code(e.record.action)), .html(code(e.record.rule)),
                          .html(code(e.record.by)), .text(e.record.reason), .nowrap(e.record.until?.description ?? ""), .text(e.record.cite ?? "")]
                     })
        out += table("Violations", id: "violations", header: ["line", "account", "code", "rule", "detail", "citation"],
                     rows: report.violations.map { e in
                         [.number(e.line), .nowrap(e.accountID), .html(code(e.record.code)), .html(code(e.record.rule)),
                          .text(e.record.detail ?? ""), .text(e.record.cite ?? "")]
                     })
        let errorRows: [[Cell]] = report.refused.map { r in
            [.number(r.line), .nowrap(r.accountID ?? ""), .html(code(r.code) + (r.path.isEmpty ? "" : " at " + code(r.path))), .text(r.message)]
        } + report.errors.map { e in
            [.number(e.line), .nowrap(e.accountID), .html(code(e.record.rule)), .text(e.record.message)]
        }
        out += table("Errors", id: "errors", header: ["line", "account", "rule or code", "message"], rows: errorRows)
        if let audit = report.audit {
            out += table("Audit of the histories", id: "audit", header: ["rule", "action", "summary"] + AuditVerdict.allCases.map(\.rawValue),
                         rows: audit.totals.map { t in
                             [.html(t.rule.isEmpty ? "<span class=\"none\">no rule</span>" : code(t.rule)), .html(code(t.action)),
                              .text(AuditReport.summary(t.action, t.counts))]
                                 + AuditVerdict.allCases.map { .number(t.counts[$0] ?? 0, metric: "audit:\(t.rule):\(t.action):\($0.rawValue)") }
                         })
        }
        out += "</body>\n</html>\n"
        return out
    }

    private static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",\
        "PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif;margin:2rem auto;max-width:1200px;\
        padding:0 1rem;color:#1f2328;background:#fff;line-height:1.4}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
        .meta{color:#57606a;font-size:.9rem;margin-top:0}
        .cards{display:flex;flex-wrap:wrap;gap:.6rem}
        .card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .9rem;min-width:7rem}
        .card b{display:block;font-size:1.5rem}.card span{color:#57606a;font-size:.85rem}
        .card.bad b{color:#cf222e}
        .columns{display:flex;flex-wrap:wrap;gap:0 2rem}
        table{border-collapse:collapse;font-size:.88rem}
        th,td{border-bottom:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}td.id,td code{white-space:nowrap}
        code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.85em}
        .none{color:#57606a;font-style:italic}
        svg text{font-size:13px;fill:#1f2328}
        """

    private static func totals(_ report: BatchReport) -> String {
        let cards: [(String, Int, String, Bool)] = [
            ("snapshots", report.snapshots, "snapshots", false),
            ("evaluated", report.stats.evaluated, "evaluated", false),
            ("actions", report.stats.actions, "actions", false),
            ("blocked", report.blocked.count, "blocked", false),
            ("violations", report.violations.count, "violations", report.violations.count > 0),
            ("errors", report.stats.errors, "with errors", report.stats.errors > 0),
        ]
        var out = "<h2>Totals</h2>\n<div class=\"cards\" id=\"totals\">\n"
        for (metric, value, label, bad) in cards {
            out += "<div class=\"card\(bad ? " bad" : "")\"><b data-metric=\"\(metric)\">\(value)</b><span>\(label)</span></div>\n"
        }
        return out + "</div>\n"
    }

    private static func funnel(_ report: BatchReport) -> String {
        let stages = report.funnelCounts
        let most = max(1, stages.map(\.count).max() ?? 0)
        let row = 34, labelWidth = 150, barWidth = 460
        let height = row * stages.count + 8
        var out = "<h2>Dunning funnel</h2>\n"
        out += "<svg id=\"funnel\" width=\"\(labelWidth + barWidth + 60)\" height=\"\(height)\" role=\"img\" "
        out += "aria-label=\"dunning funnel\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (i, stage) in stages.enumerated() {
            let y = i * row + 4
            let width = stage.count == 0 ? 0 : max(2, stage.count * barWidth / most)
            out += "<g><title>\(escape(stage.stage)): \(stage.count) \(escape(stage.action))</title>"
            out += "<text x=\"0\" y=\"\(y + 19)\">\(escape(stage.stage))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"26\" rx=\"3\" fill=\"\(colors[i % colors.count])\"/>"
            out += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 19)\" data-metric=\"funnel:\(escape(stage.action))\">\(stage.count)</text></g>\n"
        }
        return out + "</svg>\n"
    }

    private static let colors = ["#54aeff", "#0969da", "#bf8700", "#cf222e", "#1a7f37"]

    private static func groups(_ title: String, id: String, _ table: [String: BatchReport.GroupCounts], metric: String) -> String {
        self.table(title, id: id, header: [metric, "accounts", "actions", "blocked", "violations"],
                   rows: table.keys.sorted().map { key in
                       let c = table[key] ?? BatchReport.GroupCounts()
                       return [.html(code(key)), .number(c.accounts, metric: "\(metric):\(key)"), .number(c.actions),
                               .number(c.blocked), .number(c.violations)]
                   })
    }

    /// A section with a table (or a note that it is empty).
    private static func table(_ title: String, id: String, header: [String], rows: [[Cell]]) -> String {
        var out = "<section id=\"\(id)\"><h2>\(escape(title)) (\(rows.count))</h2>\n"
        guard !rows.isEmpty else { return out + "<p class=\"none\">none</p></section>\n" }
        out += "<table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            out += "<tr>" + row.map(\.html).joined() + "</tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }

    /// A table cell.
    private enum Cell {
        /// Text, escaped when written.
        case text(String)
        /// Text kept on one line (an account id).
        case nowrap(String)
        /// Markup, written as it is.
        case html(String)
        /// A number, right-aligned, optionally tagged for readers of the page.
        case number(Int, metric: String? = nil)

        var html: String {
            switch self {
            case .text(let s): "<td>\(escape(s))</td>"
            case .nowrap(let s): "<td class=\"id\">\(escape(s))</td>"
            case .html(let s): "<td>\(s)</td>"
            case .number(let n, let metric): "<td class=\"n\"" + (metric.map { " data-metric=\"\(escape($0))\"" } ?? "") + ">\(n)</td>"
            }
        }
    }

    private static func code(_ s: String) -> String {
        "<code>\(escape(s))</code>"
    }

    static func escape(_ s: String) -> String { MarkupText.escape(s) }
}
