import CEL
import Engine
import Foundation
import XCTest

/// The step budget of one snapshot's evaluation: a runaway expression ends in a
/// `budget_exceeded` error line (never in an action), the next line is evaluated, and the
/// shipped policies take steps linear in the size of an account.
final class EvaluationBudgetTests: XCTestCase {
    /// Example line 10 (ready to cut) with `extra` more `follow_up` notices, all sent at the
    /// same instant.
    static func readyToCut(followUps extra: Int) throws -> [UInt8] {
        let line = try ShippedFiles.lines("examples/snapshots.ndjson")[9]
        var snapshot = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        let followUp: [String: Any] = ["kind": "follow_up", "channel": "phone", "sent_at": "2026-12-28T10:00:00+08:00",
                                       "delivered_at": "2026-12-28T10:00:00+08:00"]
        var notices = try XCTUnwrap(snapshot["notices"] as? [Any])
        notices += Array(repeating: followUp, count: extra)
        snapshot["notices"] = notices
        return Array(try JSONSerialization.data(withJSONObject: snapshot))
    }

    private func outcome(_ processor: LineProcessor, _ bytes: [UInt8], line: Int = 1) -> LineOutcome {
        bytes.withUnsafeBytes { processor.outcome($0, line: line) }
    }

    /// 20,000 notices fit in 1,000,000 steps (the shipped policies spend about 20 a notice),
    /// where any fact comparing every notice with every other would need 400,000,000.
    func testTheShippedPoliciesAreLinearInTheNotices() throws {
        let bytes = try Self.readyToCut(followUps: 20_000)
        let asOf = try Timestamp(seconds: 0)
        let tight = LineProcessor(selector: ShippedFiles.policies(), asOfOverride: nil, defaultAsOf: asOf, stepBudget: 1_000_000)
        guard case .decided(let decided) = outcome(tight, bytes) else { return XCTFail("refused within 1,000,000 steps") }
        XCTAssertEqual(decided.decision.actions.map(\.action), ["suspend_supply", "late_fee"])
        XCTAssertTrue(decided.decision.errors.isEmpty)
        // The quadratic form of one such fact does not fit.
        let quadratic = try TestPolicies.compile("q", ["q.yaml": """
            policy: q
            timezone: Asia/Shanghai
            facts:
              last_contact_at:
                value: notices.filter(n, notices.all(m, m.sent_at <= n.sent_at))[0].sent_at
                type: timestamp
            """])
        let over = LineProcessor(selector: .single(quadratic, anyBureau: true), asOfOverride: nil, defaultAsOf: asOf, stepBudget: 1_000_000)
        guard case .refused(let refusal) = outcome(over, bytes) else { return XCTFail("the quadratic fact fitted") }
        XCTAssertEqual(refusal.code, "budget_exceeded")
    }

    /// A policy whose fact nests five comprehensions over 100 notices (10^10 steps), and a
    /// rule that would cut supply if the exhausted budget's error were absorbed.
    func runawayPolicy() throws -> PolicySelector {
        .single(try TestPolicies.compile("r", ["r.yaml": """
            policy: r
            timezone: Asia/Shanghai
            facts:
              runaway:
                value: >-
                  notices.exists(a, notices.exists(b, notices.exists(c, notices.exists(d,
                    notices.exists(e, e.kind == 'never')))))
                type: bool
                output: false
            rules:
              - id: cut
                cite: x
                when: runaway || size(notices) > 50
                emit: {action: suspend_supply, due_by: now}
            """]), anyBureau: true)
    }

    func testARunawayFactGivesAnErrorLineAndTheNextLineIsEvaluated() throws {
        let lines = try ShippedFiles.lines("examples/snapshots.ndjson")
        var snapshot = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lines[9])) as? [String: Any])
        let notices = try XCTUnwrap(snapshot["notices"] as? [Any])
        snapshot["notices"] = (0..<100).map { notices[$0 % notices.count] }
        let processor = LineProcessor(selector: try runawayPolicy(), asOfOverride: nil, defaultAsOf: try Timestamp(seconds: 0),
                                      stepBudget: 100_000)
        var w = JSONWriter()
        var stats = EvalStats()
        Array(try JSONSerialization.data(withJSONObject: snapshot)).withUnsafeBytes {
            processor.process($0, line: 1, into: &w, stats: &stats)
        }
        lines[10].withUnsafeBytes { processor.process($0, line: 2, into: &w, stats: &stats) }
        let out = w.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(out.count, 2)
        XCTAssertEqual(out.first, #"{"line":1,"account_id":"YD-000110","error":{"code":"budget_exceeded","path":"","#
                                  + #""message":"evaluation budget of 100000 steps exceeded in `fact:runaway`"}}"#)
        XCTAssertTrue(out.last?.hasPrefix(#"{"account_id":"YD-000111","line":2,"#) == true, out.last ?? "")
        XCTAssertEqual([stats.evaluated, stats.errors], [1, 1])
    }

    /// The error of an exhausted budget inside a rule is absorbed by `|| true`, yet no
    /// action comes out: the whole decision is refused.
    func testAnAbsorbedBudgetErrorNeverYieldsAnAction() throws {
        let policy = try TestPolicies.compile("s", ["s.yaml": """
            policy: s
            timezone: UTC
            rules:
              - id: cut
                cite: x
                when: bills.exists(a, bills.exists(b, bills.exists(c, a.amount < 0))) || true
                emit: {action: suspend_supply, due_by: now}
            """])
        let bill = #"{"period": "2026-10", "amount": "1", "due_date": "2026-11-15", "paid": "0"}"#
        let json = #"{"account_id": "S", "bills": ["# + Array(repeating: bill, count: 60).joined(separator: ",") + "]}"
        let snapshot = try SnapshotDecoder.decode(JSONReader().read(json))
        let asOf = try Timestamp(parsingRFC3339: "2026-12-01T00:00:00Z")
        let enough = PolicyEvaluator(policy: policy).evaluate(snapshot, asOf: asOf, line: 1)
        XCTAssertEqual(enough.actions.map(\.action), ["suspend_supply"])
        let short = PolicyEvaluator(policy: policy, stepBudget: 10_000).evaluate(snapshot, asOf: asOf, line: 1)
        XCTAssertEqual(short.budgetExceeded, "cut")
        XCTAssertTrue(short.actions.isEmpty)
        XCTAssertEqual(short.errors.map { [$0.rule, $0.message] }, [["cut", "evaluation budget of 10000 steps exceeded"]])
        // The budget is per snapshot: the next one starts afresh.
        let evaluator = PolicyEvaluator(policy: policy, stepBudget: 300_000)
        for _ in 0..<3 { XCTAssertNil(evaluator.evaluate(snapshot, asOf: asOf, line: 1).budgetExceeded) }
    }
}
