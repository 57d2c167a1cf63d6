import CEL
import Engine
import Foundation
import XCTest

/// A decision at an instant sees only what was known then (``PointInTimeView``): the
/// ready-to-cut account of the examples (line 10), evaluated at instants of its history,
/// requires at each what the procedure required then.
final class PointInTimeTests: XCTestCase {
    private func decision(at instant: String, line: Int = 10) throws -> Decision {
        let processor = LineProcessor(selector: ShippedFiles.policies(), asOfOverride: try Timestamp(parsingRFC3339: instant),
                                      defaultAsOf: try Timestamp(seconds: 0))
        let bytes = try ShippedFiles.lines("examples/snapshots.ndjson")[line - 1]
        guard case .decided(let d) = bytes.withUnsafeBytes({ processor.outcome($0, line: line) }) else {
            throw XCTSkip("line \(line) was refused")
        }
        return d.decision
    }

    private func actions(_ d: Decision) -> [String] { d.actions.map(\.action).filter { $0 != "late_fee" } }

    func testEachInstantRequiresWhatTheProcedureRequiredThen() throws {
        let history: [(String, [String])] = [
            ("2026-12-20T12:00:00+08:00", []),                    // before day 21: nothing yet
            ("2026-12-21T12:00:00+08:00", ["suspension_notice"]), // second notice delivered at 10:00
            ("2026-12-22T12:00:00+08:00", []),                    // red notice sent, not yet delivered
            ("2026-12-23T16:00:00+08:00", ["approval_request"]),  // delivered and signed at 15:00
            ("2026-12-30T09:00:00+08:00", ["work_ticket"]),       // approved on 12-24; the day before T
            ("2026-12-31T09:32:00+08:00", ["arrears_recheck"]),   // re-notified at 09:30, re-check still due
            ("2026-12-31T10:00:00+08:00", ["suspend_supply"]),
        ]
        for (instant, expected) in history {
            let d = try decision(at: instant)
            XCTAssertEqual(actions(d), expected, instant)
        }
    }

    func testLaterRecordsAreSetAsideAndCounted() throws {
        let early = try decision(at: "2026-12-22T12:00:00+08:00")
        // Not yet: the red notice's delivery (12-23), the approval (12-24), the follow-up,
        // work ticket, re-notice and re-check.
        XCTAssertEqual(early.warnings.map(\.code), ["record.after_as_of"])
        XCTAssert(early.warnings[0].message.hasPrefix("6 records are dated after the evaluation instant"), early.warnings[0].message)
        let facts = Dictionary(early.facts.map { ($0.name, $0.value.debugText) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(facts["approved"], "false")
        XCTAssertEqual(facts["red_delivered"], "false")
        XCTAssertEqual(try decision(at: "2026-12-31T10:00:00+08:00").warnings.map(\.code), [], "nothing after the snapshot's own time")
    }

    /// A payment after the instant had not been made: its amount is still owed then.
    func testALaterPaymentIsStillOwed() throws {
        // YD-000101 paid its November bill (286.10) on 12-03: an hour before, it was owed.
        let lines = try ShippedFiles.lines("examples/snapshots.ndjson")
        guard let index = lines.firstIndex(where: { String(decoding: $0, as: UTF8.self).contains(#""payments":[{"#) }) else {
            throw XCTSkip("no example with a payment")
        }
        let snapshot = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[index])) as? [String: Any])
        let payments = try XCTUnwrap(snapshot["payments"] as? [[String: Any]])
        let paidAt = try Timestamp(parsingRFC3339: try XCTUnwrap(payments.first?["at"] as? String))
        let before = try Timestamp(seconds: paidAt.seconds - 3600).rfc3339(in: .utc)
        let now = try decision(at: try XCTUnwrap(snapshot["as_of"] as? String), line: index + 1)
        let then = try decision(at: before, line: index + 1)
        func amountDue(_ d: Decision) -> String? { d.facts.first { $0.name == "amount_due" }?.value.debugText }
        XCTAssertEqual(amountDue(now), #"decimal("0.00")"#)
        XCTAssertEqual(amountDue(then), #"decimal("286.10")"#, "the later payment must not count an hour before it")
        XCTAssertEqual(then.warnings.map(\.code), ["record.after_as_of"])
    }
}
