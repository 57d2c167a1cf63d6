import CEL
import Engine
import Foundation
import XCTest

/// `audit` replays an account's history: each step the rules required, when it was done,
/// and the verdict. Each history here differs from a clean one by one fault, and the audit
/// names exactly that fault.
final class AuditorTests: XCTestCase {
    /// A household with one overdue bill, every step done on time.
    static var clean: [String: Any] { [
        "account_id": "AUD-1", "bureau": "yongdeng", "as_of": "2026-12-30T12:00:00+08:00",
        "customer": ["class": "residential", "category": "household", "voltage_kv": 0.4],
        "bills": [["period": "2026-11", "amount": "286.10", "due_date": "2026-12-15", "paid": "0.00"]],
        "notices": [
            ["kind": "first_reminder", "channel": "sms", "sent_at": "2026-12-05T09:10:00+08:00"],
            ["kind": "late_fee", "sent_at": "2026-12-16T09:00:00+08:00"],
            ["kind": "second_notice", "channel": "phone", "sent_at": "2026-12-21T10:00:00+08:00", "delivered_at": "2026-12-21T10:00:00+08:00"],
            ["kind": "follow_up", "channel": "phone", "sent_at": "2026-12-28T10:00:00+08:00", "delivered_at": "2026-12-28T10:00:00+08:00"],
        ],
    ] }

    private func audit(_ object: [String: Any]) throws -> AccountAudit {
        let processor = LineProcessor(selector: ShippedFiles.policies(), asOfOverride: nil, defaultAsOf: try Timestamp(seconds: 0))
        let bytes = Array(try JSONSerialization.data(withJSONObject: object))
        guard case .decided(let d) = bytes.withUnsafeBytes({ processor.outcome($0, line: 1) }),
              let policy = ShippedFiles.policies().policy(for: d.bureau) else { throw XCTSkip("not decided") }
        return Auditor(policy: policy).audit(d.snapshot, until: d.decision.asOf, line: 1)
    }

    private func findings(_ a: AccountAudit) -> [String] {
        a.entries.filter(\.verdict.isFinding).map { "\($0.action) \($0.verdict.rawValue)" + ($0.lateBy.map { " \($0.description)" } ?? "") }
    }

    /// The examples' ready-to-cut account (line 10) as JSON, edited by `edit`.
    private func readyToCut(_ edit: (inout [String: Any]) -> Void) throws -> [String: Any] {
        let line = try ShippedFiles.lines("examples/snapshots.ndjson")[9]
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        edit(&object)
        return object
    }

    func testACleanHistoryHasNoFinding() throws {
        let a = try audit(Self.clean)
        XCTAssertEqual(findings(a), [])
        XCTAssertEqual(a.entries.map(\.action), ["first_reminder", "late_fee", "second_notice", "follow_up"])
        XCTAssert(a.entries.allSatisfy { $0.verdict == .onTime }, "\(a.entries)")
        XCTAssertEqual(a.entries.map(\.record), ["notices[0]", "notices[1]", "notices[2]", "notices[3]"])
    }

    func testASecondNoticeThreeDaysLate() throws {
        var late = Self.clean
        var notices = try XCTUnwrap(late["notices"] as? [[String: Any]])
        notices[2]["sent_at"] = "2026-12-27T08:00:00+08:00"
        notices[2]["delivered_at"] = "2026-12-27T08:00:00+08:00"
        notices.remove(at: 3)   // the follow-up is due 7 days after the (late) second notice
        late["notices"] = notices
        let a = try audit(late)
        // due by the end of 12-23 + 2 days, moved into the 08:00–20:00 window: 12-24 07:59:59
        XCTAssertEqual(findings(a), ["second_notice late 259201s"])
        XCTAssertEqual(a.entries.first { $0.action == "second_notice" }?.rule, "second-notice")
    }

    func testACutWithoutApproval() throws {
        let cut: (inout [String: Any]) -> Void = {
            $0["as_of"] = "2026-12-31T12:00:00+08:00"
            $0["supply"] = ["status": "suspended", "since": "2026-12-31T10:05:00+08:00"]
        }
        let approved = try audit(try readyToCut(cut))
        let unapproved = try audit(try readyToCut { cut(&$0); $0["approvals"] = [] })
        // Without the approval the request was never answered, and the ticket, the re-notice,
        // the re-check and the cut itself had no grounds.
        XCTAssertEqual(Set(findings(unapproved)).subtracting(findings(approved)).sorted(),
                       ["approval_request never_done", "arrears_recheck done_without_requirement",
                        "pre_cut_notice done_without_requirement", "suspend_supply done_without_requirement",
                        "work_ticket done_without_requirement"])
        XCTAssertEqual(Set(findings(approved)).subtracting(findings(unapproved)), [])
        XCTAssert(unapproved.violations.contains { $0.code == "suspended_without_approval" })
        XCTAssertEqual(approved.entries.first { $0.action == "suspend_supply" }?.verdict, .onTime)
    }

    func testACutSixDaysAfterTheRedNotice() throws {
        let a = try audit(try readyToCut {
            $0["as_of"] = "2026-12-31T12:00:00+08:00"
            $0["supply"] = ["status": "suspended", "since": "2026-12-31T10:05:00+08:00"]
            var notices = $0["notices"] as? [[String: Any]] ?? []
            if let i = notices.firstIndex(where: { $0["kind"] as? String == "suspension_notice" }) {
                notices[i]["sent_at"] = "2026-12-25T09:00:00+08:00"
                notices[i]["delivered_at"] = "2026-12-25T10:00:00+08:00"
            }
            $0["notices"] = notices
        })
        XCTAssert(findings(a).contains("suspend_supply done_without_requirement"), "\(findings(a))")
        XCTAssert(a.violations.contains { $0.code == "notice_lead_time" })
    }

    func testARestorationThirtyHoursAfterPayment() throws {
        let a = try audit(try readyToCut {
            $0["as_of"] = "2027-01-02T12:00:00+08:00"
            $0["payments"] = [["at": "2026-12-31T12:00:00+08:00", "amount": "598.50"]]
            $0["bills"] = ($0["bills"] as? [[String: Any]] ?? []).map { var b = $0; b["paid"] = b["amount"]; return b }
            var notices = $0["notices"] as? [[String: Any]] ?? []
            notices.append(["kind": "restoration_notice", "channel": "sms", "sent_at": "2027-01-01T18:30:00+08:00"])
            $0["notices"] = notices
            $0["supply"] = ["status": "on", "since": "2027-01-01T18:00:00+08:00"]
        })
        let restore = try XCTUnwrap(a.entries.first { $0.action == "restore_supply" })
        XCTAssertEqual(restore.verdict, .late)
        XCTAssertEqual(restore.lateBy?.description, "21600s", "30 hours after the payment, 6 hours after the 24")
        XCTAssertEqual(restore.record, "supply")
    }
}
