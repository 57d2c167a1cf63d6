import Foundation
import XCTest

/// `policyctl report`: its numbers are `eval`'s, and the page opens in a real browser.
final class ReportCommandTests: XCTestCase {
    /// The numbers of the page, by their `data-metric` names.
    func metrics(_ html: String) throws -> [String: Int] {
        let pattern = try NSRegularExpression(pattern: #"data-metric="([^"]+)">([0-9]+)<"#)
        var metrics: [String: Int] = [:]
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let name = Range(match.range(at: 1), in: html), let value = Range(match.range(at: 2), in: html) else { continue }
            metrics[String(html[name])] = Int(html[value])
        }
        return metrics
    }

    func testNumbersEqualThoseOfEvalOnTheSameInput() throws {
        let input = try Data(contentsOf: CommandRunner.root.appendingPathComponent("examples/snapshots.ndjson"))
        // One bad line and one snapshot of an unknown bureau, so that errors count too.
        var batch = input
        batch.append(Data("not json\n{\"account_id\": \"Z-1\", \"bureau\": \"nowhere\"}\n".utf8))
        let eval = try CommandRunner.run(["eval", "--policy", "policies"], input: batch)
        let out = try CommandRunner.temporaryDirectory().appendingPathComponent("report.html")
        let report = try CommandRunner.run(["report", "--policy", "policies", "--out", out.path], input: batch)
        XCTAssertEqual(report.status, eval.status, "report exits as eval does")
        XCTAssertEqual(report.stderr, eval.stderr, "the same summary line")
        XCTAssert(report.stdout.isEmpty)

        let decisions = try eval.lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        func list(_ d: [String: Any], _ key: String) -> [[String: Any]] { d[key] as? [[String: Any]] ?? [] }
        var expected: [String: Int] = [
            "snapshots": decisions.count,
            "evaluated": decisions.filter { $0["error"] == nil }.count,
            "actions": decisions.map { list($0, "actions").count }.reduce(0, +),
            "blocked": decisions.map { list($0, "blocked").count }.reduce(0, +),
            "violations": decisions.map { list($0, "violations").count }.reduce(0, +),
            "errors": decisions.filter { $0["error"] != nil || !list($0, "errors").isEmpty }.count,
        ]
        for d in decisions {
            for a in list(d, "actions") { expected["action:\(a["action"] as? String ?? "?")", default: 0] += 1 }
            if let tier = d["tier"] as? String { expected["tier:\(tier)", default: 0] += 1 }
        }
        // The dunning ladder: reminders → second notices → red notices → suspensions → restorations.
        for action in ["first_reminder", "second_notice", "suspension_notice", "suspend_supply", "restore_supply"] {
            expected["funnel:\(action)"] = expected["action:\(action)"] ?? 0
        }
        var got = try metrics(String(contentsOf: out, encoding: .utf8))
        got = got.filter { !$0.key.hasPrefix("bureau:") }
        XCTAssertEqual(got, expected)
        XCTAssertEqual(got["errors"], 2)
    }

    func testMarkdownHasTheSameSections() throws {
        let result = try CommandRunner.run(["report", "--format", "markdown", "examples/snapshots.ndjson"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for heading in ["## Totals", "## Dunning funnel", "## Actions", "## By tier", "## By bureau",
                        "## Blocked actions (4)", "## Violations (18)", "## Errors (0)"] {
            XCTAssert(result.text.contains("\n\(heading)\n"), heading)
        }
        XCTAssert(result.text.contains("| 26 | 26 | 45 | 4 | 18 | 0 |"), result.text)
    }

    /// The page opens in headless Chromium without console messages (scripts/check-report.sh).
    func testThePageOpensInHeadlessChromium() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("chromium is not installed (apt-get install -y --no-install-recommends chromium fonts-noto-cjk)")
        }
        let shot = try CommandRunner.temporaryDirectory().appendingPathComponent("report.png")
        let process = Process()
        process.executableURL = CommandRunner.root.appendingPathComponent("scripts/check-report.sh")
        process.arguments = [shot.path]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["POLICYCTL": CommandRunner.binary.path, "CHROMIUM": chromium]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, log)
        XCTAssertGreaterThan(try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int ?? 0, 10_000, log)
    }

    func testHelpIsPinned() throws {
        let help = try CommandRunner.run(["report", "--help"])
        let expected = try String(contentsOf: CommandRunner.root.appendingPathComponent("Tests/PolicyctlTests/Fixtures/help/report.txt"), encoding: .utf8)
        XCTAssertEqual(help.status, 0)
        XCTAssertEqual(help.text, expected, "regenerate with: swift run policyctl report --help > Tests/PolicyctlTests/Fixtures/help/report.txt")
    }
}
