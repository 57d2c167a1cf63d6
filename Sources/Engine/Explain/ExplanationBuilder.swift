import CEL
import Policy

/// Turns the events a decision run recorded into an ``Explanation``: a pure function of
/// the events, the policy (for citations and order) and the finished decision.
struct ExplanationBuilder {
    let policy: CompiledPolicy
    let decision: Decision
    let today: CivilDate

    func build(_ events: [DecisionEvent]) -> Explanation {
        var facts: [ExplainedFact] = []
        var tierConditions: [String: TracedCondition] = [:]
        var protectionConditions: [String: TracedCondition] = [:]
        var protectionStatus: [String: (kind: ProtectionKindStatus?, active: Bool, until: CivilDate?)] = [:]
        var rules: [ExplainedRule] = []
        var current: ExplainedRule?
        var errors: [ErrorRecord] = []
        var otherActions: [ActionRecord] = []
        let factsByName = Dictionary(policy.facts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        func flush() {
            if let rule = current { rules.append(Self.finished(rule)) }
            current = nil
        }
        /// Applies `change` to the current item of the current rule; false when there is none.
        func updateItem(_ change: (inout ExplainedItem) -> Void) -> Bool {
            guard let last = current?.items.indices.last else { return false }
            current?.items[last].apply(change)
            return true
        }

        for event in events {
            switch event {
            case .evaluated(let site, let value, let program, let trace):
                switch site {
                case .fact(let name):
                    let fact = factsByName[name]
                    facts.append(ExplainedFact(name: name, expression: Self.text(of: program), value: value,
                                               type: fact?.type ?? .dyn, output: fact?.output ?? false))
                case .tier(let id):
                    tierConditions[id] = TracedCondition(program: program, value: value, trace: trace)
                case .protection(let id):
                    protectionConditions[id] = TracedCondition(program: program, value: value, trace: trace)
                case .each:
                    current?.each = TracedCondition(program: program, value: value, trace: trace)
                case .when:
                    _ = updateItem { $0.when = TracedCondition(program: program, value: value, trace: trace) }
                case .unless:
                    _ = updateItem { $0.unless = TracedCondition(program: program, value: value, trace: trace) }
                }
            case .protection(let id, let kind, let active, let until):
                protectionStatus[id] = (kind, active, until)
            case .ruleNotEffective(let rule):
                flush()
                var explained = Self.start(rule)
                explained.outcome = .notEffective
                explained.because = Self.effectiveText(rule).map { "today (\(today)) is outside its effective dates (\($0))" }
                rules.append(explained)
            case .ruleStarted(let rule):
                flush()
                current = Self.start(rule)
            case .itemStarted(let item):
                current?.items.append(ExplainedItem(item: item, when: nil, unless: nil, outcome: .notFired, because: nil,
                                                    actions: [], blocked: [], violations: [], errors: []))
            case .rulesFinished:
                flush()
            case .error(let error):
                if !updateItem({ $0.errors.append(error.message) }) {
                    if current != nil { current?.errors.append(error.message) } else { errors.append(error) }
                }
            case .action(let action):
                if !updateItem({ $0.actions.append(action) }) { otherActions.append(action) }
            case .blocked(let blocked):
                _ = updateItem { $0.blocked.append(blocked) }
            case .violation(let violation):
                _ = updateItem { $0.violations.append(violation) }
            }
        }
        flush()

        return Explanation(
            accountID: decision.accountID, policyID: policy.id, policyName: policy.name, policyVersion: policy.version,
            policyDigest: policy.digest, asOf: decision.asOf, today: today, zone: policy.timeZone, facts: facts,
            tiers: tiers(tierConditions, errors: errors),
            protections: policy.protections.map { p in
                let status = protectionStatus[p.id]
                return ExplainedProtection(id: p.id, cite: p.cite, reason: p.reason, kind: p.kind, kindStatus: status?.kind,
                                           condition: protectionConditions[p.id], active: status?.active ?? false,
                                           until: status?.until, blocks: p.blocks.sorted())
            },
            rules: rules, errors: errors, otherActions: otherActions, decision: decision, focusedRule: nil)
    }

    // MARK: Tiers

    private func tiers(_ conditions: [String: TracedCondition], errors: [ErrorRecord]) -> [ExplainedTier] {
        var matched = false
        return policy.tiers.map { tier in
            var explained = ExplainedTier(id: tier.id, cite: tier.cite, protect: tier.protect.sorted(), instead: tier.instead,
                                          condition: conditions[tier.id], outcome: .notTried, error: nil)
            guard !matched else { return explained }
            if let condition = explained.condition, case .bool(false) = condition.value {
                explained.outcome = .notMatched
            } else if explained.condition != nil || tier.when == nil {
                explained.outcome = .matched
                explained.error = errors.first { $0.rule == "tier:\(tier.id)" }?.message
                matched = true
            }
            return explained
        }
    }

    // MARK: Rules

    private static func start(_ rule: CompiledRule) -> ExplainedRule {
        ExplainedRule(id: rule.id, cite: rule.cite, description: rule.description, effectiveFrom: rule.effectiveFrom,
                      effectiveUntil: rule.effectiveUntil, action: rule.emit?.action, violationCode: rule.violation?.code,
                      each: nil, items: [], errors: [], outcome: .notFired, because: nil)
    }

    /// The rule with each item's outcome and its own.
    private static func finished(_ rule: ExplainedRule) -> ExplainedRule {
        var rule = rule
        rule.items = rule.items.map(finished)
        if !rule.errors.isEmpty {
            rule.outcome = .error
            rule.because = rule.errors.joined(separator: "; ")
        } else if rule.items.isEmpty {
            rule.outcome = .notFired
            rule.because = "`each` gave no items"
        } else if let failed = rule.items.first(where: { $0.outcome == .error }) {
            rule.outcome = .error
            rule.because = failed.because
        } else if rule.items.contains(where: { $0.outcome == .blocked }) {
            rule.outcome = .blocked
        } else if rule.items.contains(where: { $0.outcome == .fired }) {
            rule.outcome = .fired
        } else {
            rule.outcome = .notFired
            rule.because = rule.items.count == 1 ? rule.items[0].because : "none of its \(rule.items.count) items fired"
        }
        return rule
    }

    private static func finished(_ item: ExplainedItem) -> ExplainedItem {
        var item = item
        if !item.errors.isEmpty {
            item.outcome = .error
            item.because = item.errors.joined(separator: "; ")
        } else if !item.blocked.isEmpty {
            item.outcome = .blocked
        } else if !item.actions.isEmpty || !item.violations.isEmpty {
            item.outcome = .fired
        } else {
            item.outcome = .notFired
            if let when = item.when, case .bool(false) = when.value {
                item.because = reason("when", when, expected: false)
            } else if let unless = item.unless, case .bool(true) = unless.value {
                item.because = reason("unless", unless, expected: true)
            }
        }
        return item
    }

    /// "`when` is false: `x > 0` is false", naming the term that decided it.
    private static func reason(_ clause: String, _ condition: TracedCondition, expected: Bool) -> String {
        let word = expected ? "true" : "false"
        let term = condition.decidingTerm
        guard term.text != condition.text else { return "`\(clause)` is \(word)" }
        return "`\(clause)` is \(word): `\(term.text)` is \(word)"
    }

    private static func effectiveText(_ rule: CompiledRule) -> String? {
        switch (rule.effectiveFrom, rule.effectiveUntil) {
        case (let from?, let until?): return "\(from) to \(until)"
        case (let from?, nil): return "from \(from)"
        case (nil, let until?): return "until \(until)"
        case (nil, nil): return nil
        }
    }

    /// An expression's text on one line.
    private static func text(of program: Program) -> String {
        let parsed = program.checked.parsed
        return SourceSpans(parsed).text(of: parsed.root.id) ?? program.sourceInfo.source.text
    }
}

extension ExplainedItem {
    /// Applies `change` in place (through optional chaining).
    fileprivate mutating func apply(_ change: (inout ExplainedItem) -> Void) {
        change(&self)
    }
}
