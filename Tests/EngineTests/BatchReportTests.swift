import CEL
import Engine
import Foundation
import Policy
import XCTest

/// The batch report counts what `eval` prints: here, the committed decisions of the shipped
/// examples (which `EvalStreamTests` keeps equal to `eval`'s output).
final class BatchReportTests: XCTestCase {
    func report(_ input: String) throws -> BatchReport {
        let selector = ShippedFiles.policies()
        let fd = open(ShippedFiles.root.appendingPathComponent(input).path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let epoch = try Timestamp(seconds: 0)
        let evaluator = SequentialEvaluator {
            [LineProcessor(selector: selector, asOfOverride: nil, defaultAsOf: epoch)]
        }
        return try evaluator.fold(inputs: [fd], into: BatchReport()) { report, outcomes in
            for outcome in outcomes { report.add(outcome) }
        }
    }

    func expectedDecisions() throws -> [[String: Any]] {
        let text = try String(contentsOf: ShippedFiles.root.appendingPathComponent("examples/expected/decisions.ndjson"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    func testNumbersEqualTheDecisionsEvalPrints() throws {
        let report = try report("examples/snapshots.ndjson")
        let decisions = try expectedDecisions()
        func list(_ d: [String: Any], _ key: String) -> [[String: Any]] { d[key] as? [[String: Any]] ?? [] }

        XCTAssertEqual(report.snapshots, decisions.count)
        XCTAssertEqual(report.stats.evaluated, decisions.filter { $0["error"] == nil }.count)
        XCTAssertEqual(report.stats.actions, decisions.map { list($0, "actions").count }.reduce(0, +))
        XCTAssertEqual(report.stats.errors, decisions.filter { $0["error"] != nil || !list($0, "errors").isEmpty }.count)
        var byAction: [String: Int] = [:]
        for d in decisions { for a in list(d, "actions") { byAction[a["action"] as? String ?? "?", default: 0] += 1 } }
        XCTAssertEqual(report.byAction, byAction)
        var byTier: [String: Int] = [:]
        for d in decisions { byTier[d["tier"] as? String ?? BatchReport.none, default: 0] += 1 }
        XCTAssertEqual(report.byTier.mapValues(\.accounts), byTier)
        XCTAssertEqual(report.blocked.map { "\($0.accountID) \($0.record.action) \($0.record.by)" },
                       decisions.flatMap { d in list(d, "blocked").map { "\(d["account_id"] ?? "") \($0["action"] ?? "") \($0["by"] ?? "")" } })
        XCTAssertEqual(report.violations.map { "\($0.accountID) \($0.record.code) \($0.record.cite ?? "")" },
                       decisions.flatMap { d in list(d, "violations").map { "\(d["account_id"] ?? "") \($0["code"] ?? "") \($0["cite"] ?? "")" } })
        XCTAssertEqual(report.funnelCounts.map(\.count),
                       BatchReport.funnel.map { byAction[$0.action] ?? 0 })
        XCTAssertEqual(report.byBureau.mapValues(\.accounts), ["chengguan": 1, "xigu": 1, "yongdeng": 24])
    }

    func testRefusedLinesAndTextAreEscaped() throws {
        let selector = ShippedFiles.policies()
        let processor = LineProcessor(selector: selector, asOfOverride: nil, defaultAsOf: try Timestamp(seconds: 0))
        var report = BatchReport()
        let hostile = #"{"account_id": "<script>alert('x')</script>|`*", "bureau": "nowhere"}"#
        report.add(Array(hostile.utf8).withUnsafeBytes { processor.outcome($0, line: 1) })
        XCTAssertEqual(report.refused.map(\.code), ["unknown_bureau"])
        XCTAssertEqual(report.stats.errors, 1)
        let html = HTMLReport.render(report, title: "t", inputs: ["a&b"])
        XCTAssertFalse(html.contains("<script"), html)
        XCTAssert(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html)
        XCTAssert(html.contains("a&amp;b"))
        XCTAssert(html.contains("<meta charset=\"utf-8\">"))
        let markdown = MarkdownReport.render(report, title: "t", inputs: ["a"])
        XCTAssert(markdown.contains(#"\<script\>alert('x')\</script\>\|\`\*"#), markdown)
    }
}
