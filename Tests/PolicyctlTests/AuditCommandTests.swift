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
}
