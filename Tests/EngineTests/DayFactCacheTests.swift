import CEL
import Engine
import Policy
import XCTest

/// Facts that are the same all day are computed once per day per evaluator; the
/// decisions must be those of computing every fact for every snapshot.
final class DayFactCacheTests: XCTestCase {
    static let policy = """
        policy: p
        timezone: Asia/Shanghai
        params:
          from_day: 5
        facts:
          opens:
            value: "today.day < params.from_day ? add_days(today, params.from_day - today.day) : add_days(today, 1)"
            type: date
          opens_at:
            value: start_of_day(opens)
            type: timestamp
          owed:
            value: decimal(bills.map(b, b.amount).sum()) + decimal('0.00')
            type: decimal
          owed_when:
            value: "owed > 0 ? opens : today"
            type: date
          seen:
            value: now
            type: timestamp
        rules:
          - id: remind
            cite: test
            when: owed > 0
            emit:
              action: first_reminder
              due_by: opens_at
        """

    func testOnlyFactsOfTodayAndParamsAreSameAllDay() throws {
        let policy = try TestPolicies.compile("p", ["p.yaml": Self.policy])
        let flags = Dictionary(uniqueKeysWithValues: policy.facts.map { ($0.name, $0.isSameAllDay) })
        XCTAssertEqual(flags, ["opens": true, "opens_at": true, "owed": false, "owed_when": false, "seen": false])
    }

    func testOneEvaluatorGivesEachDayItsOwnValues() throws {
        let policy = try TestPolicies.compile("p", ["p.yaml": Self.policy])
        let evaluator = PolicyEvaluator(policy: policy)
        let snapshots = [
            (#"{"account_id": "A", "bills": [{"amount": "10.00"}]}"#, "2026-12-02T09:00:00+08:00"),
            (#"{"account_id": "B", "bills": []}"#, "2026-12-02T18:00:00+08:00"),
            (#"{"account_id": "C", "bills": [{"amount": "3.50"}]}"#, "2026-12-09T09:00:00+08:00"),
            (#"{"account_id": "D", "bills": [{"amount": "1.00"}]}"#, "2026-12-02T23:30:00+08:00"),
        ]
        for (json, asOf) in snapshots {
            let snapshot = try SnapshotDecoder.decode(JSONReader().read(json))
            let cached = evaluator.evaluate(snapshot, asOf: try Timestamp(parsingRFC3339: asOf), line: 1)
            let fresh = try TestPolicies.decide(policy, json, asOf: asOf)
            XCTAssertEqual(TestPolicies.json(cached, policy), TestPolicies.json(fresh, policy), "\(json) at \(asOf)")
        }
        let last = try SnapshotDecoder.decode(JSONReader().read(snapshots[2].0))
        let decision = evaluator.evaluate(last, asOf: try Timestamp(parsingRFC3339: snapshots[2].1), line: 1)
        XCTAssert(TestPolicies.json(decision, policy).contains(#""opens":"2026-12-10""#), TestPolicies.json(decision, policy))
        XCTAssert(TestPolicies.json(decision, policy).contains(#""due_by":"2026-12-10T00:00:00+08:00""#))
    }
}

/// A worker thread's own copy of a policy decides as the shared one does, and shares
/// none of its programs.
final class IndependentPolicyCopyTests: XCTestCase {
    func testACopySharesNoProgramsAndGivesTheSameDecisions() throws {
        let policy = try TestPolicies.compile("p", ["p.yaml": DayFactCacheTests.policy])
        let copy = policy.independentCopy()
        XCTAssertFalse(copy === policy)
        XCTAssertEqual(copy.digest, policy.digest)
        XCTAssertEqual(copy.facts.map(\.name), policy.facts.map(\.name))
        for (a, b) in zip(copy.facts, policy.facts) { XCTAssertFalse(a.program === b.program) }
        let json = #"{"account_id": "A", "bills": [{"amount": "10.00"}]}"#
        let snapshot = try SnapshotDecoder.decode(JSONReader().read(json))
        let asOf = try Timestamp(parsingRFC3339: "2026-12-02T09:00:00+08:00")
        XCTAssertEqual(TestPolicies.json(PolicyEvaluator(policy: copy).evaluate(snapshot, asOf: asOf, line: 1), copy),
                       TestPolicies.json(PolicyEvaluator(policy: policy).evaluate(snapshot, asOf: asOf, line: 1), policy))
    }
}
