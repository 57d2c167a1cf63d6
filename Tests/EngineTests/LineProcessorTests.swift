import CEL
import Engine
import Foundation
import XCTest

/// `eval` decodes each line with the fast decoder and falls back to the reader and
/// `SnapshotDecoder`: the lines it writes are exactly those the slow path alone writes, for
/// snapshots and for every kind of broken line.
final class LineProcessorTests: XCTestCase {
    func testWritesWhatTheSlowPathWrites() throws {
        let processor = LineProcessor(selector: ShippedFiles.policies(), asOfOverride: nil,
                                      defaultAsOf: try Timestamp(seconds: 0))
        let reader = JSONReader()
        var variants = try ShippedFiles.lines("examples/snapshots.ndjson")
        let tree = try JSONTree(reader.read(variants[0]))
        for path in tree.paths {
            for replacement in [#""x""#, "1", "null", "{}", "[]", #""1e3""#, #"{"a":1,"a":2}"#, "tru", #""\ud800""#] {
                variants.append(tree.editing(path) { _ in .scalar(replacement) }.bytes)
            }
        }
        variants += (0..<variants[0].count).map { Array(variants[0][..<$0]) }
        variants.append(Array("{\"account_id\":\"A\",\"bureau\":\"xigu\"} \u{FF}".utf8))
        for (i, bytes) in variants.enumerated() {
            var written = JSONWriter()
            var stats = EvalStats()
            bytes.withUnsafeBytes { processor.process($0, line: i + 1, into: &written, stats: &stats) }
            var expected = JSONWriter()
            var expectedStats = EvalStats()
            do throws(JSONReadError) {
                processor.process(try reader.read(bytes), line: i + 1, into: &expected, stats: &expectedStats)
            } catch {
                DecisionJSON.errorLine(line: i + 1, accountID: nil, code: "invalid_snapshot", path: error.path,
                                       message: "invalid JSON at column \(error.column): \(error.message)", into: &expected)
                expected.endLine()
                expectedStats.errors = 1
            }
            XCTAssertEqual(written.text, expected.text, "variant \(i): \(String(decoding: bytes, as: UTF8.self))")
            XCTAssertEqual([stats.evaluated, stats.actions, stats.errors],
                           [expectedStats.evaluated, expectedStats.actions, expectedStats.errors], "variant \(i)")
        }
    }
}
