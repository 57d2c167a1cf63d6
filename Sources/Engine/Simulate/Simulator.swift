import CEL
import Policy

/// Plays an account forward in time under a policy (`policyctl simulate`): at each step it
/// evaluates the snapshot, carries out every action whose `not_before` has come (at that
/// instant, recording it in the snapshot as ``ActionFeedback`` says), and steps to the next
/// instant at which something can change: the earliest later `not_before`, the decision's
/// `next_review_at`, or the planned payment.
///
/// The simulation edits the snapshot's JSON and decodes it again at every step, so what it
/// feeds back is exactly what an integrator would send. Calendars and windows apply as in
/// `eval`, because every step is an ordinary evaluation.
///
/// It stops at the horizon, when nothing is due and the policy names no instant to look
/// again, or after ``maxSteps`` evaluations. An action emitted again at the same instant
/// right after it was recorded means that its rule's `unless` does not see the record (a
/// policy bug): it is reported once as a warning and never carried out again.
public struct Simulator {
    /// The policy the account is played under.
    public let policy: CompiledPolicy
    /// The most evaluations one simulation makes.
    public var maxSteps = 1_000

    /// A simulator for `policy`.
    public init(policy: CompiledPolicy) {
        self.policy = policy
    }

    /// Simulates `snapshot` (a JSON object as `JSONReader` reads it) from `start` for `days`
    /// days, with an optional payment.
    public func run(_ snapshot: Value, from start: Timestamp, days: Int,
                    payment: PlannedPayment? = nil) throws(SnapshotError) -> Timeline {
        guard case .map(var json) = snapshot else {
            throw SnapshotError(path: "", message: "a snapshot must be a JSON object", accountID: nil)
        }
        let first = try SnapshotDecoder.decode(snapshot)
        let zone = policy.timeZone
        let end = (try? start.adding(CELDuration(seconds: Int64(max(0, days)) * 86_400))) ?? start
        var timeline = Timeline(accountID: first.accountID, policy: PolicyVersion(of: policy), zone: zone, start: start, end: end, payment: payment)
        let evaluator = PolicyEvaluator(policy: policy)
        var seen = Set<String>()          // blocked, violations and errors already listed
        var looping = Set<String>()       // actions whose record does not stop them
        var doneNow = Set<String>()       // actions carried out at the current instant
        var waiting: [String: ActionRecord] = [:]   // actions seen before their not_before
        var paid = payment == nil
        var now = start

        while true {
            guard timeline.steps < maxSteps else {
                timeline.events.append(TimelineEvent(
                    at: now, kind: .warning, name: "warning",
                    text: "stopped after \(maxSteps) evaluations: the policy keeps asking to look again"))
                timeline.stop = .stepLimit
                break
            }
            timeline.steps += 1
            if let payment, !paid, payment.at <= now {
                paid = true
                let typed = try SnapshotDecoder.decode(.map(json))
                do {
                    let recorded = try payment.apply(to: &json, typed: typed, zone: zone)
                    timeline.events.append(TimelineEvent(at: now, kind: .payment, name: "payment", recorded: recorded))
                } catch {
                    timeline.events.append(TimelineEvent(at: now, kind: .warning, name: "warning",
                                                         text: "the payment could not be recorded: \(error.message)"))
                }
            }
            json.set("as_of", .string(now.rfc3339(in: zone)))
            let decision = evaluator.evaluate(try SnapshotDecoder.decode(.map(json)), asOf: now, line: 1)
            list(decision, at: now, seen: &seen, into: &timeline)

            var changed = false
            // Several actions of one rule in one decision (a rule with `each`) are distinct;
            // one carried out earlier at this instant and required again is a loop.
            let carriedEarlier = doneNow
            let due = decision.actions.enumerated()
                .filter { $0.element.notBefore <= now }
                .sorted { ($0.element.notBefore, $0.offset) < ($1.element.notBefore, $1.offset) }
                .map(\.element)
            for emitted in due {
                let key = Self.identity(emitted)
                var action = emitted
                // The integrator scheduled the version seen earlier: keep why it was moved.
                if action.shifted == nil, let earlier = waiting[key], earlier.notBefore == now {
                    action.shifted = earlier.shifted
                }
                if looping.contains(key) { continue }
                if carriedEarlier.contains(key) {
                    looping.insert(key)
                    timeline.events.append(TimelineEvent(
                        at: now, kind: .warning, name: "warning", rule: action.rule, cite: action.cite,
                        text: "`\(action.action)` (rule `\(action.rule)`) was required again right after it was recorded: "
                            + "the rule's `unless` does not see the record (a policy bug); not carried out again",
                        action: action))
                    continue
                }
                doneNow.insert(key)
                let recorded = ActionFeedback.apply(action, at: now, zone: zone, to: &json)
                timeline.events.append(TimelineEvent(
                    at: now, kind: .action, name: action.action, rule: action.rule, cite: action.cite,
                    channels: action.channels, text: action.reason, note: note(for: action, at: now),
                    recorded: recorded, action: action))
                changed = true
            }
            // Something was recorded: look again at the same instant (one step may enable
            // the next, such as the approval request after the red notice).
            if changed { continue }

            var next = decision.nextReviewAt
            waiting = [:]
            for action in decision.actions where action.notBefore > now && !looping.contains(Self.identity(action)) {
                next = min(next ?? action.notBefore, action.notBefore)
                waiting[Self.identity(action)] = action
            }
            if let payment, !paid, payment.at > now { next = min(next ?? payment.at, payment.at) }
            guard let next, next <= end else {
                timeline.stop = next == nil ? .quiet : .horizon
                timeline.pending = decision.actions.filter { $0.notBefore > now }
                break
            }
            now = next
            doneNow = []
        }
        timeline.snapshot = .map(json)
        return timeline
    }

    /// Lists what the decision blocked, found and failed on, each once.
    private func list(_ decision: Decision, at now: Timestamp, seen: inout Set<String>, into timeline: inout Timeline) {
        for b in decision.blocked where seen.insert("blocked\u{0}\(b.action)\u{0}\(b.rule)\u{0}\(b.by)").inserted {
            timeline.events.append(TimelineEvent(
                at: now, kind: .blocked, name: b.action, rule: b.rule, cite: b.cite, text: b.reason,
                note: "blocked by `\(b.by)`" + (b.until.map { " until \($0)" } ?? "")))
        }
        for v in decision.violations where seen.insert("violation\u{0}\(v.code)\u{0}\(v.rule)\u{0}\(v.detail ?? "")").inserted {
            timeline.events.append(TimelineEvent(at: now, kind: .violation, name: v.code, rule: v.rule, cite: v.cite, text: v.detail))
        }
        for e in decision.errors where seen.insert("error\u{0}\(e.rule)\u{0}\(e.message)").inserted {
            timeline.events.append(TimelineEvent(at: now, kind: .error, name: "error", rule: e.rule, text: e.message))
        }
    }

    /// A remark for people about a carried-out action.
    private func note(for action: ActionRecord, at now: Timestamp) -> String? {
        var notes: [String] = []
        if let shifted = action.shifted {
            notes.append("moved from \(TimelineText.clock(shifted.from, zone: policy.timeZone)): \(shifted.reason)")
        }
        if action.notBefore < now {
            notes.append("late: its not_before was \(TimelineText.clock(action.notBefore, zone: policy.timeZone))")
        }
        if !action.channels.isEmpty, action.action != "suspend_supply",
           case .timestamp(let cut)? = action.data.first(where: { $0.name == "planned_cut_at" })?.value {
            notes.append("announces the cut at \(TimelineText.clock(cut, zone: policy.timeZone))")
        }
        if action.action == "escalate" {
            notes.append("a person must decide; the simulation does not assume their decision")
        }
        if action.action == "suspend_supply", let holiday = holidayBefore(now) {
            notes.append("first working day after the days off \(holiday)")
        }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// The run of non-working days just before `t`'s date, when it includes a weekday (a
    /// holiday rather than a weekend), as `from…to`.
    private func holidayBefore(_ t: Timestamp) -> String? {
        let calendar = policy.calendar
        guard var day = try? t.civil(in: policy.timeZone).date.adding(days: -1) else { return nil }
        var last: CivilDate?
        var first: CivilDate?
        var weekday = false
        for _ in 0..<31 {
            guard !calendar.isWorkday(day) else { break }
            last = last ?? day
            first = day
            if day.weekday <= 5 { weekday = true }
            guard let previous = try? day.adding(days: -1) else { break }
            day = previous
        }
        guard weekday, let first, let last else { return nil }
        return first == last ? "\(first)" : "\(first)…\(last)"
    }

    /// What makes two emitted actions the same requirement: action, rule and, for rules
    /// that run once per outage, the outage.
    static func identity(_ action: ActionRecord) -> String {
        var key = action.action + "\u{0}" + action.rule
        if case .string(let outage)? = action.data.first(where: { $0.name == "outage_id" })?.value { key += "\u{0}" + outage }
        return key
    }
}
