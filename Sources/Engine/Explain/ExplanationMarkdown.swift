import CEL
import Policy

/// An ``Explanation`` as Markdown for a review file: tables for the decision, facts,
/// tiers, protections and rules (with each rule's citation), then each rule's conditions
/// as nested lists with the values that decided them.
public enum ExplanationMarkdown {
    /// The Markdown document, ending with a newline.
    public static func render(_ e: Explanation) -> String {
        let zone = e.zone
        func value(_ v: Value) -> String { WorksheetValue.text(v, zone: zone) }
        func time(_ t: Timestamp) -> String { t.rfc3339(in: zone) }
        var out: [String] = []
        let version = e.policyVersion.map { " " + $0 } ?? ""
        out.append("# Explanation for account \(e.accountID)")
        out.append("")
        out.append("- policy: `\(e.policyID)`\(version)" + (e.policyName.map { " (\($0))" } ?? "") + ", `\(e.policyDigest)`")
        out.append("- as of: \(time(e.asOf)), today \(e.today) (\(zone.identifier))")
        out.append("- tier: `\(e.decision.tier ?? "none")`")

        if e.focusedRule == nil {
            let d = e.decision
            out.append("")
            out.append("## Decision")
            out.append("")
            out.append("| | action | rule | when | reason | cite |")
            out.append("| --- | --- | --- | --- | --- | --- |")
            for a in d.actions {
                out.append(row(["→", code(a.action), code(a.rule), "\(time(a.notBefore)) – \(time(a.dueBy))", a.reason ?? "", a.cite ?? ""]))
            }
            for b in d.blocked {
                out.append(row(["⛔", code(b.action), code(b.rule), "blocked by \(code(b.by))" + (b.until.map { " until \($0)" } ?? ""), b.reason, b.cite ?? ""]))
            }
            for v in d.violations {
                out.append(row(["!", code(v.code), code(v.rule), "violation", v.detail ?? "", v.cite ?? ""]))
            }
            for error in d.errors { out.append(row(["✘", "", code(error.rule), "error", error.message, ""])) }
            for warning in d.warnings { out.append(row(["⚠", code(warning.code), code(warning.rule ?? ""), "warning", warning.message, ""])) }
            out.append("")
            out.append("Next review: \(d.nextReviewAt.map(time) ?? "none").")
        }

        out.append("")
        out.append("## Facts")
        out.append("")
        out.append("| fact | value | definition |")
        out.append("| --- | --- | --- |")
        for fact in e.facts {
            out.append(row([code(fact.name), WorksheetValue.fact(fact, zone: zone), code(fact.expression)]))
        }

        out.append("")
        out.append("## Tiers")
        out.append("")
        out.append("| tier | outcome | condition | value | cite |")
        out.append("| --- | --- | --- | --- | --- |")
        for tier in e.tiers {
            out.append(row([code(tier.id), tier.outcome.rawValue.replacingOccurrences(of: "_", with: " "),
                            tier.condition.map { code($0.text) } ?? "(none)", tier.condition.map { value($0.value) } ?? "",
                            tier.cite ?? ""]))
        }

        if !e.protections.isEmpty {
            out.append("")
            out.append("## Protections")
            out.append("")
            out.append("| protection | active | why | blocks | cite |")
            out.append("| --- | --- | --- | --- | --- |")
            for p in e.protections {
                var why: [String] = []
                if let kind = p.kind {
                    switch p.kindStatus {
                    case .holds(let until)?: why.append("`\(kind)` registered" + (until.map { " until \($0)" } ?? ""))
                    case .expired(let date)?: why.append("`\(kind)` expired \(date)")
                    case .noEntry?, nil: why.append("no `\(kind)` registered")
                    }
                }
                if let c = p.condition { why.append("\(code(c.text)) is \(value(c.value))") }
                out.append(row([code(p.id), p.active ? "yes" : "no", why.joined(separator: "; "),
                                p.blocks.joined(separator: ", "), p.cite ?? ""]))
            }
        }

        out.append("")
        out.append("## Rules")
        out.append("")
        out.append("| | rule | outcome | because | cite |")
        out.append("| --- | --- | --- | --- | --- |")
        for rule in e.rules {
            out.append(row([mark(rule.outcome), code(rule.id), rule.outcome.rawValue.replacingOccurrences(of: "_", with: " "),
                            rule.because ?? outcomeText(rule), rule.cite ?? ""]))
        }
        for rule in e.rules where rule.outcome != .notEffective {
            out.append("")
            out.append("### \(mark(rule.outcome)) `\(rule.id)`")
            out.append("")
            if let cite = rule.cite { out.append("§ \(cite)") ; out.append("") }
            if let each = rule.each { out.append("- each \(code(each.text)) = \(value(each.value))") }
            for (i, item) in rule.items.enumerated() {
                var indent = ""
                if rule.each != nil {
                    out.append("- item \(i + 1): \(item.item.map(value) ?? "") — \(item.outcome.rawValue.replacingOccurrences(of: "_", with: " "))")
                    indent = "  "
                }
                for (clause, condition) in [("when", item.when), ("unless", item.unless)] {
                    guard let condition else { continue }
                    var line = "\(indent)- **\(clause)** \(code(condition.text)) = **\(value(condition.value))**"
                    guard condition.root.connective != nil else {
                        if !condition.root.inputs.isEmpty { line += " (" + inputs(condition.root.inputs, value) + ")" }
                        out.append(line)
                        continue
                    }
                    out.append(line)
                    for term in condition.root.terms { list(term, indent: indent + "  ", into: &out, value: value) }
                }
                for a in item.actions { out.append("\(indent)- → `\(a.action)` due \(time(a.dueBy))" + (a.reason.map { ": " + $0 } ?? "")) }
                for b in item.blocked {
                    out.append("\(indent)- ⛔ `\(b.action)` blocked by `\(b.by)`" + (b.until.map { " until \($0)" } ?? "") + ": \(b.reason)"
                               + (b.cite.map { " (§ \($0))" } ?? ""))
                }
                for v in item.violations { out.append("\(indent)- ! `\(v.code)`" + (v.detail.map { ": " + $0 } ?? "")) }
                for error in item.errors { out.append("\(indent)- ✘ \(error)") }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func list(_ term: ConditionTerm, indent: String, into out: inout [String], value: (Value) -> String) {
        var text = "\(indent)- \(code(term.text)) = " + (term.value.map { "**\(value($0))**" } ?? "_not evaluated_")
        if term.connective == nil, !term.inputs.isEmpty { text += " (" + inputs(term.inputs, value) + ")" }
        if term.decided { text += " ◀ decided" }
        out.append(text)
        guard term.value != nil else { return }  // nothing below a skipped term was evaluated
        for sub in term.terms { list(sub, indent: indent + "  ", into: &out, value: value) }
    }

    private static func inputs(_ inputs: [TracedValue], _ value: (Value) -> String) -> String {
        inputs.map { "\(code($0.text)) = \(value($0.value))" }.joined(separator: ", ")
    }

    private static func outcomeText(_ rule: ExplainedRule) -> String {
        let items = rule.items
        switch rule.outcome {
        case .fired:
            return (items.flatMap { $0.actions.map { "→ `\($0.action)`" } } + items.flatMap { $0.violations.map { "! `\($0.code)`" } })
                .joined(separator: ", ")
        case .blocked:
            return items.flatMap { $0.blocked.map { "`\($0.action)` blocked by `\($0.by)`" } }.joined(separator: ", ")
        default:
            return ""
        }
    }

    private static func mark(_ outcome: RuleOutcome) -> String {
        switch outcome {
        case .fired: return "✔"
        case .notFired: return "·"
        case .blocked: return "⛔"
        case .notEffective: return "…"
        case .error: return "✘"
        }
    }

    /// Inline code, with backticks inside doubled around.
    private static func code(_ text: String) -> String {
        text.contains("`") ? "`` \(text) ``" : "`\(text)`"
    }

    /// A table row; `|` inside cells escaped, line breaks as spaces.
    private static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
            .joined(separator: " | ") + " |"
    }
}
