import CEL

/// What an audit found for one account: every step the rules required over its recorded
/// history, when it became due, when (and by which record) it was done, and the verdict.
public struct AccountAudit: Sendable {
    public var accountID: String
    public var line: Int
    public var policyID: String
    public var policyDigest: String
    /// The policy's time zone, in which times are shown.
    public var zone: TimeZoneSpec
    /// The end of the history: the snapshot's `as_of` (or `--as-of`).
    public var asOf: Timestamp
    /// How many instants the history was evaluated at.
    public var instants: Int
    public var entries: [AuditEntry]
    /// The compliance findings of the decision at ``asOf``.
    public var violations: [ViolationRecord]
}

/// One step the rules required, or one record of a step that no rule required.
public struct AuditEntry: Sendable, Equatable {
    public var action: String
    /// The rule that required it (empty for a step done without being required).
    public var rule: String
    public var cite: String?
    /// The outage it concerns, for outage notices.
    public var outageID: String?
    /// The first instant at which the rules required it.
    public var requiredAt: Timestamp?
    /// Its window when it was first required.
    public var notBefore: Timestamp?
    public var dueBy: Timestamp?
    /// When the record that carried it out says it was done.
    public var doneAt: Timestamp?
    /// Where that record is in the snapshot (`notices[3]`, `supply`).
    public var record: String?
    public var verdict: AuditVerdict

    /// How late it was done, or how overdue it is at the end of the history.
    public var lateBy: CELDuration? {
        guard let dueBy else { return nil }
        switch verdict {
        case .late: return doneAt.flatMap { try? $0.difference(dueBy) }
        default: return nil
        }
    }
}

/// The verdict on one step.
public enum AuditVerdict: String, Sendable, CaseIterable {
    /// Done within its window.
    case onTime = "on_time"
    /// Done after its `due_by`.
    case late
    /// Past its `due_by` at the end of the history, and not done.
    case neverDone = "never_done"
    /// Required and not yet due at the end of the history.
    case pending
    /// Required for a while, then no longer (the customer paid, a protection began) before
    /// it was done: nothing was owed.
    case lapsed
    /// Recorded as done when no rule required it (a cut without grounds, a notice sent twice).
    case unrequired = "done_without_requirement"

    /// Whether the verdict is a finding a reviewer acts on.
    public var isFinding: Bool { self == .late || self == .neverDone || self == .unrequired }
}
