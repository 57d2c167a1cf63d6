import Foundation
import XCTest

/// `policyctl simulate` end to end: an unpaid household account of yongdeng, with the shipped
/// policies and the 2026 calendar, against golden files in Fixtures/simulate/.
///
/// `UPDATE_GOLDEN=1 swift test --filter SimulateCommandTests` rewrites the golden files.
final class SimulateCommandTests: XCTestCase {
    static let fixtures = CommandRunner.root.appendingPathComponent("Tests/PolicyctlTests/Fixtures/simulate")
    static let snapshot = "Tests/PolicyctlTests/Fixtures/simulate/unpaid-household.snapshot.json"

    /// Compares `text` with the golden file `name` (the policy digest masked, so that a
    /// comment in a policy does not fail the test).
    private func assertGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let masked = text.replacingOccurrences(of: #""sha256:[0-9a-f]{64}""#, with: #""sha256:…""#, options: .regularExpression)
        let url = Self.fixtures.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try masked.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return XCTFail("missing golden file \(name): run with UPDATE_GOLDEN=1", file: file, line: line)
        }
        XCTAssertEqual(masked, expected, "\(name) differs from the golden file (run with UPDATE_GOLDEN=1 to accept)", file: file, line: line)
    }

    func testUnpaidHouseholdIsCutOnTheFirstWorkingDayAfterNationalDay() throws {
        let result = try CommandRunner.run(["simulate", "--policy", "policies", Self.snapshot, "--days", "45"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertGolden(result.text, "unpaid-household.txt")
        // The ladder, in order, with the dates the 2026 calendar gives (other rows, such as
        // follow-ups and the monthly late fee, may come in between).
        let rows = result.lines.compactMap { line -> String? in
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            guard cells.count >= 3, cells[0].hasPrefix("2026-") else { return nil }
            return "\(cells[0]) \(cells[1]) \(cells[2])"
        }
        let ladder = [
            "2026-09-05 08:00 first_reminder",
            "2026-09-21 08:00 second_notice",
            "2026-09-21 08:00 suspension_notice",
            "2026-09-21 08:00 approval_request",
            "2026-09-30 00:00 work_ticket",   // the working day before the cut, before 国庆
            "2026-10-08 09:30 arrears_recheck",
            "2026-10-08 09:30 pre_cut_notice",
            "2026-10-08 10:00 suspend_supply",
        ]
        var position = rows.startIndex
        for step in ladder {
            guard let found = rows[position...].firstIndex(of: step) else { return XCTFail("\(step) missing or out of order in:\n\(rows.joined(separator: "\n"))") }
            position = found + 1
        }
        XCTAssert(result.text.contains("first working day after the days off 2026-10-01…2026-10-07"), result.text)
        XCTAssert(result.text.contains("supply cut at 2026-10-08 10:00, after:"), result.text)
    }

    func testJSONGivesTheEventsAndTheFirstCut() throws {
        let result = try CommandRunner.run(["simulate", "--policy", "policies", Self.snapshot, "--days", "45", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertGolden(result.text, "unpaid-household.timeline.json")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let summary = try XCTUnwrap(object["summary"] as? [String: Any])
        XCTAssertEqual(summary["first_cut_at"] as? String, "2026-10-08T10:00:00+08:00")
        let before = try XCTUnwrap(summary["before_cut"] as? [[String: Any]]).compactMap { $0["action"] as? String }
        for step in ["first_reminder", "second_notice", "suspension_notice", "approval_request", "work_ticket",
                     "pre_cut_notice", "arrears_recheck"] {
            XCTAssert(before.contains(step), "\(step) missing before the cut: \(before)")
        }
    }

    func testPayingAfterTheCutRestoresSupply() throws {
        let result = try CommandRunner.run(["simulate", "--policy", "policies", Self.snapshot, "--days", "45", "--pay-on", "2026-10-12"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertGolden(result.text, "unpaid-household-pays.txt")
        XCTAssert(result.text.contains("supply restored at 2026-10-12 09:00"), result.text)
    }

    func testPayingBeforeTheCutAvoidsIt() throws {
        let result = try CommandRunner.run(["simulate", "--policy", "policies", Self.snapshot, "--days", "45", "--pay-on", "2026-09-30"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssert(result.text.contains("no cut by 2026-10-16 09:00"), result.text)
        XCTAssertFalse(result.text.contains("suspend_supply"), result.text)
    }

    func testUsageAndInputErrors() throws {
        XCTAssertEqual(try CommandRunner.run(["simulate", Self.snapshot]).status, 2, "--days is required")
        XCTAssertEqual(try CommandRunner.run(["simulate", Self.snapshot, "--days", "10", "--amount", "5"]).status, 2)
        XCTAssertEqual(try CommandRunner.run(["simulate", Self.snapshot, "--days", "10", "--pay-on", "tomorrow"]).status, 2)
        XCTAssertEqual(try CommandRunner.run(["simulate", Self.snapshot, "--days", "10", "--pay-on", "2026-01-01"]).status, 2)
        XCTAssertEqual(try CommandRunner.run(["simulate", "/no/such/file.json", "--days", "10"]).status, 3)
        let invalid = try CommandRunner.run(["simulate", "-", "--days", "10"], input: Data(#"{"account_id": "A", "bills": 3}"#.utf8))
        XCTAssertEqual(invalid.status, 1)
        XCTAssert(invalid.stderr.contains("invalid snapshot at `bills`"), invalid.stderr)
    }
}
