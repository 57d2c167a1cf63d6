import Foundation
import XCTest

/// `policyctl audit` on the shipped examples: one account per snapshot, every entry with a
/// verdict, a rule and a citation where a rule required it, totals that add up.
final class AuditCommandTests: XCTestCase {
    func testAuditOfTheExamples() throws {
        let result = try CommandRunner.run(["audit", "--policy", "policies", "--format", "json", "examples/snapshots.ndjson"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let accounts = try XCTUnwrap(document["accounts"] as? [[String: Any]])
        XCTAssertEqual(accounts.count, 26)
        let verdicts = Set(["on_time", "late", "never_done", "pending", "lapsed", "done_without_requirement"])
        var entries = 0
        for account in accounts {
            for entry in account["entries"] as? [[String: Any]] ?? [] {
                entries += 1
                let verdict = try XCTUnwrap(entry["verdict"] as? String)
                XCTAssert(verdicts.contains(verdict), verdict)
                if verdict != "done_without_requirement" {
                    XCTAssertNotNil(entry["rule"] as? String, "\(entry)")
                    XCTAssertNotNil(entry["required_at"] as? String, "\(entry)")
                }
            }
        }
        let totals = try XCTUnwrap(document["totals"] as? [[String: Any]])
        let counted = totals.reduce(0) { sum, t in sum + verdicts.reduce(0) { $0 + (t[$1] as? Int ?? 0) } }
        XCTAssertEqual(counted, entries)
        XCTAssert(result.stderr.hasPrefix("audited 26 accounts: "), result.stderr)
    }

    func testMarkdownHasAWorksheetPerAccountAndTotals() throws {
        let result = try CommandRunner.run(["audit", "--policy", "policies", "--format", "markdown", "examples/household.json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssert(result.text.hasPrefix("## YD-000123 · line 1 · yongdeng"), result.text)
        XCTAssert(result.text.contains("| verdict | action | rule | required | due by | done | record | cite |"), result.text)
        XCTAssert(result.text.contains("## Totals (1 accounts, "), result.text)
    }

    /// `report --audit` adds the audit totals, the same numbers `audit --format json` gives.
    func testReportWithAuditHasTheTotals() throws {
        let report = try CommandRunner.run(["report", "--audit", "--format", "markdown", "examples/snapshots.ndjson"])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssert(report.text.contains("\n## Audit of the histories ("), report.text)
        let audit = try CommandRunner.run(["audit", "--format", "json", "examples/snapshots.ndjson"])
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: audit.stdout) as? [String: Any])
        for total in try XCTUnwrap(document["totals"] as? [[String: Any]]) {
            let rule = (total["rule"] as? String).map { "`\($0)`" } ?? "(no rule)"
            let counts = ["on_time", "late", "never_done", "pending", "lapsed", "done_without_requirement"].map { String(total[$0] as? Int ?? -1) }
            let row = "| \(rule) | `\(total["action"] as? String ?? "")` | "
            let line = try XCTUnwrap(report.text.split(separator: "\n").first { $0.hasPrefix(row) }, row)
            XCTAssert(line.hasSuffix(" | " + counts.joined(separator: " | ") + " |"), String(line))
        }
        let plain = try CommandRunner.run(["report", "--format", "markdown", "examples/snapshots.ndjson"])
        XCTAssertFalse(plain.text.contains("Audit of the histories"))
    }
}
