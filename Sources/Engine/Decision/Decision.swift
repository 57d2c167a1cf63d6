import CEL

/// What a policy requires for one account at one instant (contract §2).
public struct Decision: Sendable {
    public var accountID: String
    /// The input line (1-based) or array position the snapshot came from.
    public var line: Int
    /// What every decision of the policy shares, encoded once (``DecisionTemplate``).
    let template: DecisionTemplate
    public var asOf: Timestamp
    public var tier: String?
    /// Output facts in declaration order, with their declared types.
    public var facts: [DecisionFact] = []
    public var actions: [ActionRecord] = []
    public var blocked: [BlockedRecord] = []
    public var violations: [ViolationRecord] = []
    public var nextReviewAt: Timestamp?
    public var errors: [ErrorRecord] = []
    /// What the tool did not know and how it stayed on the protective side (a day the
    /// calendar does not cover, a value outside a vocabulary).
    public var warnings: [WarningRecord] = []
    /// Set when evaluating the snapshot exceeded the step budget
    /// (``CEL/Activation/stepBudget``): the fact, tier, protection or rule that was being
    /// evaluated (`fact:<name>`, a rule id, …). Such a decision has no actions, blocked
    /// actions, violations or facts, only that error; `eval` prints an error line instead.
    public var budgetExceeded: String?

    /// The id of the policy that made the decision.
    public var policyID: String { template.policy.id }
    /// That policy's `version`, when it has one.
    public var policyVersion: String? { template.policy.version }
    /// `sha256:` of that policy's files.
    public var policyDigest: String { template.policy.digest }
}

/// An output fact's value, with its declared type.
public struct DecisionFact: Sendable {
    /// The fact's key and type, shared with every decision of the policy.
    let head: FactHead
    public var value: Value

    /// The fact's name as a JSON key.
    var key: JSONKey { head.key }
    /// The fact's declared type.
    public var type: CELType { head.type }
    /// The fact's name.
    public var name: String { head.key.name }
}

/// An action to carry out within `[notBefore, dueBy]`.
public struct ActionRecord: Sendable {
    /// The action's name, rule, cite and channels, shared with every action of the rule.
    private(set) var head: ActionHead
    public var notBefore: Timestamp
    public var dueBy: Timestamp
    public var reason: String?
    public var data: [(name: String, value: Value)]
    /// Set when a window moved the action: its original `not_before` and why.
    public var shifted: (from: Timestamp, reason: String)?

    /// The action's name (contract §2).
    public var action: String {
        get { head.action.text }
        set { head = head.naming(newValue) }
    }
    /// The rule that required it.
    public var rule: String { head.rule.text }
    /// The rule's cite.
    public var cite: String? { head.cite?.text }
    /// The channels to use.
    public var channels: [String] { head.channels.map(\.text) }

    init(head: ActionHead, notBefore: Timestamp, dueBy: Timestamp, reason: String?, data: [(name: String, value: Value)],
         shifted: (from: Timestamp, reason: String)? = nil) {
        self.head = head
        self.notBefore = notBefore
        self.dueBy = dueBy
        self.reason = reason
        self.data = data
        self.shifted = shifted
    }

    public init(action: String, rule: String, cite: String?, channels: [String], notBefore: Timestamp, dueBy: Timestamp,
                reason: String?, data: [(name: String, value: Value)], shifted: (from: Timestamp, reason: String)?) {
        self.init(head: ActionHead(action: action, rule: rule, cite: cite, channels: channels, dataNames: data.map(\.name)),
                  notBefore: notBefore, dueBy: dueBy, reason: reason, data: data, shifted: shifted)
    }
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

/// Something the evaluation did not know, and what it did instead of guessing: nothing is
/// scheduled on a day the calendar does not cover; an unknown value keeps the account on the
/// protective side. A warning is not an error: the decision is complete without it.
public struct WarningRecord: Sendable, Equatable {
    /// A stable code, e.g. `calendar.not_covered`, `vocabulary.unknown` (docs/formats.md).
    public var code: String
    public var message: String
    /// The fact (`fact:<name>`), rule or protection where it was noticed, when there is one.
    public var rule: String?
    /// The snapshot field concerned, as a JSON path (`customer.category`).
    public var path: String?
    /// The input value concerned, as text.
    public var value: String?
    /// The day concerned.
    public var date: CivilDate?

    /// A day the policy's calendar does not cover was needed (nothing was scheduled on it).
    public static let calendarNotCovered = "calendar.not_covered"
    /// Records dated after the evaluation instant were set aside (``PointInTimeView``).
    public static let recordAfterAsOf = "record.after_as_of"
    /// A snapshot value outside its field's vocabulary.
    public static let unknownValue = "vocabulary.unknown"
    /// A snapshot value of another type than its field's vocabulary requires.
    public static let illTypedValue = "vocabulary.ill_typed"

    public init(code: String, message: String, rule: String? = nil, path: String? = nil, value: String? = nil, date: CivilDate? = nil) {
        self.code = code
        self.message = message
        self.rule = rule
        self.path = path
        self.value = value
        self.date = date
    }
}
