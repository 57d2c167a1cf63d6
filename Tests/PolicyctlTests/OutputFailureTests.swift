import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Output is never silently lost: every command exits 3 (contract §4) with a message when its
/// output cannot be written, and a stderr that cannot be written never crashes it.
final class OutputFailureTests: XCTestCase {
    /// Every command, with arguments that make it write to stdout.
    static let commands: [[String]] = [
        ["eval", "examples/snapshots.ndjson"],
        ["eval", "--pretty", "examples/snapshots.ndjson"],
        ["report", "examples/snapshots.ndjson"],
        ["report", "--format", "markdown", "examples/snapshots.ndjson"],
        ["explain", "--policy", "policies", "examples/household.json"],
        ["explain", "--policy", "policies", "--format", "json", "examples/household.json"],
        ["simulate", "--policy", "policies", "examples/household.json", "--days", "30"],
        ["diff", "--base", "policies", "--head", "policies", "examples/snapshots.ndjson"],
        ["diff", "--base", "policies", "--head", "policies", "--format", "json", "examples/snapshots.ndjson"],
        ["test", "policies"],
        ["check", "--format", "json", "policies"],
        ["schema", "decision"],
        ["expr", "1 + 1"],
        ["--help"],
        ["eval", "--help"],
    ]

    func testEveryCommandExitsThreeWhenStdoutIsFull() throws {
        for args in Self.commands {
            let result = try CommandRunner.run(args, stdoutPath: "/dev/full")
            XCTAssertEqual(result.status, 3, "\(args): \(result.stderr)")
            XCTAssert(result.stderr.contains("policyctl: cannot write the output to stdout: No space left on device"),
                      "\(args): \(result.stderr)")
        }
    }

    func testTheConformanceProtocolExitsThreeWhenStdoutIsFull() throws {
        let result = try CommandRunner.run(["expr", "--conformance"], input: Data(#"{"expr": "1 + 1"}"#.utf8 + [10]),
                                           stdoutPath: "/dev/full")
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssert(result.stderr.contains("cannot write the output to stdout"), result.stderr)
    }

    func testReportExitsThreeWhenItsOutFileCannotBeWritten() throws {
        let full = try Self.fullDevice()
        let result = try CommandRunner.run(["report", "--out", full, "examples/snapshots.ndjson"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssert(result.stderr.contains("policyctl: cannot write the output to `\(full)`: No space left on device"), result.stderr)
        var info = stat()
        XCTAssertEqual(stat(full, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFCHR, "the device is written into, never replaced by a file")

        let missing = try CommandRunner.temporaryDirectory().appendingPathComponent("no/such/dir/report.html").path
        let unwritable = try CommandRunner.run(["report", "--out", missing, "examples/snapshots.ndjson"])
        XCTAssertEqual(unwritable.status, 3, unwritable.stderr)
        XCTAssert(unwritable.stderr.contains("cannot write the output to `\(missing)`: No such file or directory"), unwritable.stderr)
    }

    func testAFullStderrNeverCrashes() throws {
        let check = try CommandRunner.run(["check", "policies"], stderrPath: "/dev/full")
        XCTAssertEqual(check.status, 0)
        let eval = try CommandRunner.run(["eval", "examples/snapshots.ndjson"], stderrPath: "/dev/full")
        XCTAssertEqual(eval.status, 0)
        XCTAssertEqual(eval.lines.count, 26)
        XCTAssertEqual(try CommandRunner.run(["eval", "--no-such-flag"], stderrPath: "/dev/full").status, 2)
    }

    /// A path that refuses every write as `/dev/full` does. As root, a device node of its own in
    /// a temporary directory, so that a `report` that replaced its `--out` file instead of
    /// writing into it would replace that node, not the machine's `/dev/full`; otherwise
    /// `/dev/full` itself, which a process without root cannot replace.
    static func fullDevice() throws -> String {
        var info = stat()
        guard stat("/dev/full", &info) == 0 else { throw XCTSkip("this system has no /dev/full") }
        let path = try CommandRunner.temporaryDirectory().appendingPathComponent("full").path
        return mknod(path, S_IFCHR | 0o666, info.st_rdev) == 0 ? path : "/dev/full"
    }
}
