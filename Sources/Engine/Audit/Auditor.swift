import CEL
import Policy

/// Replays an account's recorded history under a policy (`policyctl audit`): it evaluates
/// the rules as of every recorded event, the instant just before it, and every deadline and
/// review instant the decisions name between them (``PointInTimeView`` makes each decision
/// see only what was known then), follows each required step from the first instant it was
/// required until a record carries it out or it lapses, and matches every record of an
/// action to the requirement it fulfilled, so that what no rule required stands out.
public struct Auditor {
    public let policy: CompiledPolicy
    /// The most instants one account is evaluated at.
    public var maxInstants = 600

    public init(policy: CompiledPolicy) {
        self.policy = policy
    }

    /// A record of something done, found in the snapshot.
    struct Done {
        var action: String
        var outageID: String?
        var at: Timestamp
        var source: Source
        var matched = false

        /// Where a record is in the snapshot.
        enum Source {
            case notice(Int)
            case approval(Int)
            case supply
        }

        /// The record's place, as a JSON path.
        var place: String {
            switch source {
            case .notice(let i): return "notices[\(i)]"
            case .approval(let i): return "approvals[\(i)]"
            case .supply: return "supply"
            }
        }
    }

    public func audit(_ snapshot: DecodedSnapshot, until end: Timestamp, line: Int) -> AccountAudit {
        let evaluator = PolicyEvaluator(policy: policy)
        var records = Self.records(in: snapshot, until: end)
        var instants = Set(records.flatMap { [$0.at, Self.before($0.at)] })
        instants.formUnion(Self.eventTimes(in: snapshot, zone: policy.timeZone).filter { $0 <= end })
        instants.insert(end)

        var decisions: [Timestamp: Decision] = [:]
        // Evaluate, then add the instants the decisions name (deadlines and reviews), until
        // none is new or the bound is reached.
        var pending = instants
        while let t = pending.min(), decisions.count < maxInstants {
            pending.remove(t)
            let decision = evaluator.evaluate(snapshot, asOf: t, line: line)
            decisions[t] = decision
            var named = decision.actions.flatMap { [$0.notBefore, $0.dueBy, Self.after($0.dueBy)] }
            if let review = decision.nextReviewAt { named.append(review) }
            for n in named where n > t && n <= end && decisions[n] == nil && !instants.contains(n) {
                instants.insert(n)
                pending.insert(n)
            }
        }

        var open: [String: AuditEntry] = [:]
        var order: [String] = []
        var closed: [AuditEntry] = []
        for t in decisions.keys.sorted() {
            guard let decision = decisions[t] else { continue }
            var present = Set<String>()
            for action in decision.actions {
                let outage = Self.outageID(action)
                let key = [action.action, action.rule, outage ?? ""].joined(separator: "\u{0}")
                present.insert(key)
                guard open[key] == nil else { continue }
                open[key] = AuditEntry(action: action.action, rule: action.rule, cite: action.cite, outageID: outage, requiredAt: t,
                                       notBefore: action.notBefore, dueBy: action.dueBy, doneAt: nil, record: nil, verdict: .pending)
                order.append(key)
            }
            for key in order where open[key] != nil && !present.contains(key) {
                guard var entry = open.removeValue(forKey: key) else { continue }
                if let i = records.firstIndex(where: { !$0.matched && $0.action == entry.action && $0.outageID == entry.outageID
                                                       && $0.at <= t && $0.at >= entry.requiredAt ?? $0.at }) {
                    records[i].matched = true
                    entry.doneAt = records[i].at
                    entry.record = records[i].place
                    entry.verdict = (entry.dueBy.map { records[i].at <= $0 } ?? true) ? .onTime : .late
                } else {
                    // No longer required: before its deadline nothing was owed; after it, the
                    // step was missed (a reminder window that closed, say).
                    entry.verdict = (entry.dueBy.map { t > $0 } ?? false) ? .neverDone : .lapsed
                }
                closed.append(entry)
            }
            order.removeAll { open[$0] == nil }
        }
        for key in order {
            guard var entry = open[key] else { continue }
            entry.verdict = (entry.dueBy.map { $0 < end } ?? false) ? .neverDone : .pending
            closed.append(entry)
        }
        let actionNames = Set(policy.rules.compactMap { $0.emit?.action } + policy.tiers.compactMap(\.instead))
        for record in records where !record.matched && actionNames.contains(record.action) {
            // Done at the very instant it became due (a follow-up on the day the interval
            // ends), the record itself hides the requirement: ask without it.
            if let required = Self.requirement(for: record, in: snapshot, evaluator: evaluator, line: line) {
                closed.append(AuditEntry(action: record.action, rule: required.rule, cite: required.cite, outageID: record.outageID,
                                         requiredAt: record.at, notBefore: required.notBefore, dueBy: required.dueBy,
                                         doneAt: record.at, record: record.place,
                                         verdict: record.at <= required.dueBy ? .onTime : .late))
            } else {
                closed.append(AuditEntry(action: record.action, rule: "", cite: nil, outageID: record.outageID, requiredAt: nil,
                                         notBefore: nil, dueBy: nil, doneAt: record.at, record: record.place, verdict: .unrequired))
            }
        }
        closed.sort { ($0.requiredAt ?? $0.doneAt ?? end, $0.action, $0.rule) < ($1.requiredAt ?? $1.doneAt ?? end, $1.action, $1.rule) }
        let last = decisions[end]
        return AccountAudit(accountID: snapshot.accountID, line: line, policyID: policy.id, policyDigest: policy.digest, zone: policy.timeZone, asOf: end,
                            instants: decisions.count, entries: closed, violations: last?.violations ?? [])
    }

    /// The action `record` carried out, as the rules required it at the record's instant
    /// had the record not been made; nil when they did not.
    static func requirement(for record: Done, in snapshot: DecodedSnapshot, evaluator: PolicyEvaluator, line: Int) -> ActionRecord? {
        let whole = snapshot.typed
        let without: MapValue
        switch record.source {
        case .notice(let i):
            guard case .list(var notices)? = whole["notices"], i < notices.count else { return nil }
            notices.remove(at: i)
            without = whole.replacingValue(forKey: "notices", with: .list(notices))
        case .approval(let i):
            guard case .list(var approvals)? = whole["approvals"], i < approvals.count else { return nil }
            approvals.remove(at: i)
            without = whole.replacingValue(forKey: "approvals", with: .list(approvals))
        case .supply:
            return nil
        }
        let decision = evaluator.evaluate(DecodedSnapshot(accountID: snapshot.accountID, typed: without), asOf: record.at, line: line)
        return decision.actions.first { $0.action == record.action && outageID($0) == record.outageID }
    }

    // MARK: The history in a snapshot

    /// What the snapshot records as done, by action name: its notices (`kind` is the
    /// action), the cut (`supply` suspended since) and the restoration (`supply` on since).
    static func records(in snapshot: DecodedSnapshot, until end: Timestamp) -> [Done] {
        let whole = snapshot.typed
        var done: [Done] = []
        if case .list(let notices)? = whole["notices"] {
            for (i, notice) in notices.enumerated() {
                guard case .map(let n) = notice, case .string(let kind)? = n["kind"], case .timestamp(let at)? = n["sent_at"], at <= end else { continue }
                var outage: String?
                if case .string(let id)? = n["outage_id"] { outage = id }
                done.append(Done(action: kind, outageID: outage, at: at, source: .notice(i)))
            }
        }
        // An approval of an action answers the request for it.
        if case .list(let approvals)? = whole["approvals"] {
            for (i, approval) in approvals.enumerated() {
                guard case .map(let a) = approval, case .timestamp(let at)? = a["at"], at <= end else { continue }
                done.append(Done(action: "approval_request", at: at, source: .approval(i)))
            }
        }
        if case .map(let supply)? = whole["supply"], case .timestamp(let since)? = supply["since"], since <= end {
            switch supply["status"] {
            case .string("suspended")?: done.append(Done(action: "suspend_supply", at: since, source: .supply))
            case .string("on")?: done.append(Done(action: "restore_supply", at: since, source: .supply))
            default: break
            }
        }
        return done.sorted { $0.at < $1.at }
    }

    /// Instants at which the rules may change their mind on their own: the day after each
    /// bill's deadline, each payment and approval, each delivery, and each outage's start and end.
    static func eventTimes(in snapshot: DecodedSnapshot, zone: TimeZoneSpec) -> [Timestamp] {
        let whole = snapshot.typed
        var times: [Timestamp] = []
        func collect(_ list: String, _ keys: [String]) {
            guard case .list(let items)? = whole[list] else { return }
            for case .map(let item) in items {
                for key in keys {
                    if case .timestamp(let t)? = item[key] { times.append(t) }
                    if case .date(let d)? = item[key], let next = try? d.adding(days: 1), let t = try? Timestamp.startOfDay(next, in: zone) {
                        times.append(t)
                    }
                }
            }
        }
        collect("bills", ["due_date"])
        collect("payments", ["at"])
        collect("approvals", ["at"])
        collect("notices", ["delivered_at"])
        collect("outages", ["start", "end"])
        return times
    }

    static func outageID(_ action: ActionRecord) -> String? {
        for (name, value) in action.data where name == "outage_id" {
            if case .string(let id) = value { return id }
        }
        return nil
    }

    static func before(_ t: Timestamp) -> Timestamp { (try? t.adding(CELDuration(seconds: -1))) ?? t }
    static func after(_ t: Timestamp) -> Timestamp { (try? t.adding(CELDuration(seconds: 1))) ?? t }
}
