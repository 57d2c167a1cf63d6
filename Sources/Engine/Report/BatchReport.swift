/// What a batch of decisions adds up to, for `policyctl report`: the counts `eval` gives,
/// totals by action, tier and bureau, the dunning funnel, and every blocked action,
/// violation and error with the account it concerns.
///
/// Built from the outcomes `eval` prints (one ``add(_:)`` per input line), so its numbers
/// are `eval`'s.
public struct BatchReport: Sendable {
    /// Snapshots, evaluated, actions and errors, counted as `eval` counts them.
    public private(set) var stats = EvalStats()
    /// Input lines (snapshots given).
    public private(set) var snapshots = 0
    /// Actions by action name.
    public private(set) var byAction: [String: Int] = [:]
    /// Evaluated accounts and their actions, by tier.
    public private(set) var byTier: [String: GroupCounts] = [:]
    /// Evaluated accounts and their actions, by the snapshot's `bureau`.
    public private(set) var byBureau: [String: GroupCounts] = [:]
    /// The policies that made the decisions, by id.
    public private(set) var policies: [String: PolicyVersion] = [:]
    /// Blocked actions, in input order.
    public private(set) var blocked: [Entry<BlockedRecord>] = []
    /// Violations, in input order.
    public private(set) var violations: [Entry<ViolationRecord>] = []
    /// Rule errors of evaluated snapshots, in input order.
    public private(set) var errors: [Entry<ErrorRecord>] = []
    /// Lines that could not be evaluated, in input order.
    public private(set) var refused: [LineOutcome.Refusal] = []
    /// The accounts' audits, when the report was asked for them (`report --audit`).
    public var audit: AuditReport?

    /// The dunning ladder, in order: each stage's label and the action that counts for it.
    public static let funnel: [(stage: String, action: String)] = [
        ("reminders", "first_reminder"),
        ("second notices", "second_notice"),
        ("red notices", "suspension_notice"),
        ("suspensions", "suspend_supply"),
        ("restorations", "restore_supply"),
    ]

    /// The key under which a missing tier or bureau is counted.
    public static let none = "(none)"

    /// An empty report, to ``add(_:)`` outcomes to.
    public init() {}

    /// The actions of each funnel stage, in ``funnel`` order.
    public var funnelCounts: [(stage: String, action: String, count: Int)] {
        Self.funnel.map { ($0.stage, $0.action, byAction[$0.action] ?? 0) }
    }

    /// Adds one input line's outcome.
    public mutating func add(_ outcome: LineOutcome) {
        snapshots += 1
        stats.count(outcome)
        switch outcome {
        case .refused(let r):
            refused.append(r)
        case .decided(let d):
            let decision = d.decision
            if policies[decision.policyID] == nil { policies[decision.policyID] = PolicyVersion(of: decision) }
            for a in decision.actions { byAction[a.action, default: 0] += 1 }
            byTier[decision.tier ?? Self.none, default: GroupCounts()].add(decision)
            byBureau[d.bureau ?? Self.none, default: GroupCounts()].add(decision)
            blocked += decision.blocked.map { Entry(d, $0) }
            violations += decision.violations.map { Entry(d, $0) }
            errors += decision.errors.map { Entry(d, $0) }
        }
    }

    /// Accounts and actions of one group (a tier or a bureau).
    public struct GroupCounts: Sendable, Equatable {
        /// Evaluated accounts.
        public var accounts = 0
        /// Their actions.
        public var actions = 0
        /// Their blocked actions.
        public var blocked = 0
        /// Their violations.
        public var violations = 0

        mutating func add(_ decision: Decision) {
            accounts += 1
            actions += decision.actions.count
            blocked += decision.blocked.count
            violations += decision.violations.count
        }
    }

    /// A record of a decision with the account it belongs to.
    public struct Entry<Record: Sendable>: Sendable {
        /// The input line of the decision.
        public let line: Int
        /// The account.
        public let accountID: String
        /// The snapshot's `bureau`.
        public let bureau: String?
        /// The blocked action, violation or error.
        public let record: Record

        init(_ decided: LineOutcome.Decided, _ record: Record) {
            line = decided.decision.line
            accountID = decided.decision.accountID
            bureau = decided.bureau
            self.record = record
        }
    }
}
