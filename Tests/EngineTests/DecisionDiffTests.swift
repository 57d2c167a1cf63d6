import CEL
import Engine
import Policy
import XCTest

/// Comparing decisions under two policy versions (``DecisionDiff``, ``PolicyDiff``).
final class DecisionDiffTests: XCTestCase {
    /// The base version; tests derive heads by replacing text.
    static let base = """
        policy: p
        timezone: Asia/Shanghai
        params:
          notice_days: 0
          min_open: 0
          big_from: 1000
          late_from: 1000
          disputes_block: false
        facts:
          arrears:
            value: bills.map(b, b.amount - b.paid).sum()
            type: decimal
        tiers:
          - id: big
            when: arrears > params.big_from
          - id: small
        protections:
          - id: hold
            when: params.disputes_block
            blocks: [suspend_supply]
            reason: on hold
        rules:
          - id: remind
            when: arrears > 0
            emit:
              action: first_reminder
              channels: [sms]
              due_by: end_of_day(add_days(today, params.notice_days))
          - id: per-bill
            each: bills
            as: bill
            when: bill.amount - bill.paid > params.min_open
            emit:
              action: follow_up
              due_by: end_of_day(add_days(today, 7))
              data: {period: bill.period}
          - id: cut
            when: arrears > 0
            emit:
              action: suspend_supply
              due_by: end_of_day(add_days(today, 3))
          - id: late
            when: arrears > params.late_from
            violation:
              code: notice_lead_time
              detail: "owes ${arrears}"
        """

    static let snapshot = """
        {"account_id": "A-1", "bureau": "p", "bills": [
          {"period": "2026-08", "amount": "30.00", "due_date": "2026-09-15", "paid": "0"},
          {"period": "2026-09", "amount": "100.00", "due_date": "2026-10-15", "paid": "0"}]}
        """

    static let asOf = "2026-11-02T10:00:00+08:00"

    func decisions(head replacements: [(String, String)]) throws -> (Decision, Decision, CompiledPolicy) {
        var headText = Self.base
        for (from, to) in replacements {
            XCTAssert(headText.contains(from), "no `\(from)` in the base policy")
            headText = headText.replacingOccurrences(of: from, with: to)
        }
        let base = try TestPolicies.compile("p", ["p.yaml": Self.base])
        let head = try TestPolicies.compile("p", ["p.yaml": headText])
        return (try TestPolicies.decide(base, Self.snapshot, asOf: Self.asOf),
                try TestPolicies.decide(head, Self.snapshot, asOf: Self.asOf), head)
    }

    func testTheSamePolicyChangesNothing() throws {
        let (base, head, policy) = try decisions(head: [])
        let diff = DecisionDiff(base: base, head: head, zone: policy.timeZone)
        XCTAssert(diff.isUnchanged)
        XCTAssertNil(diff.nextReview)
    }

    func testChannelsAndWindowChangesAreNamed() throws {
        let (base, head, policy) = try decisions(head: [("notice_days: 0", "notice_days: 2"), ("channels: [sms]", "channels: [sms, phone]")])
        let diff = DecisionDiff(base: base, head: head, zone: policy.timeZone)
        XCTAssertEqual(diff.changed.count, 1)
        XCTAssertEqual(diff.changed.first?.head.action, "first_reminder")
        XCTAssertEqual(diff.changed.first?.fields, ["channels", "due_by"])
        XCTAssert(diff.added.isEmpty && diff.removed.isEmpty)
        XCTAssertFalse(diff.isUnchanged)
    }

    /// Two `follow_up`s of one rule: when the head drops the first, the second stays matched
    /// with its own counterpart instead of pairing with the first as a "change".
    func testActionsOfOneRuleMatchTheirOwnCounterpart() throws {
        let (base, head, policy) = try decisions(head: [("min_open: 0", "min_open: 50")])
        let diff = DecisionDiff(base: base, head: head, zone: policy.timeZone)
        XCTAssertEqual(diff.removed.map(\.action), ["follow_up"])
        guard case .string("2026-08")? = diff.removed.first?.data.first?.value else {
            return XCTFail("the follow-up of 2026-08 must be the one removed")
        }
        XCTAssert(diff.changed.isEmpty, "\(diff.changed.map(\.fields))")
        XCTAssert(diff.added.isEmpty)
    }

    func testBlockedViolationsAndTierChanges() throws {
        let (base, head, policy) = try decisions(head: [("disputes_block: false", "disputes_block: true"),
                                                        ("big_from: 1000", "big_from: 50"),
                                                        ("late_from: 1000", "late_from: 50")])
        let diff = DecisionDiff(base: base, head: head, zone: policy.timeZone)
        XCTAssertEqual(diff.removed.map(\.action), ["suspend_supply"])
        XCTAssertEqual(diff.blockedAdded.map(\.by), ["hold"])
        XCTAssertEqual(diff.violationsAdded.map(\.code), ["notice_lead_time"])
        XCTAssertEqual(diff.tier?.base, "small")
        XCTAssertEqual(diff.tier?.head, "big")
        XCTAssert(diff.blockedRemoved.isEmpty && diff.violationsRemoved.isEmpty)
    }

    func testPolicyDiffCountsByActionTierAndBureau() throws {
        let base = try TestPolicies.compile("p", ["p.yaml": Self.base])
        let head = try TestPolicies.compile("p", ["p.yaml": Self.base.replacingOccurrences(of: "min_open: 0", with: "min_open: 50")])
        let asOf = try Timestamp(parsingRFC3339: Self.asOf)
        let processors = [base, head].map { LineProcessor(selector: .single($0), asOfOverride: asOf, defaultAsOf: asOf) }
        let paid = #"{"account_id": "A-2", "bureau": "p", "bills": []}"#
        var diff = PolicyDiff()
        for (i, text) in [Self.snapshot, paid, "not json"].enumerated() {
            let outcomes = processors.map { p in
                Array(text.utf8).withUnsafeBytes { p.outcome($0, line: i + 1) }
            }
            diff.add(base: outcomes[0], head: outcomes[1])
        }
        XCTAssertEqual(diff.snapshots, 3)
        XCTAssertEqual(diff.accounts.map(\.accountID), ["A-1"])
        XCTAssertEqual(diff.unchanged, 2, "a line refused the same way by both is unchanged")
        XCTAssertEqual(diff.byAction, ["follow_up": ActionCounts(added: 0, removed: 1, changed: 0)])
        XCTAssertEqual(diff.byTier, ["small": 1])
        XCTAssertEqual(diff.byBureau, ["p": 1])
        XCTAssert(diff.hasChanges)
        XCTAssertEqual(diff.baseStats.errors, 1)
    }

    func testASnapshotOnlyOneVersionEvaluatesIsAChange() throws {
        let base = try TestPolicies.compile("p", ["p.yaml": Self.base])
        let asOf = try Timestamp(parsingRFC3339: Self.asOf)
        let json = try JSONReader().read(Self.snapshot)
        let decided = LineProcessor(selector: .single(base), asOfOverride: asOf, defaultAsOf: asOf).outcome(json, line: 1)
        let refused = LineProcessor(selector: .byBureau([:]), asOfOverride: asOf, defaultAsOf: asOf).outcome(json, line: 1)
        var diff = PolicyDiff()
        diff.add(base: decided, head: refused)
        let account = try XCTUnwrap(diff.accounts.first)
        guard case .outcome(_, .refused(let r)) = account.change else { return XCTFail("\(account.change)") }
        XCTAssertEqual(r.code, "unknown_bureau")
        XCTAssertEqual(diff.byBureau, ["p": 1])
    }
}
