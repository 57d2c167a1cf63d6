import CEL
import Policy

/// Evaluates a compiled policy against decoded snapshots: facts, then the tier, then
/// protections, then every rule in order; blocks, windows, sorting and `next_review_at`
/// as docs/language.md ("Rule combination, stated once") says (see ``DecisionRun``).
///
/// An evaluator holds scratch space and the facts that are the same all day: use one
/// per thread.
public final class PolicyEvaluator {
    public let policy: CompiledPolicy
    private let activation: Activation
    private let dayCache: DayFactCache
    private let template: DecisionTemplate

    /// - Parameters:
    ///   - stepBudget: the steps evaluating one snapshot may take (``CEL/Activation/stepBudget``).
    ///   - runsTypedPlans: false to run the programs' boxed plans only
    ///     (``CEL/Activation/runsTypedPlans``): the reference for testing the typed ones.
    public init(policy: CompiledPolicy, stepBudget: Int = Activation.defaultStepBudget, runsTypedPlans: Bool = true) {
        self.policy = policy
        activation = DecisionRun<NoObserver>.activation(for: policy)
        activation.stepBudget = stepBudget
        activation.runsTypedPlans = runsTypedPlans
        dayCache = DayFactCache(policy: policy)
        template = DecisionTemplate(policy: policy)
    }

    /// The decision for `snapshot` at `asOf`, from input line `line`.
    public func evaluate(_ snapshot: DecodedSnapshot, asOf: Timestamp, line: Int) -> Decision {
        var run = DecisionRun(template: template, activation: activation, asOf: asOf, observer: NoObserver(), dayCache: dayCache)
        run.bind(snapshot)
        return run.decide(accountID: snapshot.accountID, line: line)
    }
}
