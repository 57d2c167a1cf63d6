import CEL

/// Which decisions change between two policy versions over one batch of snapshots: each
/// changed account with its ``DecisionDiff``, and a summary by action, tier and bureau.
///
/// An account counts as changed when its actions, blocked actions, violations, errors or
/// tier differ, or when one version evaluates a snapshot the other refuses. An account
/// whose only difference is `next_review_at` is listed apart (``reviewMoved``): a new
/// review time alone does not change what is to be done.
public struct PolicyDiff: Sendable {
    /// Snapshots compared.
    public private(set) var snapshots = 0
    /// Changed accounts, in input order.
    public private(set) var accounts: [AccountDiff] = []
    /// Accounts whose only change is `next_review_at`, in input order.
    public private(set) var reviewMoved: [AccountDiff] = []
    /// Actions added, removed and changed, by action name.
    public private(set) var byAction: [String: ActionCounts] = [:]
    /// Changed accounts by tier (the head's; the base's when the head has none).
    public private(set) var byTier: [String: Int] = [:]
    /// Changed accounts by the snapshot's `bureau`.
    public private(set) var byBureau: [String: Int] = [:]
    /// The policies (id, version, digest) that made the base decisions, by id.
    public private(set) var basePolicies: [String: PolicyVersion] = [:]
    /// The policies that made the head decisions, by id.
    public private(set) var headPolicies: [String: PolicyVersion] = [:]
    /// What `eval` would count under the base policy.
    public private(set) var baseStats = EvalStats()
    /// What `eval` would count under the head policy.
    public private(set) var headStats = EvalStats()

    /// The key under which a missing tier or bureau is counted.
    public static let none = "(none)"

    /// An empty comparison, to ``add(base:head:)`` outcomes to.
    public init() {}

    /// Whether any account changed (`--exit-code` fails then).
    public var hasChanges: Bool { !accounts.isEmpty }

    /// Accounts neither changed nor with a moved review.
    public var unchanged: Int { snapshots - accounts.count - reviewMoved.count }

    /// Adds one snapshot's outcome under the base and under the head policy.
    public mutating func add(base: LineOutcome, head: LineOutcome) {
        snapshots += 1
        baseStats.count(base)
        headStats.count(head)
        note(base, in: &basePolicies)
        note(head, in: &headPolicies)
        let account: AccountDiff
        switch (base, head) {
        case (.decided(let b), .decided(let h)):
            let diff = DecisionDiff(base: b.decision, head: h.decision, zone: h.zone)
            account = AccountDiff(line: h.decision.line, accountID: h.decision.accountID, bureau: h.bureau,
                                  tier: h.decision.tier ?? b.decision.tier, zone: h.zone, change: .decision(diff))
            guard !diff.isUnchanged else {
                if diff.nextReview != nil { reviewMoved.append(account) }
                return
            }
            for a in diff.added { byAction[a.action, default: ActionCounts()].added += 1 }
            for a in diff.removed { byAction[a.action, default: ActionCounts()].removed += 1 }
            for c in diff.changed { byAction[c.head.action, default: ActionCounts()].changed += 1 }
        case (.refused(let b), .refused(let h)):
            guard b != h else { return }
            account = AccountDiff(line: h.line, accountID: h.accountID, bureau: nil, tier: nil, zone: .utc,
                                  change: .outcome(base: base, head: head))
        case (.decided(let d), .refused), (.refused, .decided(let d)):
            account = AccountDiff(line: d.decision.line, accountID: d.decision.accountID, bureau: d.bureau,
                                  tier: d.decision.tier, zone: d.zone, change: .outcome(base: base, head: head))
        }
        accounts.append(account)
        byTier[account.tier ?? Self.none, default: 0] += 1
        byBureau[account.bureau ?? Self.none, default: 0] += 1
    }

    private func note(_ outcome: LineOutcome, in table: inout [String: PolicyVersion]) {
        guard case .decided(let d) = outcome, table[d.decision.policyID] == nil else { return }
        table[d.decision.policyID] = PolicyVersion(of: d.decision)
    }
}

/// One changed account.
public struct AccountDiff: Sendable {
    /// The input line (1-based) or array position.
    public let line: Int
    /// The account id, when the snapshot gave one.
    public let accountID: String?
    /// The snapshot's `bureau`.
    public let bureau: String?
    /// The account's tier (the head's; the base's when the head has none).
    public let tier: String?
    /// The zone the account's times are written in (the head policy's when it has one).
    public let zone: TimeZoneSpec
    /// What changed.
    public let change: Change

    /// What changed.
    public enum Change: Sendable {
        /// Both versions decided; the decisions differ.
        case decision(DecisionDiff)
        /// One version refused the snapshot (or both did, differently).
        case outcome(base: LineOutcome, head: LineOutcome)
    }
}

/// How many actions of one name were added, removed and changed.
public struct ActionCounts: Sendable, Equatable {
    /// Actions only the head requires.
    public var added: Int
    /// Actions only the base requires.
    public var removed: Int
    /// Actions both require, differently.
    public var changed: Int

    /// Counts of added, removed and changed actions.
    public init(added: Int = 0, removed: Int = 0, changed: Int = 0) {
        self.added = added
        self.removed = removed
        self.changed = changed
    }
}
