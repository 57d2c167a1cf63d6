import CEL
import Policy

/// Why a policy decided what it did for one account (`policyctl explain`): the facts, the
/// tier and protections with the values that decided them, and every rule with its
/// citation, its conditions' values and its outcome. Built by ``Explainer``; its
/// ``decision`` is exactly the one `eval` gives.
public struct Explanation: Sendable {
    /// The snapshot's `account_id`.
    public var accountID: String
    /// The policy's id.
    public var policyID: String
    /// The policy's name, when it has one.
    public var policyName: String?
    /// The policy's version, when it has one.
    public var policyVersion: String?
    /// `sha256:` of the policy's files, as in the decision.
    public var policyDigest: String
    /// The evaluation instant, and its date and the zone they are read in.
    public var asOf: Timestamp
    /// `asOf`'s date in the policy's zone.
    public var today: CivilDate
    /// The policy's time zone, in which times are written.
    public var zone: TimeZoneSpec
    /// Every fact in evaluation order (outputs and internal ones).
    public var facts: [ExplainedFact]
    /// The tiers in order: the one matched, those tried before it, those not tried.
    public var tiers: [ExplainedTier]
    /// The protections in order, active or not, and why.
    public var protections: [ExplainedProtection]
    /// The rules in order.
    public var rules: [ExplainedRule]
    /// Errors of facts, tiers and protections (rule errors are with their rule).
    public var errors: [ErrorRecord]
    /// Actions that belong to no rule (the `on_error` escalation).
    public var otherActions: [ActionRecord]
    /// The decision, as `eval` gives it.
    public var decision: Decision
    /// Set by ``only(rule:)``: the one rule shown.
    public var focusedRule: String?

    /// The same explanation with only rule `id` (facts, tiers and protections stay); nil
    /// when the policy has no such rule.
    public func only(rule id: String) -> Explanation? {
        guard rules.contains(where: { $0.id == id }) else { return nil }
        var copy = self
        copy.rules = rules.filter { $0.id == id }
        copy.focusedRule = id
        return copy
    }
}

/// A fact's value and definition.
public struct ExplainedFact: Sendable {
    /// The fact's name.
    public var name: String
    /// The fact's expression.
    public var expression: String
    /// Its value for this account (possibly an error).
    public var value: Value
    /// Its declared or inferred type.
    public var type: CELType
    /// Whether the decision's `facts` shows it.
    public var output: Bool
}

/// A tier and whether the account is in it.
public struct ExplainedTier: Sendable {
    /// How a tier fared.
    public enum Outcome: String, Sendable {
        /// The account is in this tier.
        case matched
        /// Its condition was false; the next tier was tried.
        case notMatched = "not_matched"
        /// An earlier tier matched.
        case notTried = "not_tried"
    }

    /// The tier's id.
    public var id: String
    /// The tier's citation.
    public var cite: String?
    /// Actions never carried out automatically for this tier, and what is emitted instead.
    public var protect: [String]
    /// The action emitted in place of a protected one.
    public var instead: String?
    /// The traced `when` (nil: none, or not evaluated).
    public var condition: TracedCondition?
    /// Whether the account is in it.
    public var outcome: Outcome
    /// Why it was matched: an error places the account in the tier.
    public var error: String?
}

/// A protection and whether it holds.
public struct ExplainedProtection: Sendable {
    /// The protection's id.
    public var id: String
    /// Its citation.
    public var cite: String?
    /// Its reason, as blocked actions give it.
    public var reason: String?
    /// The `customer.protections` kind it looks for, and what was found.
    public var kind: String?
    /// What the `kind` found (nil without `kind`).
    public var kindStatus: ProtectionKindStatus?
    /// The traced `when` (nil: none, or not evaluated because the kind did not hold).
    public var condition: TracedCondition?
    /// Whether it holds for this account today.
    public var active: Bool
    /// Until when it holds, when known.
    public var until: CivilDate?
    /// The actions it blocks, sorted.
    public var blocks: [String]
}

/// How a rule (or one item of an `each` rule) came out.
public enum RuleOutcome: String, Sendable {
    /// It emitted its action or violation.
    case fired
    /// Its condition did not hold.
    case notFired = "not_fired"
    /// It fired, and its action was blocked by the tier or a protection.
    case blocked
    /// Today is outside its `effective` dates.
    case notEffective = "not_effective"
    /// It could not be evaluated.
    case error
}

/// A rule: its citation, conditions with values, and outcome.
public struct ExplainedRule: Sendable {
    /// The rule's id.
    public var id: String
    /// Its citation.
    public var cite: String?
    /// Its description.
    public var description: String?
    /// The first day it applies, when limited.
    public var effectiveFrom: CivilDate?
    /// The last day it applies, when limited.
    public var effectiveUntil: CivilDate?
    /// The action it emits, or the violation code it reports.
    public var action: String?
    /// The violation code it reports, for a compliance rule.
    public var violationCode: String?
    /// The traced `each`, for rules that have one.
    public var each: TracedCondition?
    /// One item per element of `each` (one for a rule without `each`).
    public var items: [ExplainedItem]
    /// Errors that stopped the rule before its items (`each` failed).
    public var errors: [String]
    /// The rule's outcome over its items: error, else blocked, else fired, else not fired.
    public var outcome: RuleOutcome
    /// Why it did not fire, or what failed (nil when it fired or was blocked).
    public var because: String?
}

/// One evaluation of a rule's conditions (per `each` element).
public struct ExplainedItem: Sendable {
    /// The `each` element (nil for a rule without `each`).
    public var item: Value?
    /// The traced `when` (nil: the rule has none).
    public var when: TracedCondition?
    /// The traced `unless` (nil: none, or `when` was not true).
    public var unless: TracedCondition?
    /// How this item came out.
    public var outcome: RuleOutcome
    /// Why it did not fire, or what failed.
    public var because: String?
    /// The actions it emitted (after windows), including a tier's `instead` action.
    public var actions: [ActionRecord]
    /// The actions it required that the tier or a protection blocked.
    public var blocked: [BlockedRecord]
    /// The violations it reported.
    public var violations: [ViolationRecord]
    /// The errors it met.
    public var errors: [String]
}
