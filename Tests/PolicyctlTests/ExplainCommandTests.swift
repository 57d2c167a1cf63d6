import Foundation
import XCTest

/// `policyctl explain` end to end on three shipped example accounts of yongdeng
/// (examples/snapshots.ndjson): one where rules fire, one whose suspension a medical
/// protection blocks, and an important customer whose suspension is escalated. Text and
/// JSON are pinned by golden files in Fixtures/explain/.
///
/// `UPDATE_GOLDEN=1 swift test --filter ExplainCommandTests` rewrites the golden files.
final class ExplainCommandTests: XCTestCase {
    static let fixtures = CommandRunner.root.appendingPathComponent("Tests/PolicyctlTests/Fixtures/explain")

    /// The accounts, by golden file name.
    static let accounts = [
        "second-notice-fires": "YD-000104",
        "medical-protection-blocks": "YD-000113",
        "important-customer-escalated": "YD-000111",
    ]

    /// The example snapshot of `account`, as one JSON line.
    private func snapshot(_ account: String) throws -> Data {
        let text = try String(contentsOf: CommandRunner.root.appendingPathComponent("examples/snapshots.ndjson"), encoding: .utf8)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("\"account_id\":\"\(account)\"") })
        return Data(line.utf8)
    }

    private func explain(_ account: String, _ extra: [String] = []) throws -> CommandRunner.Result {
        try CommandRunner.run(["explain", "--policy", "policies", "-"] + extra, input: try snapshot(account))
    }

    /// Compares `text` with the golden file `name` (the policy digest masked, so that a
    /// comment in a policy does not fail the test).
    private func assertGolden(_ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let masked = text.replacingOccurrences(of: "sha256:[0-9a-f]{64}", with: "sha256:…", options: .regularExpression)
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

    func testTextAndJSONMatchTheGoldenFiles() throws {
        for (name, account) in Self.accounts.sorted(by: { $0.key < $1.key }) {
            let text = try explain(account)
            XCTAssertEqual(text.status, 0, text.stderr)
            try assertGolden(text.text, name + ".txt")
            let json = try explain(account, ["--format", "json"])
            XCTAssertEqual(json.status, 0, json.stderr)
            try assertGolden(json.text, name + ".json")
        }
    }

    func testMarkdownMatchesTheGoldenFile() throws {
        let result = try explain("YD-000113", ["--format", "markdown"])
        XCTAssertEqual(result.status, 0, result.stderr)
        try assertGolden(result.text, "medical-protection-blocks.md")
    }

    /// The issue's "done when": every rule line names its outcome and its citation, and
    /// every evaluated condition shows its value.
    func testEveryRuleLineHasAnOutcomeAndACitation() throws {
        for account in Self.accounts.values {
            let lines = try explain(account).lines
            let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Rules (") })
            let ruleLines = lines[(start + 1)...].filter { !$0.hasPrefix(" ") && !$0.isEmpty }
            // "Rules (37, in order)": one line per rule of the policy.
            let count = Int(lines[start].dropFirst("Rules (".count).prefix { $0.isNumber })
            XCTAssertEqual(ruleLines.count, count, account)
            XCTAssertGreaterThan(ruleLines.count, 30, account)
            for line in ruleLines {
                XCTAssert(["✔ fired", "· not fired", "⛔ blocked", "… not effective", "✘ error"].contains { line.hasPrefix($0) }, line)
                XCTAssert(line.contains("§ "), "no citation: \(line)")
            }
        }
    }

    func testTheDecisionIsTheOneEvalGives() throws {
        for account in Self.accounts.values {
            let eval = try CommandRunner.run(["eval", "--policy", "policies", "-"], input: try snapshot(account))
            let explained = try explain(account, ["--format", "json"])
            let evalDecision = try XCTUnwrap(JSONSerialization.jsonObject(with: eval.stdout) as? NSDictionary)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: explained.stdout) as? [String: Any])
            let decision = try XCTUnwrap(object["decision"] as? NSDictionary)
            XCTAssertEqual(decision, evalDecision, account)
        }
    }

    func testRuleShowsOnlyThatRule() throws {
        let result = try explain("YD-000113", ["--rule", "suspend-supply"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssert(result.lines.contains { $0.hasPrefix("⛔ blocked") && $0.contains(" suspend-supply ") }, result.text)
        XCTAssert(result.text.contains("blocked by medical-protection until 2027-03-31"), result.text)
        XCTAssertFalse(result.text.contains("first-reminder"), result.text)
        XCTAssert(result.text.contains("\nFacts\n"), result.text)
        XCTAssert(result.text.contains("\nTier: low_voltage\n"), result.text)
    }

    func testUnknownRuleIsAUsageErrorWithASuggestion() throws {
        let result = try explain("YD-000113", ["--rule", "suspend-suply"])
        XCTAssertEqual(result.status, 2)
        XCTAssert(result.stderr.contains("did you mean `suspend-supply`?"), result.stderr)
    }

    func testInvalidSnapshotExitsOne() throws {
        let result = try CommandRunner.run(["explain", "--policy", "policies", "-"], input: Data(#"{"bureau": "yongdeng"}"#.utf8))
        XCTAssertEqual(result.status, 1)
        XCTAssert(result.stderr.contains("account_id"), result.stderr)
        XCTAssert(result.stdout.isEmpty)
    }

    func testUnreadableSnapshotExitsThree() throws {
        let result = try CommandRunner.run(["explain", "--policy", "policies", "no-such-snapshot.json"])
        XCTAssertEqual(result.status, 3)
    }
}
