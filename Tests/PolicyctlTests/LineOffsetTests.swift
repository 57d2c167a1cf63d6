import Foundation
import XCTest

/// `eval --line-offset N`: a part of an NDJSON file, evaluated on its own (a Spark
/// partition), is numbered as the lines of the whole file, so that the parts' outputs joined
/// are the whole file's output.
final class LineOffsetTests: XCTestCase {
    /// The shipped examples with blank lines and a bad line in them, as one file's text.
    func wholeFile() throws -> [String] {
        let examples = try String(contentsOf: CommandRunner.root.appendingPathComponent("examples/snapshots.ndjson"), encoding: .utf8)
        var lines = examples.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        lines.insert("", at: 3)
        lines.insert("  \r", at: 10)
        lines.insert(#"{"account_id": "X-1", "bills": [{"amount": "#, at: 12)
        return lines
    }

    func testThePartsOfAFileNumberedFromTheirOffsetsGiveTheWholeFilesOutput() throws {
        let lines = try wholeFile()
        let whole = try CommandRunner.run(["eval", "--as-of", "2026-12-10T09:00:00+08:00"],
                                          input: Data(lines.map { $0 + "\n" }.joined().utf8))
        XCTAssertEqual(whole.status, 1, "the bad line is an error line")
        var joined = Data()
        // Cuts at a blank line, just before and just after the bad line, and near the end.
        let cuts = [0, 3, 12, 13, lines.count - 1, lines.count]
        for (start, end) in zip(cuts, cuts.dropFirst()) {
            let part = lines[start..<end].map { $0 + "\n" }.joined()
            let result = try CommandRunner.run(["eval", "--as-of", "2026-12-10T09:00:00+08:00", "--line-offset", "\(start)"],
                                               input: Data(part.utf8))
            XCTAssert(result.status == 0 || result.status == 1, result.stderr)
            joined.append(result.stdout)
        }
        XCTAssertEqual(whole.lines.count, lines.count - 2, "one output line per non-blank line")
        XCTAssertEqual(String(decoding: joined, as: UTF8.self), whole.text)
    }

    func testAPartIsReadAsNDJSONEvenWhenItStartsLikeADocument() throws {
        let good = EvalStreamTests.good
        let part = "[1, 2]\n{\n" + good + "\n"
        let result = try CommandRunner.run(["eval", "--line-offset", "7"], input: Data(part.utf8))
        XCTAssertEqual(result.status, 1)
        let out = try result.lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(out.map { $0["line"] as? Int }, [8, 9, 10], "lines in = lines out, numbered after line 7")
        XCTAssertNotNil(out[0]["error"], "`[1, 2]` is a bad line, not an array of two snapshots")
        XCTAssertNotNil(out[1]["error"])
        XCTAssertEqual(out[2]["account_id"] as? String, "G-1")
        XCTAssertNil(out[2]["error"])
    }

    func testAnOffsetThatIsNoLineNumberIsAUsageError() throws {
        for bad in ["-1", "9007199254740992", "ten"] {
            let result = try CommandRunner.run(["eval", "--line-offset", bad], input: Data((EvalStreamTests.good + "\n").utf8))
            XCTAssertEqual(result.status, 2, bad)
            XCTAssert(result.stderr.contains("line-offset"), result.stderr)
            XCTAssertEqual(result.stdout.count, 0)
        }
    }
}
