import Foundation
import XCTest

/// `policyctl diff` as a policy repository's CI uses it.
final class DiffCommandTests: XCTestCase {
    /// A copy of the shipped policies with the baseline's second notice moved from day 21
    /// to day 25.
    func secondNoticeOnDay25() throws -> URL {
        let dir = try CommandRunner.temporaryDirectory().appendingPathComponent("policies")
        try FileManager.default.copyItem(at: CommandRunner.root.appendingPathComponent("policies"), to: dir)
        let baseline = dir.appendingPathComponent("baseline.yaml")
        let text = try String(contentsOf: baseline, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "second_notice_day: 21 ", with: "second_notice_day: 25 ")
        XCTAssertNotEqual(text, changed, "the baseline must set second_notice_day: 21")
        try changed.write(to: baseline, atomically: true, encoding: .utf8)
        return dir
    }

    func testMovingTheSecondNoticeDayChangesExactlyTheseAccounts() throws {
        let head = try secondNoticeOnDay25()
        let result = try CommandRunner.run(["diff", "--base", "policies", "--head", head.path, "examples/snapshots.ndjson", "--exit-code"])
        XCTAssertEqual(result.status, 1, "--exit-code: 1 when something changed\n" + result.stderr)
        let lines = result.lines
        XCTAssert(lines.first?.hasPrefix("base: policies — chengguan 2026.1 (") == true, result.text)
        XCTAssert(lines.dropFirst().first?.hasPrefix("head: \(head.path) — chengguan 2026.1 (") == true, result.text)
        let expected = try String(contentsOf: CommandRunner.root.appendingPathComponent("Tests/PolicyctlTests/Fixtures/diff/second-notice-day-25.txt"), encoding: .utf8)
        XCTAssert(result.text.contains("\n" + expected + "\n"), "the summary changed:\n" + result.text)
        XCTAssert(result.text.contains("  - second_notice (second-notice) 2026-12-21T09:00:00+08:00 … 2026-12-23T23:59:59+08:00 via phone, sms, visit\n"), result.text)
        XCTAssertEqual(result.stderr, "compared 26, changed 2; errors: base 0, head 0\n")

        let json = try CommandRunner.run(["diff", "--base", "policies", "--head", head.path, "--format", "json", "examples/snapshots.ndjson"])
        XCTAssertEqual(json.status, 0, "without --exit-code a change is not a failure")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        let accounts = try XCTUnwrap(document["accounts"] as? [[String: Any]])
        XCTAssertEqual(accounts.compactMap { $0["account_id"] as? String }, ["YD-000104", "XG-000301"])
        for account in accounts {
            let actions = try XCTUnwrap(account["actions"] as? [String: [[String: Any]]])
            XCTAssertEqual(actions["removed"]?.compactMap { $0["action"] as? String }, ["second_notice"])
            XCTAssertEqual(actions["added"]?.count, 0)
            XCTAssertEqual(actions["changed"]?.count, 0)
        }
        let moved = try XCTUnwrap(document["review_moved"] as? [[String: Any]])
        XCTAssertEqual(moved.compactMap { $0["account_id"] as? String }, ["YD-000114", "YD-000115", "YD-000118", "YD-000119"])
        let summary = try XCTUnwrap(document["summary"] as? [String: Any])
        XCTAssertEqual(summary["accounts_changed"] as? Int, 2)
        XCTAssertEqual(summary["by_bureau"] as? [String: Int], ["xigu": 1, "yongdeng": 1])
    }

    func testTheSamePoliciesChangeNothing() throws {
        let result = try CommandRunner.run(["diff", "--base", "policies", "--head", "policies/", "examples/snapshots.ndjson", "--exit-code"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssert(result.text.contains("26 snapshots: 0 accounts changed, 0 with only next_review_at moved, 26 unchanged\n"), result.text)
        XCTAssertFalse(result.text.contains("by action"))
    }

    func testSnapshotsComeFromStdinAndBadPoliciesExitTwo() throws {
        let snapshot = try Data(contentsOf: CommandRunner.root.appendingPathComponent("examples/household.json"))
        // Two bureaus' policy files on one snapshot: --any-bureau lets chengguan's evaluate a yongdeng account.
        let single = try CommandRunner.run(["diff", "--base", "policies/yongdeng.yaml", "--head", "policies/chengguan.yaml", "--any-bureau"], input: snapshot)
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssert(single.stderr.hasSuffix("errors: base 0, head 0\n"), single.stderr)
        XCTAssert(single.text.hasPrefix("base: policies/yongdeng.yaml — yongdeng 2026.1 ("), single.text)
        XCTAssertEqual(try CommandRunner.run(["diff", "--base", "nowhere", "--head", "policies"]).status, 2)
        XCTAssertEqual(try CommandRunner.run(["diff", "--base", "policies/baseline.yaml", "--head", "policies"]).status, 2)
        XCTAssertEqual(try CommandRunner.run(["diff", "--head", "policies"]).status, 2, "--base is required")
        XCTAssertEqual(try CommandRunner.run(["diff", "--base", "policies", "--head", "policies", "missing.ndjson"]).status, 3)
    }

    func testHelpIsPinned() throws {
        let help = try CommandRunner.run(["diff", "--help"])
        let expected = try String(contentsOf: CommandRunner.root.appendingPathComponent("Tests/PolicyctlTests/Fixtures/help/diff.txt"), encoding: .utf8)
        XCTAssertEqual(help.status, 0)
        XCTAssertEqual(help.text, expected, "regenerate with: swift run policyctl diff --help > Tests/PolicyctlTests/Fixtures/help/diff.txt")
    }
}
