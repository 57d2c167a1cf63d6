import CEL

/// How one account's decision differs between two policy versions: actions added, removed
/// or changed; blocked actions, violations and errors that appeared or went away; the tier
/// and `next_review_at` when they moved.
///
/// Actions are matched by `(action, rule)`. When a rule emits several actions of one name
/// (a rule with `each`), identical ones are matched first and the rest pair up in order.
/// Facts are not compared: a fact matters through the actions and findings it leads to.
public struct DecisionDiff: Sendable {
    /// Actions only the head requires.
    public private(set) var added: [ActionRecord] = []
    /// Actions only the base requires.
    public private(set) var removed: [ActionRecord] = []
    /// Actions both require, with different windows, channels, data, reason or citation.
    public private(set) var changed: [ActionChange] = []
    /// Blocked actions only the head has.
    public private(set) var blockedAdded: [BlockedRecord] = []
    /// Blocked actions only the base has.
    public private(set) var blockedRemoved: [BlockedRecord] = []
    /// Violations only the head finds.
    public private(set) var violationsAdded: [ViolationRecord] = []
    /// Violations only the base finds.
    public private(set) var violationsRemoved: [ViolationRecord] = []
    /// Evaluation errors only under the head.
    public private(set) var errorsAdded: [ErrorRecord] = []
    /// Evaluation errors only under the base.
    public private(set) var errorsRemoved: [ErrorRecord] = []
    /// The tier under each version, when it differs.
    public private(set) var tier: (base: String?, head: String?)?
    /// `next_review_at` under each version, when it differs.
    public private(set) var nextReview: (base: Timestamp?, head: Timestamp?)?

    /// Compares two decisions on the same snapshot; `zone` is the one `data` values are
    /// compared in (the head policy's).
    public init(base: Decision, head: Decision, zone: TimeZoneSpec) {
        matchActions(base.actions, head.actions, zone: zone)
        (blockedRemoved, blockedAdded) = Self.difference(base.blocked, head.blocked)
        (violationsRemoved, violationsAdded) = Self.difference(base.violations, head.violations)
        (errorsRemoved, errorsAdded) = Self.difference(base.errors, head.errors)
        if base.tier != head.tier { tier = (base.tier, head.tier) }
        if base.nextReviewAt != head.nextReviewAt { nextReview = (base.nextReviewAt, head.nextReviewAt) }
    }

    /// Whether what the decision requires or finds is the same under both versions (only
    /// `next_review_at` may have moved).
    public var isUnchanged: Bool {
        added.isEmpty && removed.isEmpty && changed.isEmpty && blockedAdded.isEmpty && blockedRemoved.isEmpty
            && violationsAdded.isEmpty && violationsRemoved.isEmpty && errorsAdded.isEmpty && errorsRemoved.isEmpty
            && tier == nil
    }

    private mutating func matchActions(_ base: [ActionRecord], _ head: [ActionRecord], zone: TimeZoneSpec) {
        var unmatchedHead = Array(head.indices)
        var pending: [Int] = []
        // Identical actions first, so that one changed action among several of a rule
        // pairs with its own counterpart.
        for b in base.indices {
            let match = unmatchedHead.firstIndex { ActionChange.fields(base[b], head[$0], zone: zone).isEmpty }
            if let match { unmatchedHead.remove(at: match) } else { pending.append(b) }
        }
        for b in pending {
            let match = unmatchedHead.firstIndex { head[$0].action == base[b].action && head[$0].rule == base[b].rule }
            if let match {
                let h = unmatchedHead.remove(at: match)
                changed.append(ActionChange(base: base[b], head: head[h], fields: ActionChange.fields(base[b], head[h], zone: zone)))
            } else {
                removed.append(base[b])
            }
        }
        added = unmatchedHead.map { head[$0] }
    }

    /// What only `base` has and what only `head` has, each in its own order, counting
    /// repeated entries.
    static func difference<T: Equatable>(_ base: [T], _ head: [T]) -> (onlyBase: [T], onlyHead: [T]) {
        var onlyHead = head
        var onlyBase: [T] = []
        for item in base {
            if let i = onlyHead.firstIndex(of: item) { onlyHead.remove(at: i) } else { onlyBase.append(item) }
        }
        return (onlyBase, onlyHead)
    }
}

/// One action both versions require, differently.
public struct ActionChange: Sendable {
    /// The action as the base requires it.
    public let base: ActionRecord
    /// The action as the head requires it.
    public let head: ActionRecord
    /// The contract's names of the fields that differ, in the order the decision lists them.
    public let fields: [String]

    /// The fields in which two actions differ (empty when they are the same action);
    /// `data` is compared as the JSON `eval` writes for it in `zone`.
    static func fields(_ a: ActionRecord, _ b: ActionRecord, zone: TimeZoneSpec) -> [String] {
        guard a.action == b.action, a.rule == b.rule else { return ["action"] }
        var fields: [String] = []
        if a.cite != b.cite { fields.append("cite") }
        if a.channels != b.channels { fields.append("channels") }
        if a.notBefore != b.notBefore { fields.append("not_before") }
        if a.dueBy != b.dueBy { fields.append("due_by") }
        if a.reason != b.reason { fields.append("reason") }
        if dataJSON(a, zone) != dataJSON(b, zone) { fields.append("data") }
        return fields
    }

    private static func dataJSON(_ a: ActionRecord, _ zone: TimeZoneSpec) -> [UInt8] {
        var w = JSONWriter()
        DecisionJSON.data(a, zone: zone, into: &w)
        return w.bytes
    }
}
