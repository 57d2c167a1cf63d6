import Foundation
import XCTest

/// Every exit code of the contract (§4), from the real binary.
final class ExitCodeTests: XCTestCase {
    func testHelpAndVersionExitZero() throws {
        XCTAssertEqual(try CommandRunner.run(["--help"]).status, 0)
        XCTAssertEqual(try CommandRunner.run(["eval", "--help"]).status, 0)
        let version = try CommandRunner.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertFalse(version.text.isEmpty)
    }

    func testUsageErrorsExitTwo() throws {
        let badFlag = try CommandRunner.run(["eval", "--no-such-flag"])
        XCTAssertEqual(badFlag.status, 2)
        XCTAssert(badFlag.stderr.contains("--no-such-flag"), badFlag.stderr)
        XCTAssertEqual(try CommandRunner.run(["no-such-command"]).status, 2)
        XCTAssertEqual(try CommandRunner.run(["eval", "--as-of", "yesterday"]).status, 2)
    }

    func testInvalidPolicyExitsTwoAndEvaluatesNothing() throws {
        let dir = try CommandRunner.temporaryDirectory()
        try "policy: broken\ntimezone: UTC\nrules:\n  - id: r\n    cite: x\n    when: acount > 0\n    emit: {action: follow_up, due_by: now}\n"
            .write(to: dir.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["eval", "--policy", dir.appendingPathComponent("broken.yaml").path],
                                           input: Data(#"{"account_id": "A"}"#.utf8))
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.text, "")
        XCTAssert(result.stderr.contains("broken.yaml:6:11: error: undeclared reference to `acount`"), result.stderr)
    }

    func testCleanEvaluationExitsZeroAndErrorsExitOne() throws {
        let good = #"{"account_id": "A", "bureau": "yongdeng", "as_of": "2026-12-10T09:00:00+08:00"}"#
        XCTAssertEqual(try CommandRunner.run(["eval"], input: Data((good + "\n").utf8)).status, 0)
        let result = try CommandRunner.run(["eval"], input: Data((good + "\nnot json\n").utf8))
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.lines.count, 2)
    }

    func testUnreadableInputExitsThree() throws {
        XCTAssertEqual(try CommandRunner.run(["eval", "/no/such/file.ndjson"]).status, 3)
    }

    func testClosedStdoutExitsThree() throws {
        let line = try String(contentsOf: CommandRunner.root.appendingPathComponent("examples/household.json"), encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        let input = String(repeating: line + "\n", count: 20_000)
        let result = try CommandRunner.run(["eval"], input: Data(input.utf8), closeStdoutEarly: true)
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssert(result.stderr.contains("cannot write the output"), result.stderr)
    }
}
