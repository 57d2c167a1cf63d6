import CEL
import Policy

/// An ``Explanation`` as a reviewer's worksheet: the decision, the facts, the tier and
/// protections, then one line per rule (`✔ fired`, `· not fired`, `⛔ blocked`,
/// `… not effective`, `✘ error`) ending with its citation, and below it the conditions
/// with the values of the terms that decided them.
public struct ExplanationText {
    /// Whether to use terminal colours.
    public var colored: Bool

    /// A renderer; colour only for a terminal.
    public init(colored: Bool = false) {
        self.colored = colored
    }

    /// The worksheet, ending with a newline.
    public func render(_ explanation: Explanation) -> String {
        var sheet = Worksheet(colored: colored, zone: explanation.zone)
        sheet.header(explanation)
        if explanation.focusedRule == nil { sheet.decision(explanation) }
        sheet.facts(explanation)
        sheet.tiers(explanation)
        sheet.protections(explanation)
        sheet.rules(explanation)
        return sheet.lines.joined(separator: "\n") + "\n"
    }
}

/// The lines of a worksheet being written.
private struct Worksheet {
    let colored: Bool
    let zone: TimeZoneSpec
    var lines: [String] = []

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
    }

    init(colored: Bool, zone: TimeZoneSpec) {
        self.colored = colored
        self.zone = zone
    }

    func paint(_ text: String, _ style: Style) -> String {
        colored ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    mutating func line(_ indent: Int, _ text: String) {
        lines.append(String(repeating: " ", count: indent) + text)
    }

    mutating func heading(_ text: String) {
        lines.append("")
        lines.append(paint(text, .bold))
    }

    /// `text` padded with spaces to `width` characters.
    func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    func value(_ v: Value) -> String {
        WorksheetValue.text(v, zone: zone)
    }

    func time(_ t: Timestamp) -> String {
        t.rfc3339(in: zone)
    }

    /// ` — cite`, or nothing.
    func cited(_ cite: String?) -> String {
        guard let cite, !cite.isEmpty else { return "" }
        return "  " + paint("§ " + cite, .dim)
    }

    // MARK: Sections

    mutating func header(_ e: Explanation) {
        lines.append(paint("Explanation for account \(e.accountID)", .bold))
        let version = e.policyVersion.map { " " + $0 } ?? ""
        let name = e.policyName.map { " (\($0))" } ?? ""
        line(2, "policy  \(e.policyID)\(version)\(name), \(e.policyDigest)")
        line(2, "as of   \(time(e.asOf)), today \(e.today) (\(zone.identifier))")
    }

    mutating func decision(_ e: Explanation) {
        let d = e.decision
        heading("Decision")
        line(2, "tier \(d.tier ?? "none") · \(WorksheetValue.count(d.actions.count, "action")) · \(d.blocked.count) blocked · "
             + "\(WorksheetValue.count(d.violations.count, "violation")) · \(WorksheetValue.count(d.errors.count, "error"))")
        for a in d.actions { line(2, actionLine(a)) }
        for b in d.blocked { line(2, blockedLine(b)) }
        for v in d.violations { line(2, violationLine(v)) }
        for error in d.errors { line(2, paint("✘ \(error.rule): \(error.message)", .red)) }
        for warning in d.warnings { line(2, paint("⚠ \(warning.code): \(warning.message)", .yellow)) }
        line(2, "next review \(d.nextReviewAt.map(time) ?? "none")")
    }

    mutating func facts(_ e: Explanation) {
        heading("Facts")
        let width = e.facts.map(\.name.count).max() ?? 0
        let values = e.facts.map { WorksheetValue.fact($0, zone: zone) }
        let valueWidth = min(values.map(\.count).max() ?? 0, 26)
        for (fact, value) in zip(e.facts, values) {
            line(2, "\(pad(fact.name, width))  \(pad(value, valueWidth))  " + paint("= " + fact.expression, .dim))
        }
    }

    mutating func tiers(_ e: Explanation) {
        heading("Tier: \(e.decision.tier ?? "none")")
        for tier in e.tiers {
            let status: String
            switch tier.outcome {
            case .matched: status = paint("✔ matched    ", .green)
            case .notMatched: status = "· not matched"
            case .notTried: status = paint("· not tried  ", .dim)
            }
            var extra = ""
            if tier.outcome == .matched, tier.condition == nil { extra = " (no condition: everything else)" }
            line(2, "\(status)  \(tier.id)\(extra)" + cited(tier.cite))
            if let error = tier.error { line(6, paint("✘ \(error)", .red)) }
            if !tier.protect.isEmpty {
                line(6, "protects \(tier.protect.joined(separator: ", "))" + (tier.instead.map { "; emits \($0) instead" } ?? ""))
            }
            if tier.outcome != .notTried, let condition = tier.condition { self.condition("when", condition, indent: 6) }
        }
    }

    mutating func protections(_ e: Explanation) {
        guard !e.protections.isEmpty else { return }
        heading("Protections")
        for p in e.protections {
            var why: [String] = []
            if let kind = p.kind {
                switch p.kindStatus {
                case .holds(let until)?:
                    why.append("`\(kind)` registered" + (until.map { " until \($0)" } ?? " with no end date"))
                case .expired(let date)?: why.append("`\(kind)` registration expired \(date)")
                case .noEntry?, nil: why.append("no `\(kind)` in customer.protections")
                }
            }
            if let condition = p.condition { why.append("`when` is \(value(condition.value))") }
            let status = p.active ? paint("✔ active  ", .yellow) : "· inactive"
            line(2, "\(status)  \(p.id): \(why.joined(separator: "; "))" + cited(p.cite))
            if p.active {
                line(6, "blocks \(p.blocks.joined(separator: ", "))")
                if let reason = p.reason { line(6, paint(reason, .dim)) }
            }
            if let condition = p.condition { self.condition("when", condition, indent: 6) }
        }
    }

    mutating func rules(_ e: Explanation) {
        heading(e.focusedRule == nil ? "Rules (\(e.rules.count), in order)" : "Rule")
        for rule in e.rules { self.rule(rule) }
        if e.focusedRule == nil {
            for action in e.otherActions { line(2, actionLine(action)) }
        }
    }

    // MARK: Rules

    mutating func rule(_ rule: ExplainedRule) {
        line(0, "\(status(rule.outcome))  \(rule.id)" + cited(rule.cite))
        if let description = rule.description { line(4, paint(description, .dim)) }
        if let because = rule.because { line(4, "because " + because) }
        if rule.outcome == .notEffective { return }
        if let each = rule.each {
            line(4, "each \(each.text) → \(value(each.value))")
        }
        let several = rule.each != nil
        for (i, item) in rule.items.enumerated() {
            var indent = 4
            if several {
                line(4, "\(status(item.outcome)) item \(i + 1): \(item.item.map(value) ?? "")")
                if let because = item.because, rule.items.count > 1 { line(8, "because " + because) }
                indent = 8
            }
            if let when = item.when { condition("when", when, indent: indent) }
            if let unless = item.unless { condition("unless", unless, indent: indent) }
            for b in item.blocked { line(indent, blockedLine(b)) }
            for a in item.actions { line(indent, actionLine(a)) }
            for v in item.violations { line(indent, violationLine(v)) }
        }
    }

    func status(_ outcome: RuleOutcome) -> String {
        switch outcome {
        case .fired: return paint("✔ fired        ", .green)
        case .notFired: return "· not fired    "
        case .blocked: return paint("⛔ blocked    ", .red)
        case .notEffective: return paint("… not effective", .yellow)
        case .error: return paint("✘ error        ", .red)
        }
    }

    func actionLine(_ a: ActionRecord) -> String {
        var text = "→ \(a.action) (rule \(a.rule)) from \(time(a.notBefore)) due \(time(a.dueBy))"
        if let reason = a.reason { text += ": " + reason }
        if let shifted = a.shifted { text += " [moved from \(time(shifted.from)): \(shifted.reason)]" }
        return text + cited(a.cite)
    }

    func blockedLine(_ b: BlockedRecord) -> String {
        let until = b.until.map { " until \($0)" } ?? ""
        return paint("⛔ \(b.action) (rule \(b.rule)) blocked by \(b.by)\(until): \(b.reason)", .red) + cited(b.cite)
    }

    func violationLine(_ v: ViolationRecord) -> String {
        paint("! violation \(v.code) (rule \(v.rule))", .red) + (v.detail.map { ": " + $0 } ?? "") + cited(v.cite)
    }

    // MARK: Conditions

    mutating func condition(_ clause: String, _ condition: TracedCondition, indent: Int) {
        var text = "\(clause) \(condition.text) → \(paint(value(condition.value), .bold))"
        if condition.root.connective == nil {
            if !condition.root.inputs.isEmpty { text += "   " + inputs(condition.root.inputs) }
            return line(indent, text)
        }
        line(indent, text)
        for term in condition.root.terms { self.term(term, indent: indent + 2) }
    }

    mutating func term(_ term: ConditionTerm, indent: Int) {
        let mark: String
        let result: String
        switch term.value {
        case .bool(true)?: mark = paint("✔", .green); result = "true"
        case .bool(false)?: mark = paint("✘", .red); result = "false"
        case .error(let e)?: mark = paint("!", .red); result = "error: " + e.message
        case let other?: mark = "•"; result = value(other)
        case nil: mark = paint("–", .dim); result = "not evaluated"
        }
        var text = "\(mark) \(term.text) → \(result)"
        if term.connective == nil, !term.inputs.isEmpty { text += "   " + inputs(term.inputs) }
        if term.decided { text += paint("   ◀ decided", .bold) }
        line(indent, term.value == nil ? paint(text, .dim) : text)
        guard term.value != nil else { return }  // nothing below a skipped term was evaluated
        for sub in term.terms { self.term(sub, indent: indent + 2) }
    }

    func inputs(_ inputs: [TracedValue]) -> String {
        "(" + inputs.map { "\($0.text) = \(value($0.value))" }.joined(separator: ", ") + ")"
    }
}
