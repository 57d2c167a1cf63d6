import CEL
import Policy

/// The parts of a policy's decisions that are the same in every decision, encoded for JSON
/// once when the policy is prepared for evaluation: the policy block, the output facts'
/// keys, and for each rule that emits, its action's name, rule id, cite and channels
/// (``ActionHead``). ``DecisionJSON`` writes decisions from it, so that `eval` neither copies
/// nor escapes these texts per decision.
public final class DecisionTemplate: Sendable {
    /// The policy the template is made from, whose runs fill it.
    let compiled: CompiledPolicy
    /// The policy's id, version and digest.
    let policy: PolicyVersion
    /// The key of each fact, by position in ``CompiledPolicy/facts``.
    let factKeys: [JSONKey]
    /// The head of each rule's action, by position in ``CompiledPolicy/rules`` (nil exactly
    /// for a rule that emits nothing).
    let heads: [ActionHead?]

    /// The template of `policy`'s decisions.
    public init(policy: CompiledPolicy) {
        compiled = policy
        self.policy = PolicyVersion(of: policy)
        factKeys = policy.facts.map { JSONKey($0.name) }
        heads = policy.rules.map { rule in
            rule.emit.map { ActionHead($0, of: rule) }
        }
    }
}

/// What names an action in a decision (its name, the rule that required it, the rule's
/// cite, the channels), encoded once and shared by every action of that rule.
final class ActionHead: Sendable {
    let action: JSONString
    let rule: JSONString
    let cite: JSONString?
    let channels: [JSONString]
    /// The keys of the action's `data`, in the order the emit declares them.
    let dataKeys: [JSONKey]

    convenience init(action: String, rule: String, cite: String?, channels: [String], dataNames: [String]) {
        self.init(action: JSONString(action), rule: JSONString(rule), cite: cite.map(JSONString.init),
                  channels: channels.map(JSONString.init), dataKeys: dataNames.map(JSONKey.init))
    }

    /// The head of `emit`, an action of `rule`.
    convenience init(_ emit: CompiledEmit, of rule: CompiledRule) {
        self.init(action: emit.action, rule: rule.id, cite: rule.cite, channels: emit.channels, dataNames: emit.data.map(\.name))
    }

    private init(action: JSONString, rule: JSONString, cite: JSONString?, channels: [JSONString], dataKeys: [JSONKey]) {
        self.action = action
        self.rule = rule
        self.cite = cite
        self.channels = channels
        self.dataKeys = dataKeys
    }

    /// The same head naming another action (an action put in place of a blocked one).
    func naming(_ action: String) -> ActionHead {
        ActionHead(action: JSONString(action), rule: rule, cite: cite, channels: channels, dataKeys: dataKeys)
    }

    /// The key of the datum at `position` named `name`: encoded beforehand when the datum is
    /// the emit's (always, for actions a rule emitted).
    func dataKey(_ position: Int, _ name: String) -> JSONKey {
        position < dataKeys.count && dataKeys[position].name == name ? dataKeys[position] : JSONKey(name)
    }
}
