import CEL
import Policy

/// An ``Explanation`` as JSON: the model as it is, values in full (times in the policy's
/// zone), and the decision in the contract's form under `decision`.
public enum ExplanationJSON {
    /// Writes `explanation` as one JSON object.
    public static func write(_ e: Explanation, into w: inout JSONWriter) {
        let zone = e.zone
        w.beginObject()
        w.key("account_id"); w.string(e.accountID)
        w.key("policy")
        w.beginObject()
        w.key("id"); w.string(e.policyID)
        w.key("name"); optional(e.policyName, &w)
        w.key("version"); optional(e.policyVersion, &w)
        w.key("digest"); w.string(e.policyDigest)
        w.endObject()
        w.key("as_of"); w.string(e.asOf.rfc3339(in: zone))
        w.key("today"); w.date(e.today)
        w.key("timezone"); w.string(zone.identifier)
        if let rule = e.focusedRule { w.key("rule"); w.string(rule) }

        w.key("facts")
        w.beginArray()
        for fact in e.facts {
            w.beginObject()
            w.key("name"); w.string(fact.name)
            w.key("value"); DecisionJSON.value(DecisionJSON.factValue(fact.value, fact.type), zone: zone, into: &w)
            w.key("type"); w.string(fact.type.description)
            w.key("output"); w.bool(fact.output)
            w.key("expression"); w.string(fact.expression)
            w.endObject()
        }
        w.endArray()

        w.key("tier"); optional(e.decision.tier, &w)
        w.key("tiers")
        w.beginArray()
        for tier in e.tiers {
            w.beginObject()
            w.key("id"); w.string(tier.id)
            w.key("outcome"); w.string(tier.outcome.rawValue)
            w.key("cite"); optional(tier.cite, &w)
            w.key("protect"); strings(tier.protect, &w)
            w.key("instead"); optional(tier.instead, &w)
            w.key("when"); condition(tier.condition, zone: zone, into: &w)
            if let error = tier.error { w.key("error"); w.string(error) }
            w.endObject()
        }
        w.endArray()

        w.key("protections")
        w.beginArray()
        for p in e.protections {
            w.beginObject()
            w.key("id"); w.string(p.id)
            w.key("active"); w.bool(p.active)
            w.key("cite"); optional(p.cite, &w)
            w.key("reason"); optional(p.reason, &w)
            w.key("kind"); optional(p.kind, &w)
            if let status = p.kindStatus {
                w.key("kind_status")
                switch status {
                case .noEntry: w.string("no_entry")
                case .expired: w.string("expired")
                case .holds: w.string("holds")
                }
                if case .expired(let date) = status { w.key("expired_on"); w.date(date) }
            }
            w.key("until"); optional(p.until?.description, &w)
            w.key("when"); condition(p.condition, zone: zone, into: &w)
            w.key("blocks"); strings(p.blocks, &w)
            w.endObject()
        }
        w.endArray()

        w.key("rules")
        w.beginArray()
        for rule in e.rules { self.rule(rule, zone: zone, into: &w) }
        w.endArray()

        w.key("errors")
        w.beginArray()
        for error in e.errors {
            w.beginObject()
            w.key("rule"); w.string(error.rule)
            w.key("message"); w.string(error.message)
            w.endObject()
        }
        w.endArray()
        w.key("other_actions")
        w.beginArray()
        for a in e.otherActions { DecisionJSON.action(a, zone: zone, into: &w) }
        w.endArray()
        w.key("decision"); DecisionJSON.write(e.decision, zone: zone, into: &w)
        w.endObject()
    }

    private static func rule(_ rule: ExplainedRule, zone: TimeZoneSpec, into w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(rule.id)
        w.key("outcome"); w.string(rule.outcome.rawValue)
        w.key("because"); optional(rule.because, &w)
        w.key("cite"); optional(rule.cite, &w)
        w.key("description"); optional(rule.description, &w)
        if rule.effectiveFrom != nil || rule.effectiveUntil != nil {
            w.key("effective")
            w.beginObject()
            w.key("from"); optional(rule.effectiveFrom?.description, &w)
            w.key("until"); optional(rule.effectiveUntil?.description, &w)
            w.endObject()
        }
        if let action = rule.action { w.key("action"); w.string(action) }
        if let code = rule.violationCode { w.key("violation"); w.string(code) }
        if rule.each != nil { w.key("each"); condition(rule.each, zone: zone, into: &w) }
        if !rule.errors.isEmpty { w.key("errors"); strings(rule.errors, &w) }
        w.key("items")
        w.beginArray()
        for item in rule.items {
            w.beginObject()
            if let value = item.item { w.key("item"); DecisionJSON.value(value, zone: zone, into: &w) }
            w.key("outcome"); w.string(item.outcome.rawValue)
            w.key("because"); optional(item.because, &w)
            w.key("when"); condition(item.when, zone: zone, into: &w)
            w.key("unless"); condition(item.unless, zone: zone, into: &w)
            w.key("actions")
            w.beginArray()
            for a in item.actions { DecisionJSON.action(a, zone: zone, into: &w) }
            w.endArray()
            w.key("blocked")
            w.beginArray()
            for b in item.blocked {
                w.beginObject()
                w.key("action"); w.string(b.action)
                w.key("by"); w.string(b.by)
                w.key("reason"); w.string(b.reason)
                w.key("cite"); optional(b.cite, &w)
                w.key("until"); optional(b.until?.description, &w)
                w.endObject()
            }
            w.endArray()
            w.key("violations")
            w.beginArray()
            for v in item.violations {
                w.beginObject()
                w.key("code"); w.string(v.code)
                w.key("cite"); optional(v.cite, &w)
                w.key("detail"); optional(v.detail, &w)
                w.endObject()
            }
            w.endArray()
            w.key("errors"); strings(item.errors, &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// A traced condition, or null.
    private static func condition(_ condition: TracedCondition?, zone: TimeZoneSpec, into w: inout JSONWriter) {
        guard let condition else { return w.null() }
        w.beginObject()
        w.key("text"); w.string(condition.text)
        w.key("value"); DecisionJSON.value(condition.value, zone: zone, into: &w)
        if condition.root.connective != nil || !condition.root.inputs.isEmpty {
            w.key("terms")
            if condition.root.connective != nil {
                w.beginArray()
                for t in condition.root.terms { term(t, zone: zone, into: &w) }
                w.endArray()
            } else {
                w.beginArray()
                term(condition.root, zone: zone, into: &w)
                w.endArray()
            }
        }
        w.endObject()
    }

    private static func term(_ term: ConditionTerm, zone: TimeZoneSpec, into w: inout JSONWriter) {
        w.beginObject()
        w.key("text"); w.string(term.text)
        w.key("evaluated"); w.bool(term.value != nil)
        if let value = term.value { w.key("value"); DecisionJSON.value(value, zone: zone, into: &w) }
        if term.decided { w.key("decided"); w.bool(true) }
        if let connective = term.connective {
            w.key("connective"); w.string(connective.rawValue)
            w.key("terms")
            w.beginArray()
            for t in term.terms { self.term(t, zone: zone, into: &w) }
            w.endArray()
        }
        if !term.inputs.isEmpty {
            w.key("values")
            w.beginArray()
            for input in term.inputs {
                w.beginObject()
                w.key("text"); w.string(input.text)
                w.key("value"); DecisionJSON.value(input.value, zone: zone, into: &w)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
    }

    private static func strings(_ items: [String], _ w: inout JSONWriter) {
        w.beginArray()
        for item in items { w.string(item) }
        w.endArray()
    }

    private static func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }
}
