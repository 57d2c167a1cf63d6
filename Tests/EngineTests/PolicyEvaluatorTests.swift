import CEL
import Engine
import Policy
import XCTest

/// The evaluator's semantics (docs/language.md, "Rule combination, stated once").
final class PolicyEvaluatorTests: XCTestCase {
    static let calendar = """
        calendar: test
        covers: {from: 2026-01-01, to: 2026-12-31}
        holidays:
          - {name: 国庆, from: 2026-10-01, to: 2026-10-07}
        workdays:
          - {date: 2026-10-10, for: 国庆}
        """

    static let policy = """
        policy: p
        timezone: Asia/Shanghai
        calendar: test
        params:
          lead: 7d
        facts:
          arrears:
            value: bills.filter(b, b.due_date < today).map(b, b.amount - b.paid).sum()
            type: decimal
        tiers:
          - id: important
            when: customer.category in ['hospital']
            protect: [suspend_supply]
            instead: escalate
          - id: household
        protections:
          - id: disputed
            when: bills.exists(b, b.period == 'disputed')
            blocks: [first_reminder]
            reason: a bill is disputed
          - id: medical
            kind: medical_equipment
            blocks: [suspend_supply]
            cite: 优先保障
        windows:
          suspend_supply:
            days: workdays
            hours: "09:00-17:00"
        rules:
          - id: remind
            cite: 第五条
            when: arrears > 0
            emit:
              action: first_reminder
              due_by: end_of_day(today)
              reason: "tier ${tier}, owes ${arrears}"
          - id: cut
            cite: 第67条
            when: arrears > 0
            emit:
              action: suspend_supply
              not_before: now + duration('1h')
              due_by: now + duration('2h')
        """

    func compile() throws -> CompiledPolicy {
        try TestPolicies.compile("p", ["p.yaml": Self.policy, "calendars/test.yaml": Self.calendar])
    }

    func snapshot(category: String = "household", extra: String = "") -> String {
        """
        {"account_id": "A-1", "customer": {"category": "\(category)"\(extra)},
         "bills": [{"period": "2026-08", "amount": "100.50", "due_date": "2026-09-15", "paid": "0"}]}
        """
    }

    /// Regression: a protection whose condition iterates once wrote its loop variable into
    /// the slot of `tier`, so rules saw a bill where the tier id should be.
    func testProtectionComprehensionDoesNotOverwriteTier() throws {
        let policy = try compile()
        let decision = try TestPolicies.decide(policy, snapshot(), asOf: "2026-09-20T10:00:00+08:00")
        XCTAssertEqual(decision.tier, "household")
        let reminder = try XCTUnwrap(decision.actions.first { $0.action == "first_reminder" })
        XCTAssertEqual(reminder.reason, "tier household, owes 100.50")
    }

    func testTierProtectionBlocksAndEscalatesInstead() throws {
        let policy = try compile()
        let decision = try TestPolicies.decide(policy, snapshot(category: "hospital"), asOf: "2026-09-21T10:00:00+08:00")
        XCTAssertEqual(decision.blocked.map(\.action), ["suspend_supply"])
        XCTAssertEqual(decision.blocked.first?.by, "important")
        XCTAssertFalse(decision.actions.contains { $0.action == "suspend_supply" })
        let escalate = try XCTUnwrap(decision.actions.first { $0.action == "escalate" })
        XCTAssertEqual(escalate.rule, "cut")
    }

    func testProtectionByKindHoldsUntilItsDate() throws {
        let policy = try compile()
        let extra = #", "protections": [{"kind": "medical_equipment", "until": "2026-09-30"}]"#
        let during = try TestPolicies.decide(policy, snapshot(extra: extra), asOf: "2026-09-21T10:00:00+08:00")
        XCTAssertEqual(during.blocked.first?.by, "medical")
        XCTAssertEqual(during.blocked.first?.until?.description, "2026-09-30")
        XCTAssertEqual(during.blocked.first?.cite, "优先保障")
        let after = try TestPolicies.decide(policy, snapshot(extra: extra), asOf: "2026-10-12T10:00:00+08:00")
        XCTAssertTrue(after.blocked.isEmpty)
        XCTAssertTrue(after.actions.contains { $0.action == "suspend_supply" })
    }

    func testWindowMovesACutOffAHolidayAndSaysSo() throws {
        let policy = try compile()
        // 2026-09-30 16:30 + 1h = 17:30, after hours; 10-01…10-07 are holidays; 10-08 is the next working day.
        let decision = try TestPolicies.decide(policy, snapshot(), asOf: "2026-09-30T16:30:00+08:00")
        let cut = try XCTUnwrap(decision.actions.first { $0.action == "suspend_supply" })
        XCTAssertEqual(cut.notBefore.rfc3339(in: policy.timeZone), "2026-10-08T09:00:00+08:00")
        XCTAssertEqual(cut.shifted?.from.rfc3339(in: policy.timeZone), "2026-09-30T17:30:00+08:00")
        XCTAssertEqual(cut.shifted?.reason, "outside the hours 09:00-17:00")
        // The window keeps its length: due_by moved by the same amount.
        XCTAssertEqual(try cut.dueBy.difference(cut.notBefore).description, "3600s")
    }

    func testAbsentObjectsReadAsEmpty() throws {
        let policy = try TestPolicies.compile("q", ["q.yaml": """
            policy: q
            timezone: UTC
            rules:
              - id: on
                cite: x
                when: supply.status == null && customer.protections.size() == 0
                emit: {action: follow_up, due_by: now}
            """])
        let decision = try TestPolicies.decide(policy, #"{"account_id": "A", "supply": null}"#, asOf: "2026-01-01T00:00:00Z")
        XCTAssertEqual(decision.actions.map(\.action), ["follow_up"])
        XCTAssertTrue(decision.errors.isEmpty)
    }

    func testAFailingRuleEmitsNothingAndEscalates() throws {
        let policy = try TestPolicies.compile("e", ["e.yaml": """
            policy: e
            timezone: UTC
            rules:
              - id: cut
                cite: x
                when: bills[0].amount > 0
                emit: {action: suspend_supply, due_by: now}
            """])
        let decision = try TestPolicies.decide(policy, #"{"account_id": "A"}"#, asOf: "2026-01-01T00:00:00Z")
        XCTAssertFalse(decision.actions.contains { $0.action == "suspend_supply" })
        XCTAssertEqual(decision.errors.map(\.rule), ["cut"])
        XCTAssertEqual(decision.actions.map(\.action), ["escalate"])
    }

    func testDecisionsAreDeterministicAndSorted() throws {
        let policy = try compile()
        let a = TestPolicies.json(try TestPolicies.decide(policy, snapshot(), asOf: "2026-09-21T10:00:00+08:00"), policy)
        let b = TestPolicies.json(try TestPolicies.decide(policy, snapshot(), asOf: "2026-09-21T10:00:00+08:00"), policy)
        XCTAssertEqual(a, b)
        let decision = try TestPolicies.decide(policy, snapshot(), asOf: "2026-09-21T10:00:00+08:00")
        XCTAssertEqual(decision.actions.map(\.dueBy), decision.actions.map(\.dueBy).sorted())
        XCTAssertEqual(decision.facts.first?.name, "arrears")
        XCTAssert(a.contains(#""facts":{"arrears":"100.50"}"#), a)
        XCTAssert(a.contains(#""next_review_at":"2026-09-21T11:00:00+08:00""#), a)
    }
}
