import CEL

/// One entry of a simulated timeline: an action carried out, or something the simulation
/// saw on the way (a blocked action, a violation, an evaluation error, a payment, a warning).
public struct TimelineEvent: Sendable {
    /// What kind of entry this is.
    public enum Kind: String, Sendable {
        /// An action carried out at its `not_before` and recorded in the snapshot.
        case action
        /// An action a tier or protection stopped (listed once per action, rule and blocker).
        case blocked
        /// A compliance finding of the policy (listed once per code, rule and detail).
        case violation
        /// A rule, fact or tier that could not be evaluated (listed once per rule and message).
        case error
        /// A problem of the simulation itself, such as an action re-emitted after being recorded.
        case warning
        /// The payment of `--pay-on`.
        case payment
    }

    /// When it happened (for an action: the instant it was carried out).
    public var at: Timestamp
    /// What kind of entry this is.
    public var kind: Kind
    /// The action name or violation code; `error`, `warning` or `payment` for the other kinds.
    public var name: String
    /// The rule (or `fact:…`, `tier:…`) the entry comes from.
    public var rule: String?
    /// The rule's citation.
    public var cite: String?
    /// The action's channels (empty for other kinds).
    public var channels: [String]
    /// The action's reason, the violation's detail, or the message of an error or warning.
    public var text: String?
    /// A remark for people: why an action moved, that a person must decide, what blocked it.
    public var note: String?
    /// What was written into the snapshot (`notices += first_reminder (sms)`), when anything was.
    public var recorded: String?
    /// The whole action, for action events (and the blocked action's tier or protection in `note`).
    public var action: ActionRecord?

    /// An event with the given fields; the rest empty.
    public init(at: Timestamp, kind: Kind, name: String, rule: String? = nil, cite: String? = nil,
                channels: [String] = [], text: String? = nil, note: String? = nil, recorded: String? = nil,
                action: ActionRecord? = nil) {
        self.at = at
        self.kind = kind
        self.name = name
        self.rule = rule
        self.cite = cite
        self.channels = channels
        self.text = text
        self.note = note
        self.recorded = recorded
        self.action = action
    }
}
