import CEL
import Policy

/// Explains a decision (`policyctl explain`): evaluates the snapshot exactly as
/// ``PolicyEvaluator`` does (the same ``DecisionRun``), with an observer that traces every
/// condition and records every outcome, then builds the ``Explanation`` from the record.
///
/// `eval` never pays for this: its evaluator runs the untraced programs, and the traced
/// variants are planned here, on demand.
public struct Explainer {
    /// The policy explained.
    public let policy: CompiledPolicy

    /// An explainer for `policy`.
    public init(policy: CompiledPolicy) {
        self.policy = policy
    }

    /// Explains the decision for `snapshot` at `asOf`.
    public func explain(_ snapshot: DecodedSnapshot, asOf: Timestamp) -> Explanation {
        let recorder = ExplainRecorder()
        let activation = DecisionRun<ExplainRecorder>.activation(for: policy)
        var run = DecisionRun(template: DecisionTemplate(policy: policy), activation: activation, asOf: asOf, observer: recorder)
        run.bind(snapshot)
        let decision = run.decide(accountID: snapshot.accountID, line: 1)
        return ExplanationBuilder(policy: policy, decision: decision, today: run.today).build(recorder.events)
    }
}
