import CEL

/// The result of a simulation: what happened, in order, and why it stopped.
public struct Timeline: Sendable {
    /// Why the simulation stopped.
    public enum Stop: String, Sendable {
        /// The next step would be after the horizon (`--days`).
        case horizon
        /// Nothing was due and the policy named no instant to look again.
        case quiet
        /// The step limit was reached (a policy that keeps asking to look again).
        case stepLimit = "step_limit"
    }

    /// The simulated account.
    public var accountID: String
    /// The policy's id, version and digest, as in a decision.
    public var policy: PolicyVersion
    /// The zone in which the policy reads dates; times are shown in it.
    public var zone: TimeZoneSpec
    /// The first instant simulated.
    public var start: Timestamp
    /// The horizon: nothing after it is simulated.
    public var end: Timestamp
    /// The planned payment, when one was given.
    public var payment: PlannedPayment?
    /// Events in time order (events of one instant in the order they happened).
    public var events: [TimelineEvent] = []
    /// Actions of the last decision that were still waiting for their `not_before` when the
    /// simulation stopped.
    public var pending: [ActionRecord] = []
    /// Evaluations made (several per instant when carried-out actions enable others).
    public var steps = 0
    /// The snapshot (JSON) as the last evaluation saw it: the input plus everything the
    /// simulation recorded, as an integrator would have sent it.
    public var snapshot: Value = .null
    /// Why the simulation stopped.
    public var stop: Stop = .quiet

    /// The first `suspend_supply` carried out, if any.
    public var firstCut: TimelineEvent? {
        events.first { $0.kind == .action && $0.name == "suspend_supply" }
    }

    /// The actions carried out before the first cut (all of them when there is no cut).
    public var beforeCut: [TimelineEvent] {
        var out: [TimelineEvent] = []
        for event in events {
            if event.kind == .action && event.name == "suspend_supply" { break }
            if event.kind == .action { out.append(event) }
        }
        return out
    }

    /// The number of events of `kind`.
    public func count(_ kind: TimelineEvent.Kind) -> Int {
        events.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) }
    }
}
