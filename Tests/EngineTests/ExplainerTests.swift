import CEL
import Engine
import Policy
import XCTest

/// `explain` on a small inline policy: the decision is the one `eval` gives; each rule's
/// outcome (fired, not fired, blocked by a protection or a tier, not effective, error) with
/// its conditions' terms, values and deciding term.
final class ExplainerTests: XCTestCase {
    static let policy = """
        policy: p
        timezone: Asia/Shanghai
        params:
          second_notice_day: 21
        facts:
          arrears:
            value: bills.map(b, b.amount - b.paid).sum()
            type: decimal
          suspended: supply.status == 'suspended'
        tiers:
          - id: important
            cite: 客户分级
            when: customer.category in ['hospital']
            protect: [suspend_supply]
            instead: escalate
          - id: household
        protections:
          - id: medical
            kind: medical_equipment
            blocks: [suspension_notice]
            cite: 优先保障
            reason: medical equipment at the address
        rules:
          - id: second-notice
            cite: 第五条(2)
            when: arrears > 0 && today.day >= params.second_notice_day && !suspended
            emit: {action: second_notice, due_by: end_of_day(today)}
          - id: red-notice
            cite: 二.2
            when: arrears > 100
            emit: {action: suspension_notice, due_by: end_of_day(today)}
          - id: cut
            cite: 第67条
            when: arrears > 100
            unless: suspended
            emit: {action: suspend_supply, due_by: now + duration('2h')}
          - id: future
            cite: 新规
            effective: {from: 2030-01-01}
            emit: {action: follow_up, due_by: end_of_day(today)}
          - id: named
            cite: 实名
            when: size(customer.name) > 0
            emit: {action: follow_up, due_by: end_of_day(today)}
          - id: per-outage
            cite: 第九条
            each: outages
            as: outage
            when: outage.kind == 'planned'
            emit: {action: outage_notice, due_by: outage.start}
        """

    func compile() throws -> CompiledPolicy {
        try TestPolicies.compile("p", ["p.yaml": Self.policy])
    }

    func snapshot(category: String = "household", amount: String = "592.40", extra: String = "") -> String {
        """
        {"account_id": "A-1", "customer": {"name": "王", "category": "\(category)"\(extra)},
         "bills": [{"period": "2026-11", "amount": "\(amount)", "due_date": "2026-12-15", "paid": "0"}],
         "supply": {"status": "on"},
         "outages": [{"id": "O-1", "kind": "planned", "start": "2026-12-30T08:00:00+08:00"},
                     {"id": "O-2", "kind": "fault", "start": "2026-12-20T08:00:00+08:00"}]}
        """
    }

    func explain(_ policy: CompiledPolicy, _ json: String, asOf: String = "2026-12-21T09:00:00+08:00") throws -> Explanation {
        let decoded = try SnapshotDecoder.decode(JSONReader().read(json))
        return Explainer(policy: policy).explain(decoded, asOf: try Timestamp(parsingRFC3339: asOf))
    }

    func rule(_ e: Explanation, _ id: String) throws -> ExplainedRule {
        try XCTUnwrap(e.rules.first { $0.id == id }, "no rule \(id)")
    }

    // MARK: The decision

    func testDecisionIsTheOneEvalGives() throws {
        let policy = try compile()
        let cases = [
            (snapshot(), "2026-12-21T09:00:00+08:00"),
            (snapshot(), "2026-12-20T09:00:00+08:00"),
            (snapshot(category: "hospital"), "2026-12-21T09:00:00+08:00"),
            (snapshot(extra: #", "protections": [{"kind": "medical_equipment", "until": "2027-01-31"}]"#), "2026-12-22T09:00:00+08:00"),
            (snapshot(amount: "0"), "2026-12-21T09:00:00+08:00"),
            (#"{"account_id": "A-2"}"#, "2026-12-21T09:00:00+08:00"),
        ]
        for (json, asOf) in cases {
            let explanation = try explain(policy, json, asOf: asOf)
            let decision = try TestPolicies.decide(policy, json, asOf: asOf)
            XCTAssertEqual(TestPolicies.json(explanation.decision, policy), TestPolicies.json(decision, policy), json)
        }
    }

    // MARK: Outcomes

    func testFiredRuleShowsEachTermWithItsValues() throws {
        let e = try explain(try compile(), snapshot())
        let rule = try rule(e, "second-notice")
        XCTAssertEqual(rule.outcome, .fired)
        XCTAssertEqual(rule.cite, "第五条(2)")
        let item = try XCTUnwrap(rule.items.first)
        XCTAssertEqual(item.actions.map(\.action), ["second_notice"])
        let when = try XCTUnwrap(item.when)
        XCTAssertEqual(when.text, "arrears > 0 && today.day >= params.second_notice_day && !suspended")
        XCTAssertEqual(when.root.connective, .and)
        XCTAssertEqual(when.root.terms.map(\.text), ["arrears > 0", "today.day >= params.second_notice_day", "!suspended"])
        XCTAssertEqual(when.root.terms.map { $0.value?.debugText }, ["true", "true", "true"])
        XCTAssertFalse(when.root.terms.contains { $0.decided }, "all terms were needed")
        let inputs = when.root.terms.flatMap { $0.inputs.map { "\($0.text) = \(PolicyText.describe($0.value))" } }
        XCTAssertEqual(inputs, ["arrears = 592.40", "today.day = 21", "params.second_notice_day = 21", "suspended = false"])
    }

    func testNotFiredNamesTheTermThatDecidedAndSkipsTheRest() throws {
        let e = try explain(try compile(), snapshot(), asOf: "2026-12-20T09:00:00+08:00")
        let rule = try rule(e, "second-notice")
        XCTAssertEqual(rule.outcome, .notFired)
        XCTAssertEqual(rule.because, "`when` is false: `today.day >= params.second_notice_day` is false")
        let terms = try XCTUnwrap(rule.items.first?.when).root.terms
        XCTAssertEqual(terms.map(\.decided), [false, true, false])
        XCTAssertNil(terms[2].value, "`!suspended` is not evaluated after a false term")
    }

    func testUnlessThatHoldsIsTheReason() throws {
        let json = snapshot().replacingOccurrences(of: #""status": "on""#, with: #""status": "suspended""#)
        let rule = try rule(try explain(try compile(), json), "cut")
        XCTAssertEqual(rule.outcome, .notFired)
        XCTAssertEqual(rule.because, "`unless` is true")
    }

    func testActionBlockedByAProtectionNamesItAndItsCitation() throws {
        let json = snapshot(extra: #", "protections": [{"kind": "medical_equipment", "until": "2027-01-31"}]"#)
        let e = try explain(try compile(), json)
        let rule = try rule(e, "red-notice")
        XCTAssertEqual(rule.outcome, .blocked)
        let blocked = try XCTUnwrap(rule.items.first?.blocked.first)
        XCTAssertEqual(blocked.by, "medical")
        XCTAssertEqual(blocked.cite, "优先保障")
        XCTAssertEqual(blocked.until?.description, "2027-01-31")
        let protection = try XCTUnwrap(e.protections.first)
        XCTAssert(protection.active)
        XCTAssertEqual(protection.kindStatus, .holds(until: try CivilDate(parsing: "2027-01-31")))
    }

    func testExpiredProtectionIsInactiveWithItsDate() throws {
        let json = snapshot(extra: #", "protections": [{"kind": "medical_equipment", "until": "2026-11-30"}]"#)
        let e = try explain(try compile(), json)
        XCTAssertEqual(try rule(e, "red-notice").outcome, .fired)
        let protection = try XCTUnwrap(e.protections.first)
        XCTAssertFalse(protection.active)
        XCTAssertEqual(protection.kindStatus, .expired(try CivilDate(parsing: "2026-11-30")))
    }

    func testTierProtectsAndEmitsItsSubstitute() throws {
        let e = try explain(try compile(), snapshot(category: "hospital"))
        XCTAssertEqual(e.tiers.map(\.outcome), [.matched, .notTried])
        XCTAssertEqual(e.tiers[0].condition?.root.inputs.map(\.text), ["customer.category"])
        let rule = try rule(e, "cut")
        XCTAssertEqual(rule.outcome, .blocked)
        let item = try XCTUnwrap(rule.items.first)
        XCTAssertEqual(item.blocked.map(\.by), ["important"])
        XCTAssertEqual(item.actions.map(\.action), ["escalate"])
    }

    func testHouseholdTierIsMatchedAfterTheImportantTierFails() throws {
        let e = try explain(try compile(), snapshot())
        XCTAssertEqual(e.tiers.map(\.outcome), [.notMatched, .matched])
        XCTAssertEqual(e.tiers[0].condition?.value.debugText, "false")
    }

    func testNotEffectiveRuleAndErrorRule() throws {
        let e = try explain(try compile(), #"{"account_id": "A-2"}"#)
        let future = try rule(e, "future")
        XCTAssertEqual(future.outcome, .notEffective)
        XCTAssertEqual(future.because, "today (2026-12-21) is outside its effective dates (from 2030-01-01)")
        let named = try rule(e, "named")
        XCTAssertEqual(named.outcome, .error)
        XCTAssertNotNil(named.because)
        XCTAssertEqual(named.items.first?.when?.value.isError, true)
        XCTAssertEqual(e.otherActions.map(\.action), ["escalate"], "on_error escalates")
    }

    func testEachRuleHasOneItemPerElement() throws {
        let rule = try rule(try explain(try compile(), snapshot()), "per-outage")
        XCTAssertEqual(rule.outcome, .fired)
        XCTAssertEqual(rule.items.map(\.outcome), [.fired, .notFired])
        XCTAssertEqual(rule.items.map { $0.when?.value.debugText }, ["true", "false"])
        XCTAssertEqual(rule.each?.text, "outages")
    }

    func testFactsAreListedWithValuesAndDefinitions() throws {
        let e = try explain(try compile(), snapshot())
        XCTAssertEqual(e.facts.map(\.name), ["arrears", "suspended"])
        XCTAssertEqual(e.facts[0].expression, "bills.map(b, b.amount - b.paid).sum()")
        XCTAssertEqual(PolicyText.describe(e.facts[0].value), "592.40")
    }

    func testOnlyKeepsOneRule() throws {
        let e = try explain(try compile(), snapshot())
        XCTAssertEqual(e.only(rule: "cut")?.rules.map(\.id), ["cut"])
        XCTAssertNil(e.only(rule: "nope"))
    }

    // MARK: Renderers

    func testTextIsAWorksheetWithCitationsOnRuleLines() throws {
        let text = ExplanationText().render(try explain(try compile(), snapshot(), asOf: "2026-12-20T09:00:00+08:00"))
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssert(lines.contains("· not fired      second-notice  § 第五条(2)"), text)
        XCTAssert(lines.contains("    because `when` is false: `today.day >= params.second_notice_day` is false"), text)
        XCTAssert(lines.contains("      ✘ today.day >= params.second_notice_day → false   (today.day = 20, params.second_notice_day = 21)   ◀ decided"), text)
        XCTAssert(lines.contains("      – !suspended → not evaluated"), text)
        XCTAssert(lines.contains("… not effective  future  § 新规"), text)
        XCTAssertFalse(text.contains("\u{1B}["), "no colour unless asked")
        XCTAssert(ExplanationText(colored: true).render(try explain(try compile(), snapshot())).contains("\u{1B}[32m"))
    }

    func testJSONAndMarkdownCarryTheSameOutcomes() throws {
        let e = try explain(try compile(), snapshot(category: "hospital"))
        var w = JSONWriter()
        ExplanationJSON.write(e, into: &w)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: Any])
        let rules = try XCTUnwrap(object["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.map { $0["outcome"] as? String }, ["fired", "fired", "blocked", "not_effective", "fired", "fired"])
        XCTAssertNotNil(object["decision"] as? [String: Any])
        let markdown = ExplanationMarkdown.render(e)
        XCTAssert(markdown.contains("| ⛔ | `cut` | blocked | `suspend_supply` blocked by `important` | 第67条 |"), markdown)
    }
}
