import CEL

/// What a policy requires for one account at one instant (contract §2).
public struct Decision: Sendable {
    public var accountID: String
    /// The input line (1-based) or array position the snapshot came from.
    public var line: Int
    public var policyID: String
    public var policyVersion: String?
    public var policyDigest: String
    public var asOf: Timestamp
    public var tier: String?
    /// Output facts in declaration order, with their declared types.
    public var facts: [(name: String, value: Value, type: CELType)] = []
    public var actions: [ActionRecord] = []
    public var blocked: [BlockedRecord] = []
    public var violations: [ViolationRecord] = []
    public var nextReviewAt: Timestamp?
    public var errors: [ErrorRecord] = []
    /// Set when evaluating the snapshot exceeded the step budget
    /// (``CEL/Activation/stepBudget``): the fact, tier, protection or rule that was being
    /// evaluated (`fact:<name>`, a rule id, …). Such a decision has no actions, blocked
    /// actions, violations or facts, only that error; `eval` prints an error line instead.
    public var budgetExceeded: String?
}

/// An action to carry out within `[notBefore, dueBy]`.
public struct ActionRecord: Sendable {
    public var action: String
    public var rule: String
    public var cite: String?
    public var channels: [String]
    public var notBefore: Timestamp
    public var dueBy: Timestamp
    public var reason: String?
    public var data: [(name: String, value: Value)]
    /// Set when a window moved the action: its original `not_before` and why.
    public var shifted: (from: Timestamp, reason: String)?
}

/// An action a rule required that a tier or protection stopped.
public struct BlockedRecord: Sendable, Equatable {
    public var action: String
    public var rule: String
    /// The tier or protection id.
    public var by: String
    public var reason: String
    public var cite: String?
    /// Until when the protection holds, when known.
    public var until: CivilDate?
}

/// A compliance finding.
public struct ViolationRecord: Sendable, Equatable {
    public var code: String
    public var rule: String
    public var cite: String?
    public var detail: String?
}

/// An evaluation error: which rule, fact or tier, what, and where in the policy.
public struct ErrorRecord: Sendable, Equatable {
    public var rule: String
    public var message: String
}
