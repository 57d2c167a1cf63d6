import CEL
import Policy

/// The state of evaluating one snapshot: facts, then the tier, then protections, then every
/// rule in order; blocks, windows, sorting and `next_review_at` as docs/language.md ("Rule
/// combination, stated once") says.
///
/// The one implementation of a decision, shared by `eval` (``PolicyEvaluator``, with
/// ``NoObserver``) and `explain` (``Explainer``, with an observer that traces conditions and
/// records each outcome).
// INVARIANT: every call to `observer` sits behind `Observer.isObserving`, a constant of the
// observer's type, so that the specialisation for `NoObserver` does no observing work.
struct DecisionRun<Observer: DecisionObserver> {
    let policy: CompiledPolicy
    /// The policy's constant output, encoded once: the decision is made from it.
    let template: DecisionTemplate
    let activation: Activation
    let now: Timestamp
    let today: CivilDate
    var observer: Observer
    /// Where facts that are the same all day are kept between snapshots; nil to compute
    /// every fact (an observer always sees every fact computed).
    let dayCache: DayFactCache?
    /// The earliest `review_at` instant after now so far (kept as a running minimum, so
    /// that no list of candidates is allocated per snapshot).
    var nextReview: Timestamp?
    var failedRules: [String] = []
    /// Values of this snapshot outside their vocabularies: while there are any, the account
    /// is treated as protected.
    var unknownValues: [VocabularyGuard.Finding] = []

    init(template: DecisionTemplate, activation: Activation, asOf: Timestamp, observer: Observer, dayCache: DayFactCache? = nil) {
        self.template = template
        policy = template.compiled
        self.activation = activation
        self.observer = observer
        self.dayCache = Observer.isObserving ? nil : dayCache
        now = asOf
        today = asOf.civil(in: policy.timeZone).date
    }

    /// An activation sized for `policy`, with `params` bound.
    static func activation(for policy: CompiledPolicy) -> Activation {
        let activation = Activation(environment: policy.environment)
        activation.slots.reserveCapacity(policy.slots.count)
        while activation.slots.count < policy.slots.count { activation.slots.append(.null) }
        activation.bind(policy.slots.params, to: policy.params)
        return activation
    }

    /// Binds the snapshot's values and the instant. Never inlined: it is a phase of its own
    /// in `benchmarks/instructions.py`'s counts.
    @inline(never)
    func bind(_ snapshot: DecodedSnapshot) {
        let slots = policy.slots
        rebind(snapshot.typed)
        activation.bind(slots.now, to: .timestamp(now))
        activation.bind(slots.today, to: .date(today))
        activation.bind(slots.tier, to: .null)
    }

    /// The decision for the bound snapshot, from input line `line`.
    mutating func decide(accountID: String, line: Int) -> Decision {
        var decision = Decision(accountID: accountID, line: line, template: template, asOf: now)
        evaluate(into: &decision)
        return decision
    }

    private mutating func evaluate(into decision: inout Decision) {
        activation.resetBudget()
        viewAsOfNow(&decision)
        if !policy.vocabularies.isEmpty { guardVocabularies(&decision) }
        let day = dayCache?.day(today)
        decision.facts.reserveCapacity(policy.outputFactCount)
        let factSteps = template.factSteps
        let facts = policy.facts
        for position in factSteps.indices {
            let step = factSteps[position]
            let value: Value
            if step.isSameAllDay, let day {
                if let known = day.values[position] {
                    value = known
                } else {
                    value = run(step.program, .fact(facts[position].name))
                    if activation.isOverBudget { return exceedBudget("fact:\(facts[position].name)", &decision) }
                    day.values[position] = value
                }
            } else {
                value = run(step.program, .fact(facts[position].name))
                if activation.isOverBudget { return exceedBudget("fact:\(facts[position].name)", &decision) }
            }
            var isUnknown = false
            if case .error(let e) = value {
                let name = facts[position].name
                if let day = e.uncoveredDay {
                    // Unknown, not wrong: shown as null; what uses it stays unknown. The warning
                    // comes from what the decision shows (this fact if output, a rule that needed
                    // it), so a fact no rule needed today raises none.
                    isUnknown = true
                    if step.output { warnUncovered(day, e, at: "fact:\(name)", &decision) }
                } else {
                    report(ErrorRecord(rule: "fact:\(name)", message: e.message), &decision)
                }
            }
            if step.output {
                decision.facts.append(DecisionFact(head: template.factHeads[position], value: isUnknown ? .null : value))
            }
            // Last: the value moves into its slot (``Activation/bind(_:to:)`` consumes it).
            activation.bind(step.slot, to: value)
        }

        let tier = chooseTier(&decision)
        if activation.isOverBudget { return exceedBudget("tiers", &decision) }
        decision.tier = tier?.id
        activation.bind(policy.slots.tier, to: tier.map { .string($0.id) } ?? .null)
        let protections = activeProtections(&decision)
        if activation.isOverBudget { return exceedBudget("protections", &decision) }

        let ruleSteps = template.ruleSteps
        for position in ruleSteps.indices {
            let step = ruleSteps[position]
            guard step.isEffective(on: today) else {
                if Observer.isObserving { observer.observe(.ruleNotEffective(policy.rules[position])) }
                continue
            }
            step.rule._withUnsafeGuaranteedRef { rule in
                if Observer.isObserving { observer.observe(.ruleStarted(rule)) }
                evaluate(rule, step, at: position, tier: tier, protections: protections, into: &decision)
            }
            if activation.isOverBudget { return exceedBudget(policy.rules[position].id, &decision) }
        }
        if Observer.isObserving { observer.observe(.rulesFinished) }

        if !failedRules.isEmpty, policy.onError == .escalate {
            list(ActionRecord(
                action: "escalate", rule: "on_error", cite: nil, channels: [], notBefore: now, dueBy: now,
                reason: "rules could not be evaluated: \(failedRules.joined(separator: ", ")); a person must decide",
                data: [], shifted: nil), &decision)
        }
        finish(&decision)
    }

    /// Evaluates a condition, through the observer when there is one.
    @inline(__always)
    private mutating func run(_ program: Program, _ site: @autoclosure () -> ProgramSite) -> Value {
        if Observer.isObserving { return observer.evaluate(program, in: activation, at: site()) }
        return program.evaluate(activation)
    }

    /// Evaluates a program of a step (``FactStep``, ``RuleStep``) without counting a
    /// reference to it, through the observer when there is one.
    @inline(__always)
    private mutating func run(_ program: Unmanaged<Program>, _ site: @autoclosure () -> ProgramSite) -> Value {
        if Observer.isObserving { return observer.evaluate(program.takeUnretainedValue(), in: activation, at: site()) }
        return program._withUnsafeGuaranteedRef { $0.evaluate(activation) }
    }

    /// Ends a decision whose evaluation exceeded the step budget at `site`: whatever was
    /// decided so far is dropped (an exhausted budget never yields an action), and the
    /// decision carries only the error.
    private mutating func exceedBudget(_ site: String, _ decision: inout Decision) {
        decision.facts = []
        decision.tier = nil
        decision.actions = []
        decision.blocked = []
        decision.violations = []
        decision.nextReviewAt = nil
        decision.errors = []
        decision.budgetExceeded = site
        report(ErrorRecord(rule: site, message: "evaluation budget of \(activation.stepBudget) steps exceeded"), &decision)
    }

    // MARK: Listing results

    private mutating func report(_ error: ErrorRecord, _ decision: inout Decision) {
        decision.errors.append(error)
        if Observer.isObserving { observer.observe(.error(error)) }
    }

    /// A day the calendar does not cover was needed at `site`: once per day, a warning; what
    /// needed the day is not scheduled (the caller drops it), and nothing counts as an error.
    private mutating func warnUncovered(_ day: CivilDate, _ error: EvalError, at site: String, _ decision: inout Decision) {
        guard !decision.warnings.contains(where: { $0.code == WarningRecord.calendarNotCovered && $0.date == day }) else { return }
        decision.warnings.append(WarningRecord(
            code: WarningRecord.calendarNotCovered,
            message: error.message + "; nothing that needs this day is scheduled until the calendar covers it",
            rule: site, date: day))
    }

    private mutating func list(_ action: ActionRecord, _ decision: inout Decision) {
        decision.actions.append(action)
        if Observer.isObserving { observer.observe(.action(action)) }
    }

    private mutating func list(_ blocked: BlockedRecord, _ decision: inout Decision) {
        decision.blocked.append(blocked)
        if Observer.isObserving { observer.observe(.blocked(blocked)) }
    }

    private mutating func list(_ violation: ViolationRecord, _ decision: inout Decision) {
        decision.violations.append(violation)
        if Observer.isObserving { observer.observe(.violation(violation)) }
    }

    // MARK: Vocabularies

    /// Reads aliases as the values they stand for and lists unknown or ill-typed values,
    /// each with its warning, before anything is computed from the snapshot.
    private mutating func guardVocabularies(_ decision: inout Decision) {
        guard case .map(let whole) = activation.value(in: policy.slots.snapshot) else { return }
        let (findings, rewritten) = VocabularyGuard(vocabularies: policy.vocabularies).check(whole)
        if let rewritten { rebind(rewritten) }
        guard !findings.isEmpty else { return }
        unknownValues = findings
        decision.warnings += findings.map(\.warning)
    }

    /// Sets aside what the snapshot records after the evaluation instant (``PointInTimeView``).
    private mutating func viewAsOfNow(_ decision: inout Decision) {
        guard case .map(let whole) = activation.value(in: policy.slots.snapshot),
              let (known, setAside) = PointInTimeView(now: now).view(of: whole) else { return }
        rebind(known)
        decision.warnings.append(WarningRecord(
            code: WarningRecord.recordAfterAsOf,
            message: "\(setAside) \(setAside == 1 ? "record is" : "records are") dated after the evaluation instant and not known yet: "
                + "decided with what was known then"))
    }

    /// Binds `snapshot` and each of its top-level fields: a typed snapshot's fields are its
    /// leading values (``DecodedSnapshot/typed``). The views change values, never keys, so a
    /// changed snapshot keeps its shape and is bound the same way.
    private func rebind(_ whole: MapValue) {
        activation.bind(policy.slots.snapshot, to: .map(whole))
        let values = whole.values
        for (i, field) in policy.slots.snapshotFields.enumerated() where i < values.count {
            activation.bind(field.slot, to: values[i])
        }
    }

    // MARK: Tier and protections

    private mutating func chooseTier(_ decision: inout Decision) -> CompiledTier? {
        for tier in policy.tiers {
            guard let when = tier.when else { return tier }
            switch run(when, .tier(tier.id)) {
            case .bool(true): return tier
            case .bool(false): continue
            case .error(let e):
                report(ErrorRecord(rule: "tier:\(tier.id)", message: e.message + " (account placed in this tier)"), &decision)
                return tier
            case let other:
                report(ErrorRecord(rule: "tier:\(tier.id)", message: "condition gave \(other.debugText), not a bool (account placed in this tier)"), &decision)
                return tier
            }
        }
        return nil
    }

    /// Active protections with the date they hold until, when known.
    private mutating func activeProtections(_ decision: inout Decision) -> [(CompiledProtection, CivilDate?)] {
        var active: [(CompiledProtection, CivilDate?)] = []
        // The account's protection entries, read once, when a protection has a `kind`; by
        // the fields' positions in the decoded records.
        var entries: [Value]?
        for protection in policy.protections {
            var holds = true
            var until: CivilDate?
            var expired: CivilDate?
            if let kind = protection.kind {
                holds = false
                if entries == nil { entries = protectionEntries() }
                for case .map(let entry) in entries ?? [] {
                    guard case .string(kind)? = ProtectionField.kind.read(entry) else { continue }
                    switch ProtectionField.until.read(entry) {
                    case .date(let d)?:
                        if d >= today { holds = true; until = max(until ?? d, d) } else { expired = max(expired ?? d, d) }
                    default:
                        holds = true
                    }
                }
            }
            let kindHolds = holds
            if holds, let when = protection.when {
                switch run(when, .protection(protection.id)) {
                case .bool(let b): holds = b
                case .error(let e):
                    report(ErrorRecord(rule: "protection:\(protection.id)", message: e.message + " (protection applied)"), &decision)
                case let other:
                    report(ErrorRecord(rule: "protection:\(protection.id)", message: "condition gave \(other.debugText), not a bool (protection applied)"), &decision)
                }
            }
            if Observer.isObserving {
                let kindStatus: ProtectionKindStatus? = protection.kind == nil ? nil
                    : kindHolds ? .holds(until: until) : expired.map { .expired($0) } ?? .noEntry
                observer.observe(.protection(id: protection.id, kind: kindStatus, active: holds, until: until))
            }
            if holds { active.append((protection, until)) }
        }
        return active
    }

    /// `customer.protections` of the bound snapshot (none when absent).
    private func protectionEntries() -> [Value] {
        guard case .map(let whole) = activation.value(in: policy.slots.snapshot),
              case .map(let customer)? = ProtectionField.customer.read(whole),
              case .list(let list)? = ProtectionField.protections.read(customer) else { return [] }
        return list
    }

    // MARK: Rules

    /// Evaluates `rule` (whose step is `step`), at `position` of the policy's rules, once or
    /// for each item of its `each` list.
    private mutating func evaluate(_ rule: CompiledRule, _ step: RuleStep, at position: Int, tier: CompiledTier?,
                                   protections: [(CompiledProtection, CivilDate?)], into decision: inout Decision) {
        guard let each = rule.each else {
            return evaluate(rule, step, at: position, item: nil, tier: tier, protections: protections, into: &decision)
        }
        switch run(each, .each(rule: rule.id)) {
        case .list(let items):
            for item in items { evaluate(rule, step, at: position, item: item, tier: tier, protections: protections, into: &decision) }
        case .error(let e): fail(rule, e, &decision)
        case let other: fail(rule, "`each` gave \(other.debugText), not a list", &decision)
        }
    }

    /// One evaluation of a rule: for one item of its `each` list, or once (`item` nil).
    private mutating func evaluate(_ rule: CompiledRule, _ step: RuleStep, at position: Int, item: Value?, tier: CompiledTier?,
                                   protections: [(CompiledProtection, CivilDate?)], into decision: inout Decision) {
        if Observer.isObserving { observer.observe(.itemStarted(item)) }
        if let item, let slot = rule.itemSlot { activation.bind(slot, to: item) }
        if let review = step.reviewAt { collectReview(review._withUnsafeGuaranteedRef { $0.evaluate(activation) }, rule, &decision) }
        guard let fires = condition(rule, step, &decision), fires else { return }
        if let emit = rule.emit {
            guard let action = makeAction(emit, rule, at: position, &decision) else { return }
            place(action, tier: tier, protections: protections, into: &decision)
        }
        if let violation = rule.violation {
            guard let detail = render(violation.detail, rule, &decision) else { return }
            list(ViolationRecord(code: violation.code, rule: rule.id, cite: rule.cite, detail: detail), &decision)
        }
    }

    /// `when && !unless` of `rule`, whose step is `step`, or nil when either fails (reported).
    private mutating func condition(_ rule: CompiledRule, _ step: RuleStep, _ decision: inout Decision) -> Bool? {
        if let when = step.when {
            switch run(when, .when(rule: rule.id)) {
            case .bool(false): return false
            case .bool(true): break
            case .error(let e): fail(rule, e, &decision); return nil
            case let other: fail(rule, "`when` gave \(other.debugText), not a bool", &decision); return nil
            }
        }
        if let unless = step.unless {
            switch run(unless, .unless(rule: rule.id)) {
            case .bool(let b): return !b
            case .error(let e): fail(rule, e, &decision); return nil
            case let other: fail(rule, "`unless` gave \(other.debugText), not a bool", &decision); return nil
            }
        }
        return true
    }

    /// `error` stops `rule`: a rule error, or, for a day the calendar does not cover, a warning.
    private mutating func fail(_ rule: CompiledRule, _ error: EvalError, prefix: String = "", _ decision: inout Decision) {
        if let day = error.uncoveredDay { return warnUncovered(day, error, at: rule.id, &decision) }
        fail(rule, prefix + error.message, &decision)
    }

    private mutating func fail(_ rule: CompiledRule, _ message: String, _ decision: inout Decision) {
        report(ErrorRecord(rule: rule.id, message: message), &decision)
        if !failedRules.contains(rule.id) { failedRules.append(rule.id) }
    }

    private mutating func makeAction(_ emit: CompiledEmit, _ rule: CompiledRule, at position: Int,
                                     _ decision: inout Decision) -> ActionRecord? {
        var notBefore = now
        if let program = emit.notBefore {
            switch program.evaluate(activation) {
            case .timestamp(let t): notBefore = t
            case .error(let e): fail(rule, e, prefix: "not_before: ", &decision); return nil
            case let other: fail(rule, "not_before gave \(other.debugText), not a timestamp", &decision); return nil
            }
        }
        let dueBy: Timestamp
        switch emit.dueBy.evaluate(activation) {
        case .timestamp(let t): dueBy = t
        case .error(let e): fail(rule, e, prefix: "due_by: ", &decision); return nil
        case let other: fail(rule, "due_by gave \(other.debugText), not a timestamp", &decision); return nil
        }
        var data: [(name: String, value: Value)] = []
        data.reserveCapacity(emit.data.count)
        for (name, program) in emit.data {
            var value = program.evaluate(activation)
            if case .error(let e) = value {
                // A datum that needs a day the calendar does not know is unknown: null, with the warning.
                guard let day = e.uncoveredDay else { fail(rule, "data.\(name): " + e.message, &decision); return nil }
                warnUncovered(day, e, at: rule.id, &decision)
                value = .null
            }
            data.append((name, value))
        }
        guard let reason = render(emit.reason, rule, &decision) else { return nil }
        return ActionRecord(head: template.heads[position] ?? ActionHead(emit, of: rule),
                            notBefore: notBefore, dueBy: dueBy, reason: reason, data: data)
    }

    /// The text of a template; `.some(nil)` when there is none, nil when it fails.
    private mutating func render(_ template: CompiledTemplate?, _ rule: CompiledRule, _ decision: inout Decision) -> String?? {
        guard let template else { return .some(nil) }
        // A text alone is taken as it is, sharing its storage.
        if template.pieces.count == 1, case .text(let t) = template.pieces[0] { return .some(t) }
        // Rendered as UTF-8 bytes, one string made at the end: appending to a `String` piece
        // by piece cost several times more.
        var text: [UInt8] = []
        text.reserveCapacity(128)
        for piece in template.pieces {
            switch piece {
            case .text(let t): text.append(contentsOf: t.utf8)
            case .program(let p):
                let value = p.evaluate(activation)
                if case .error(let e) = value { fail(rule, e, prefix: "text: ", &decision); return nil }
                ValueText.append(value, zone: policy.timeZone, to: &text)
            }
        }
        return .some(String(decoding: text, as: UTF8.self))
    }

    /// Blocks, substitutes and windows an emitted action, then records it.
    private mutating func place(_ action: ActionRecord, tier: CompiledTier?, protections: [(CompiledProtection, CivilDate?)],
                                into decision: inout Decision) {
        if let tier, tier.protect.contains(action.action) {
            list(BlockedRecord(
                action: action.action, rule: action.rule, by: tier.id,
                reason: "tier `\(tier.id)` is protected: `\(action.action)` is never carried out automatically",
                cite: tier.cite, until: nil), &decision)
            if let instead = tier.instead {
                var substitute = action
                substitute.action = instead
                substitute.reason = "`\(action.action)` required by rule `\(action.rule)` is protected for tier `\(tier.id)`"
                    + (action.reason.map { ": " + $0 } ?? "")
                record(substitute, into: &decision)
            }
            return
        }
        if let (protection, until) = protections.first(where: { $0.0.blocks.contains(action.action) }) {
            list(BlockedRecord(
                action: action.action, rule: action.rule, by: protection.id,
                reason: protection.reason ?? "protection `\(protection.id)` holds", cite: protection.cite, until: until), &decision)
            return
        }
        if let unknown = unknownValues.first, action.action == VocabularyGuard.protectedAction {
            let shown = unknown.warning.value ?? ""
            list(BlockedRecord(
                action: action.action, rule: action.rule, by: "vocabulary:\(unknown.vocabulary.path)",
                reason: "`\(shown)` at `\(unknown.path)` is not a known value: the account may be one that is protected",
                cite: unknown.vocabulary.cite, until: nil), &decision)
            var substitute = action
            substitute.action = VocabularyGuard.substitute
            substitute.reason = "`\(action.action)` required by rule `\(action.rule)` is blocked: `\(unknown.path)` is `\(shown)`, not a known value; a person must decide"
                + (action.reason.map { ": " + $0 } ?? "")
            record(substitute, into: &decision)
            return
        }
        record(action, into: &decision)
    }

    private mutating func record(_ action: ActionRecord, into decision: inout Decision) {
        var action = action
        if let window = policy.windows[action.action] {
            let shifter = WindowShifter(window: window, zone: policy.timeZone, calendar: policy.calendar)
            let allowed: Timestamp, reason: String?
            switch shifter.shift(action.notBefore) {
            case .allowed(let t, let why): (allowed, reason) = (t, why)
            case .uncovered(let day):
                return warnUncovered(day, .notCovered(day, by: policy.calendar), at: action.rule, &decision)
            case .noneWithinHorizon:
                report(ErrorRecord(rule: action.rule, message: "no allowed time for `\(action.action)` within \(WindowShifter.horizon) days"), &decision)
                return
            }
            if let reason, allowed != action.notBefore {
                if let delta = try? allowed.difference(action.notBefore), let moved = try? action.dueBy.adding(delta) {
                    action.dueBy = max(moved, allowed)
                }
                action.shifted = (action.notBefore, reason + (window.cite.map { " (\($0))" } ?? ""))
                action.notBefore = allowed
            }
        }
        list(action, &decision)
    }

    private mutating func collectReview(_ value: Value, _ rule: CompiledRule, _ decision: inout Decision) {
        switch value {
        case .timestamp(let t): if t > now { nextReview = min(nextReview ?? t, t) }
        case .list(let items): for item in items { collectReview(item, rule, &decision) }
        case .null: break
        case .error(let e):
            if let day = e.uncoveredDay { return warnUncovered(day, e, at: rule.id, &decision) }
            report(ErrorRecord(rule: rule.id, message: "review_at: " + e.message), &decision)
        default: report(ErrorRecord(rule: rule.id, message: "review_at gave \(value.debugText), not a timestamp"), &decision)
        }
    }

    // MARK: Finishing

    private func finish(_ decision: inout Decision) {
        // Lists of one or none are left alone: sorting even an empty one cost some 400
        // instructions (the sort makes its array unique first).
        if decision.actions.count > 1 {
            decision.actions.sort {
                ($0.dueBy, $0.action, $0.rule, $0.notBefore) < ($1.dueBy, $1.action, $1.rule, $1.notBefore)
            }
        }
        if decision.blocked.count > 1 { decision.blocked.sort { ($0.action, $0.rule, $0.by) < ($1.action, $1.rule, $1.by) } }
        if decision.violations.count > 1 {
            decision.violations.sort { ($0.code, $0.rule, $0.detail ?? "") < ($1.code, $1.rule, $1.detail ?? "") }
        }
        // The earliest instant after now among the review candidates and the actions' windows.
        var next = nextReview
        func consider(_ t: Timestamp) { if t > now { next = min(next ?? t, t) } }
        for action in decision.actions {
            consider(action.notBefore)
            consider(action.dueBy)
        }
        decision.nextReviewAt = next
    }
}

/// The snapshot fields a protection's `kind` is checked against, by position in the decoded
/// records.
private enum ProtectionField {
    static let customer = SchemaField("customer", of: SnapshotSchema.snapshot)
    static let protections = SchemaField("protections", of: SchemaField.objects(of: "customer", in: SnapshotSchema.snapshot))
    static let kind = SchemaField("kind", of: protection)
    static let until = SchemaField("until", of: protection)
    private static let protection = SchemaField.objects(
        of: "protections", in: SchemaField.objects(of: "customer", in: SnapshotSchema.snapshot))
}
