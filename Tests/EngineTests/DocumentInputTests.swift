import CEL
@testable import Engine
import Foundation
import Policy
import XCTest

/// Snapshots in a JSON array take the path NDJSON lines take: each is cut from the input as it
/// is read and decoded on its own, so it is decided exactly as the same snapshot on a line,
/// and a JSON error inside one is that snapshot's error line, placed by its line and column in
/// the input, while the others are decided.
final class DocumentInputTests: XCTestCase {
    private func outcomes(of input: String) throws -> [LineOutcome] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("document-\(UUID().uuidString).json")
        try Data(input.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let selector = ShippedFiles.policies()
        let epoch = try Timestamp(seconds: 0)
        let evaluator = SequentialEvaluator { [LineProcessor(selector: selector, asOfOverride: nil, defaultAsOf: epoch)] }
        return try evaluator.fold(inputs: [fd], into: [LineOutcome]()) { all, outcomes in all += outcomes }
    }

    /// The decision's JSON without its `line`, or the refusal's message.
    private func shown(_ outcome: LineOutcome) -> String {
        switch outcome {
        case .decided(let d):
            var decision = d.decision
            decision.line = 0
            var w = JSONWriter()
            DecisionJSON.write(decision, zone: d.zone, into: &w)
            return w.text
        case .refused(let r):
            return r.message
        }
    }

    private func number(_ outcome: LineOutcome) -> Int {
        switch outcome {
        case .decided(let d): return d.decision.line
        case .refused(let r): return r.line
        }
    }

    func testAnArraysSnapshotsAreDecidedAsTheSameLinesAreAndABrokenOneIsPlacedInTheInput() throws {
        let text = try String(contentsOf: ShippedFiles.root.appendingPathComponent("examples/snapshots.ndjson"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
        let asLines = try outcomes(of: lines.joined(separator: "\n") + "\n")
        // The array: one snapshot per element, indented; a broken one (`tru`) after the first.
        let broken = "{\"account_id\": \"BROKEN\",\n    \"bills\": [tru]}"
        let elements = [lines[0], broken] + lines.dropFirst()
        let asArray = try outcomes(of: "[\n" + elements.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n")

        XCTAssertEqual(asArray.count, asLines.count + 1)
        XCTAssertEqual(asArray.map(number), Array(1...asArray.count), "a document's snapshots are numbered by position")
        var expected = asLines.map(shown)
        // `tru` is on the input's line 4 (after `[`, the first element and the broken one's first line), column 15.
        expected.insert("invalid JSON at line 4, column 15: invalid literal, expected `true`", at: 1)
        let got = asArray.map(shown)
        XCTAssertEqual(got.count, expected.count)
        for (g, e) in zip(got, expected) { XCTAssertEqual(g, e) }
    }
}
