import CEL
import Policy

/// Watches a ``DecisionRun``: it evaluates the run's conditions (so it may trace them) and
/// hears each step's outcome as a ``DecisionEvent``.
///
/// `eval` runs with ``NoObserver``, whose ``isObserving`` is `false`: the run checks that
/// static constant before every call, so in the specialised code for `eval` the calls and
/// the construction of their events are gone. `explain` runs with an observer that records.
protocol DecisionObserver {
    /// Whether the run reports to this observer at all (a constant per type).
    static var isObserving: Bool { get }

    /// Evaluates `program` at `site` (an observer may evaluate a traced variant instead).
    mutating func evaluate(_ program: Program, in activation: Activation, at site: ProgramSite) -> Value

    /// One step of the run.
    mutating func observe(_ event: DecisionEvent)
}

/// The observer of `eval`: observes nothing and costs nothing.
struct NoObserver: DecisionObserver {
    static var isObserving: Bool { false }

    @inline(__always)
    func evaluate(_ program: Program, in activation: Activation, at site: ProgramSite) -> Value {
        program.evaluate(activation)
    }

    @inline(__always)
    func observe(_ event: DecisionEvent) {}
}

/// Where in a policy a condition is evaluated.
enum ProgramSite: Hashable, Sendable {
    case fact(String)
    case tier(String)
    case protection(String)
    case each(rule: String)
    case when(rule: String)
    case unless(rule: String)
}

/// One step of a decision run, in the order the run takes them.
enum DecisionEvent: Sendable {
    /// A program at `site` gave `value`; `trace` holds its nodes' values when it was traced.
    case evaluated(ProgramSite, Value, program: Program, trace: [TraceEvent])
    /// A protection was weighed: what its `kind` found (nil without `kind`), and the result.
    case protection(id: String, kind: ProtectionKindStatus?, active: Bool, until: CivilDate?)
    /// A rule is skipped: today is outside its `effective` dates.
    case ruleNotEffective(CompiledRule)
    /// A rule's evaluation starts (its `each`, then its items).
    case ruleStarted(CompiledRule)
    /// One item of a rule starts (`nil` for a rule without `each`).
    case itemStarted(Value?)
    /// Every rule has been evaluated; what follows belongs to no rule (`on_error`).
    case rulesFinished
    /// An error was listed in the decision.
    case error(ErrorRecord)
    /// An action was listed in the decision (after windows moved it).
    case action(ActionRecord)
    /// A blocked action was listed in the decision.
    case blocked(BlockedRecord)
    /// A violation was listed in the decision.
    case violation(ViolationRecord)
}

/// What a protection's `kind` found among `customer.protections`.
public enum ProtectionKindStatus: Sendable, Equatable {
    /// No entry of that kind.
    case noEntry
    /// Entries of that kind, all expired; the latest `until`.
    case expired(CivilDate)
    /// An entry of that kind holds, until the given date (nil: no end).
    case holds(until: CivilDate?)
}
