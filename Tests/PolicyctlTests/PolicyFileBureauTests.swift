import Foundation
import XCTest

/// `--policy FILE` is one bureau's policy: a snapshot of another bureau is refused (fail
/// safe: never decided by a policy that is not its bureau's) unless `--any-bureau` says the
/// file applies to every bureau; a snapshot that names no bureau is evaluated by the file.
final class PolicyFileBureauTests: XCTestCase {
    static func snapshot(_ id: String, bureau: String?) -> String {
        let bureau = bureau.map { #", "bureau": "\#($0)""# } ?? ""
        return #"{"account_id": "\#(id)"\#(bureau), "as_of": "2026-12-21T09:00:00+08:00", "bills": [{"period": "2026-10", "amount": "312.40", "due_date": "2026-11-15", "paid": "0.00"}]}"#
    }

    static let input = Data([snapshot("Y-1", bureau: "yongdeng"), snapshot("X-1", bureau: "xigu"), snapshot("N-1", bureau: nil)]
        .joined(separator: "\n").utf8)

    func objects(_ result: CommandRunner.Result) throws -> [[String: Any]] {
        try result.lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], $0) }
    }

    func testASnapshotOfAnotherBureauIsAnErrorLine() throws {
        let result = try CommandRunner.run(["eval", "--policy", "policies/yongdeng.yaml"], input: Self.input)
        XCTAssertEqual(result.status, 1, result.stderr)
        let out = try objects(result)
        XCTAssertEqual(out.count, 3)
        XCTAssertEqual((out[0]["policy"] as? [String: Any])?["id"] as? String, "yongdeng")
        let error = try XCTUnwrap(out[1]["error"] as? [String: Any], "\(out[1])")
        XCTAssertEqual(out[1]["account_id"] as? String, "X-1")
        XCTAssertEqual(out[1]["line"] as? Int, 2)
        XCTAssertEqual(error["code"] as? String, "unknown_bureau")
        XCTAssertEqual(error["path"] as? String, "bureau")
        XCTAssertEqual(error["message"] as? String,
                       "no policy for bureau `xigu`: the policy file is bureau `yongdeng`'s (--any-bureau applies it to every bureau)")
        XCTAssertEqual((out[2]["policy"] as? [String: Any])?["id"] as? String, "yongdeng", "a snapshot naming no bureau takes the file's policy")
        XCTAssert(result.stderr.contains("evaluated 2, actions"), result.stderr)
    }

    func testAnyBureauAppliesTheFileToEverySnapshot() throws {
        let result = try CommandRunner.run(["eval", "--policy", "policies/yongdeng.yaml", "--any-bureau"], input: Self.input)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try objects(result).map { ($0["policy"] as? [String: Any])?["id"] as? String }, ["yongdeng", "yongdeng", "yongdeng"])
        let directory = try CommandRunner.run(["eval", "--policy", "policies", "--any-bureau"], input: Self.input)
        XCTAssertEqual(directory.status, 2)
        XCTAssert(directory.stderr.contains("--any-bureau"), directory.stderr)
    }

    func testTheOtherCommandsRefuseASnapshotOfAnotherBureauToo() throws {
        let xigu = Data(Self.snapshot("X-1", bureau: "xigu").utf8)
        for command in [["explain"], ["simulate", "--days", "10"]] {
            let refused = try CommandRunner.run(command + ["--policy", "policies/yongdeng.yaml", "-"], input: xigu)
            XCTAssertEqual(refused.status, 1, "\(command)")
            XCTAssert(refused.stderr.contains("no policy for bureau `xigu`: the policy file is bureau `yongdeng`'s"), refused.stderr)
            let any = try CommandRunner.run(command + ["--policy", "policies/yongdeng.yaml", "--any-bureau", "-"], input: xigu)
            XCTAssertEqual(any.stderr, "", "\(command)")
            XCTAssertFalse(any.text.isEmpty)
        }
        let report = try CommandRunner.run(["report", "--policy", "policies/yongdeng.yaml", "--format", "markdown"], input: Self.input)
        XCTAssertEqual(report.status, 1, report.stderr)
        XCTAssert(report.stderr.contains("evaluated 2, actions"), report.stderr)
        let diff = try CommandRunner.run(["diff", "--base", "policies/yongdeng.yaml", "--head", "policies/yongdeng.yaml", "--format", "json"], input: Self.input)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: diff.stdout) as? [String: Any])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssert(diff.stderr.contains("errors: base 1, head 1"), diff.stderr)
        XCTAssertNotNil(document["summary"])
        let anyDiff = try CommandRunner.run(["diff", "--base", "policies/yongdeng.yaml", "--head", "policies/yongdeng.yaml", "--any-bureau"], input: Self.input)
        XCTAssert(anyDiff.stderr.contains("errors: base 0, head 0"), anyDiff.stderr)
    }
}
