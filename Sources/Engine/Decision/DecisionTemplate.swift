import CEL
import Policy

/// The parts of a policy's decisions that are the same in every decision, encoded for JSON
/// once when the policy is prepared for evaluation: the policy block, the output facts'
/// keys (``FactHead``), and for each rule that emits, its action's name, rule id, cite and
/// channels (``ActionHead``), with the runs of JSON around them (``JSONFragment``).
/// ``DecisionJSON`` writes decisions from it, so that `eval` neither copies nor escapes these
/// texts per decision. It also holds what a run reads of each fact and rule on every
/// snapshot (``FactStep``, ``RuleStep``).
public final class DecisionTemplate: Sendable {
    /// The policy the template is made from, whose runs fill it.
    let compiled: CompiledPolicy
    /// The policy's id, version and digest.
    let policy: PolicyVersion
    /// A decision's members from the policy block to the key of its `as_of`, encoded once.
    let policyThenAsOf: JSONFragment
    /// The key and type of each fact, by position in ``CompiledPolicy/facts``.
    let factHeads: [FactHead]
    /// The head of each rule's action, by position in ``CompiledPolicy/rules`` (nil exactly
    /// for a rule that emits nothing).
    let heads: [ActionHead?]
    /// What a run needs of each fact, by position in ``CompiledPolicy/facts``.
    let factSteps: [FactStep]
    /// What a run needs of each rule, by position in ``CompiledPolicy/rules``.
    let ruleSteps: [RuleStep]

    /// The template of `policy`'s decisions.
    public init(policy: CompiledPolicy) {
        compiled = policy
        self.policy = PolicyVersion(of: policy)
        policyThenAsOf = DecisionJSON.policyThenAsOf(self.policy)
        factHeads = policy.facts.map { FactHead(key: JSONKey($0.name), type: $0.type) }
        // The actions that may be put in place of a rule's: a tier's `instead`, and what
        // replaces an action blocked by a value outside a vocabulary.
        let substitutes = Set(policy.tiers.compactMap(\.instead) + [VocabularyGuard.substitute])
        heads = policy.rules.map { rule in
            rule.emit.map { ActionHead($0, of: rule, renamable: substitutes) }
        }
        factSteps = policy.facts.map(FactStep.init)
        ruleSteps = policy.rules.map(RuleStep.init)
    }
}

/// What names a fact in a decision, encoded once and shared by every decision of the policy
/// (one reference to count where the key and type were three).
final class FactHead: Sendable {
    let key: JSONKey
    let type: CELType
    /// Whether the fact is declared a decimal (so shown with two fractional digits at least).
    let isDecimal: Bool

    init(key: JSONKey, type: CELType) {
        self.key = key
        self.type = type
        if case .decimal = type { isDecimal = true } else { isDecimal = false }
    }
}

/// What ``DecisionRun`` needs of a fact on every snapshot, in plain words: reading one
/// copies nothing that is counted by reference, where reading the ``CompiledFact`` took a
/// retain and a release of it (and of its program) per fact and snapshot.
// SAFETY (the `Unmanaged` references of steps): a step is read only through the template
// that made it, whose `compiled` policy holds the facts, rules and programs referred to.
struct FactStep {
    /// The fact's program.
    let program: Unmanaged<Program>
    let slot: Int
    let output: Bool
    let isSameAllDay: Bool

    init(_ fact: CompiledFact) {
        program = Unmanaged.passUnretained(fact.program)
        slot = fact.slot
        output = fact.output
        isSameAllDay = fact.isSameAllDay
    }
}

/// What ``DecisionRun`` reads of a rule on every snapshot, in plain words (see ``FactStep``):
/// the rest of the rule is read only when it applies.
struct RuleStep {
    let rule: Unmanaged<CompiledRule>
    let when: Unmanaged<Program>?
    let unless: Unmanaged<Program>?
    let reviewAt: Unmanaged<Program>?
    let effectiveFrom: CivilDate?
    let effectiveUntil: CivilDate?

    init(_ rule: CompiledRule) {
        self.rule = Unmanaged.passUnretained(rule)
        when = rule.when.map(Unmanaged.passUnretained)
        unless = rule.unless.map(Unmanaged.passUnretained)
        reviewAt = rule.reviewAt.map(Unmanaged.passUnretained)
        effectiveFrom = rule.effectiveFrom
        effectiveUntil = rule.effectiveUntil
    }

    /// Whether the rule is in effect on `day`.
    func isEffective(on day: CivilDate) -> Bool {
        if let from = effectiveFrom, day < from { return false }
        if let until = effectiveUntil, day > until { return false }
        return true
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
    /// The action's JSON object up to its `not_before` value (``DecisionJSON/opening(action:rule:cite:channels:)``).
    let opening: JSONFragment
    /// This head naming each action that may be put in place of its own, made beforehand
    /// (see ``naming(_:)``).
    private let renamed: [String: ActionHead]

    convenience init(action: String, rule: String, cite: String?, channels: [String], dataNames: [String]) {
        self.init(action: JSONString(action), rule: JSONString(rule), cite: cite.map(JSONString.init),
                  channels: channels.map(JSONString.init), dataKeys: dataNames.map(JSONKey.init), renamable: [])
    }

    /// The head of `emit`, an action of `rule`, which may be renamed to any of `renamable`
    /// (a tier's `instead`, the vocabulary guard's substitute).
    convenience init(_ emit: CompiledEmit, of rule: CompiledRule, renamable: Set<String> = []) {
        self.init(action: JSONString(emit.action), rule: JSONString(rule.id), cite: rule.cite.map(JSONString.init),
                  channels: emit.channels.map(JSONString.init), dataKeys: emit.data.map { JSONKey($0.name) },
                  renamable: renamable)
    }

    private init(action: JSONString, rule: JSONString, cite: JSONString?, channels: [JSONString], dataKeys: [JSONKey],
                 renamable: Set<String>) {
        self.action = action
        self.rule = rule
        self.cite = cite
        self.channels = channels
        self.dataKeys = dataKeys
        opening = DecisionJSON.opening(action: action, rule: rule, cite: cite, channels: channels)
        var renamed: [String: ActionHead] = [:]
        for name in renamable where name != action.text {
            renamed[name] = ActionHead(action: JSONString(name), rule: rule, cite: cite, channels: channels,
                                       dataKeys: dataKeys, renamable: [])
        }
        self.renamed = renamed
    }

    /// The same head naming another action (an action put in place of a blocked one):
    /// made beforehand for the names the head was told of, encoding the others now.
    func naming(_ action: String) -> ActionHead {
        renamed[action] ?? ActionHead(action: JSONString(action), rule: rule, cite: cite, channels: channels,
                                      dataKeys: dataKeys, renamable: [])
    }

    /// The key of the datum at `position` named `name`: encoded beforehand when the datum is
    /// the emit's (always, for actions a rule emitted).
    func dataKey(_ position: Int, _ name: String) -> JSONKey {
        position < dataKeys.count && dataKeys[position].name == name ? dataKeys[position] : JSONKey(name)
    }
}
