import Foundation
import XCTest

/// `policyctl eval` as integrators use it: lines in = lines out, whatever the lines hold.
final class EvalStreamTests: XCTestCase {
    static let good = #"{"account_id": "G-1", "bureau": "yongdeng", "as_of": "2026-12-21T09:00:00+08:00", "bills": [{"period": "2026-10", "amount": "312.40", "due_date": "2026-11-15", "paid": "0.00"}]}"#

    func objects(_ result: CommandRunner.Result) throws -> [[String: Any]] {
        try result.lines.map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
        }
    }

    func testEveryBadLineGetsAnErrorLineInItsPlace() throws {
        var input = Data()
        input.append(Data((Self.good + "\n").utf8))
        input.append(Data(#"{"account_id": "T-1", "bills": [{"amount": "#.utf8))          // truncated
        input.append(Data("\n".utf8))
        input.append(Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x0A]))                    // invalid UTF-8
        input.append(Data((#"{"account_id": "B-1", "bills": [{"amount": "abc"}]}"# + "\n").utf8))
        let big = #"{"account_id": "L-1", "bureau": "yongdeng", "filler": ""# + String(repeating: "x", count: 5 << 20) + "\"}\n"
        input.append(Data(big.utf8))
        input.append(Data(Self.good.utf8))                                                 // no final newline
        let result = try CommandRunner.run(["eval"], input: input)
        XCTAssertEqual(result.status, 1)
        let out = try objects(result)
        XCTAssertEqual(out.count, 6, "lines in = lines out")
        XCTAssertEqual(out.map { $0["line"] as? Int }, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(out[0]["account_id"] as? String, "G-1")
        XCTAssertNotNil(out[0]["actions"])
        for i in [1, 2] {
            let error = try XCTUnwrap(out[i]["error"] as? [String: Any])
            XCTAssertEqual(error["code"] as? String, "invalid_snapshot")
        }
        let bad = try XCTUnwrap(out[3]["error"] as? [String: Any])
        XCTAssertEqual(bad["path"] as? String, "bills[0].amount")
        XCTAssertEqual(out[3]["account_id"] as? String, "B-1")
        XCTAssertEqual(out[4]["account_id"] as? String, "L-1", "a 5 MB line is evaluated")
        XCTAssertNil(out[4]["error"])
        XCTAssertEqual(out[5]["account_id"] as? String, "G-1")
        XCTAssert(result.stderr.contains("evaluated 3, actions"), result.stderr)
    }

    func testArraysAndPrettyObjectsAreAccepted() throws {
        let array = "[\n" + Self.good + ",\n" + Self.good + "\n]\n"
        let fromArray = try CommandRunner.run(["eval"], input: Data(array.utf8))
        XCTAssertEqual(fromArray.lines.count, 2)
        let pretty = try CommandRunner.run(["eval", "examples/household.json"])
        XCTAssertEqual(pretty.lines.count, 1)
        XCTAssertEqual(pretty.status, 0, pretty.stderr)
    }

    func testOutputIsTheSameOnOneOrTwoCores() throws {
        let input = try Data(contentsOf: CommandRunner.root.appendingPathComponent("examples/snapshots.ndjson"))
        var repeated = Data()
        for _ in 0..<40 { repeated.append(input) }
        let one = try CommandRunner.run(["eval", "--jobs", "1"], input: repeated)
        let two = try CommandRunner.run(["eval", "--jobs", "2"], input: repeated)
        XCTAssertEqual(one.stdout, two.stdout)
        XCTAssertEqual(one.lines.count, repeated.split(separator: UInt8(ascii: "\n")).count)
    }

    func testPrettyOutputOfManyBatchesIsOneArrayOfTheSameDecisions() throws {
        // 2,600 snapshots: six batches, so that workers reuse the writers of written batches.
        let input = try Data(contentsOf: CommandRunner.root.appendingPathComponent("examples/snapshots.ndjson"))
        var repeated = Data()
        for _ in 0..<100 { repeated.append(input) }
        let plain = try CommandRunner.run(["eval", "--jobs", "2"], input: repeated)
        let pretty = try CommandRunner.run(["eval", "--pretty", "--jobs", "2"], input: repeated)
        let prettyOne = try CommandRunner.run(["eval", "--pretty", "--jobs", "1"], input: repeated)
        XCTAssertEqual(pretty.stdout, prettyOne.stdout)
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: pretty.stdout) as? [NSDictionary])
        let lines = try plain.lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary) }
        XCTAssertEqual(lines.count, 2600)
        XCTAssertEqual(array, lines)
    }

    func testLineIsThePhysicalLineOfTheInputBlankLinesCounted() throws {
        let input = Self.good + "\n\n  \n" + Self.good + "\r\n\nnot json\n\n"
        let result = try CommandRunner.run(["eval"], input: Data(input.utf8))
        XCTAssertEqual(result.status, 1)
        let out = try objects(result)
        XCTAssertEqual(out.map { $0["line"] as? Int }, [1, 4, 6], "blank lines give no output line but are counted")
        XCTAssertNotNil(out[2]["error"])
    }

    func testEachInputFileIsReadInItsOwnWayAndLinesCountOnAcrossThem() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let ndjson = dir.appendingPathComponent("a.ndjson")
        try (Self.good + "\n\n" + Self.good + "\n").write(to: ndjson, atomically: true, encoding: .utf8)
        let array = dir.appendingPathComponent("b.json")
        try ("[\n" + Self.good + ",\n" + Self.good + "\n]\n").write(to: array, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["eval", ndjson.path, "examples/household.json", array.path, ndjson.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = try objects(result)
        XCTAssertEqual(out.map { $0["line"] as? Int }, [1, 3, 4, 5, 6, 7, 9])
        XCTAssertEqual(out[2]["account_id"] as? String, "YD-000123", "the pretty-printed object after an NDJSON file is one snapshot")
        XCTAssert(out.allSatisfy { $0["error"] == nil }, result.text)
    }

    func testAByteOrderMarkStartingAnInputIsSkipped() throws {
        let bom = Data([0xEF, 0xBB, 0xBF])
        let fromStdin = try CommandRunner.run(["eval"], input: bom + Data((Self.good + "\n").utf8))
        XCTAssertEqual(fromStdin.status, 0, fromStdin.text)
        XCTAssertEqual(try objects(fromStdin).first?["account_id"] as? String, "G-1")
        let file = try CommandRunner.temporaryDirectory().appendingPathComponent("bom.json")
        try (bom + Data(contentsOf: CommandRunner.root.appendingPathComponent("examples/household.json"))).write(to: file)
        let pretty = try CommandRunner.run(["eval", file.path])
        XCTAssertEqual(pretty.status, 0, pretty.text)
        XCTAssertEqual(pretty.lines.count, 1)
    }

    /// A line over 64 MiB is refused as it is read (memory stays bounded: measured by hand in
    /// the CHANGELOG, not here), with its number, and the lines after it are evaluated.
    func testALineOverTheLimitIsRefusedAndTheStreamGoesOn() throws {
        var input = Data((Self.good + "\n").utf8)
        input.append(Data(#"{"account_id": "HUGE", "filler": ""#.utf8))
        input.append(Data(repeating: UInt8(ascii: "x"), count: 64 << 20))
        input.append(Data("\"}\n\n".utf8))
        input.append(Data((Self.good + "\n").utf8))
        let result = try CommandRunner.run(["eval"], input: input)
        XCTAssertEqual(result.status, 1)
        let out = try objects(result)
        XCTAssertEqual(out.map { $0["line"] as? Int }, [1, 2, 4])
        let error = try XCTUnwrap(out[1]["error"] as? [String: Any])
        XCTAssertEqual(error["code"] as? String, "invalid_snapshot")
        XCTAssertEqual(error["message"] as? String, "line longer than 67108864 bytes")
        XCTAssertEqual(out[2]["account_id"] as? String, "G-1")
    }

    func testShippedExamplesGiveTheCommittedDecisions() throws {
        let result = try CommandRunner.run(["eval", "--policy", "policies", "examples/snapshots.ndjson"])
        let expected = try String(contentsOf: CommandRunner.root.appendingPathComponent("examples/expected/decisions.ndjson"), encoding: .utf8)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.text, expected, "regenerate with: swift run policyctl eval --policy policies examples/snapshots.ndjson > examples/expected/decisions.ndjson")
    }

    /// A temporary directory with copies of the shipped `baseline` and `yongdeng` policies
    /// and the calendars, to edit.
    func yongdengPolicies() throws -> URL {
        let dir = try CommandRunner.temporaryDirectory()
        let policies = CommandRunner.root.appendingPathComponent("policies")
        for name in ["baseline.yaml", "yongdeng.yaml", "calendars"] {
            try FileManager.default.copyItem(at: policies.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        return dir
    }

    /// The domain is in YAML: moving the second notice from day 21 to day 22 changes the
    /// decision with no Swift edit.
    func testChangingANumberInThePolicyChangesTheDecision() throws {
        let dir = try yongdengPolicies()
        let day21 = #"{"account_id": "D-21", "bureau": "yongdeng", "as_of": "2026-12-21T10:00:00+08:00", "customer": {"class": "residential", "category": "household"}, "bills": [{"period": "2026-10", "amount": "312.40", "due_date": "2026-11-15", "paid": "0.00"}], "notices": [{"kind": "first_reminder", "channel": "sms", "sent_at": "2026-12-05T10:00:00+08:00", "delivered_at": "2026-12-05T10:00:00+08:00"}]}"#
        let before = try CommandRunner.run(["eval", "--policy", dir.path], input: Data(day21.utf8))
        XCTAssert(before.text.contains(#""action":"second_notice""#), before.text)

        let baseline = dir.appendingPathComponent("baseline.yaml")
        let text = try String(contentsOf: baseline, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "second_notice_day: 21", with: "second_notice_day: 22")
        XCTAssertNotEqual(text, changed, "the baseline must set second_notice_day: 21")
        try changed.write(to: baseline, atomically: true, encoding: .utf8)
        let after = try CommandRunner.run(["eval", "--policy", dir.path], input: Data(day21.utf8))
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertFalse(after.text.contains(#""action":"second_notice""#), after.text)
    }

    /// A snapshot whose evaluation runs away (five nested comprehensions over 100 notices)
    /// gets a `budget_exceeded` error line; the next line is still decided.
    func testARunawayEvaluationGivesABudgetErrorLineAndTheStreamGoesOn() throws {
        let dir = try yongdengPolicies()
        let yongdeng = dir.appendingPathComponent("yongdeng.yaml")
        try (String(contentsOf: yongdeng, encoding: .utf8) + """

            facts:
              runaway:
                value: notices.exists(a, notices.exists(b, notices.exists(c, notices.exists(d, notices.exists(e, e.kind == 'never')))))
                type: bool
                output: false

            """).write(to: yongdeng, atomically: true, encoding: .utf8)
        let examples = try String(contentsOf: CommandRunner.root.appendingPathComponent("examples/snapshots.ndjson"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var snapshot = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(examples[9].utf8)) as? [String: Any])
        let notices = try XCTUnwrap(snapshot["notices"] as? [Any])
        snapshot["notices"] = (0..<100).map { notices[$0 % notices.count] }
        let input = String(decoding: try JSONSerialization.data(withJSONObject: snapshot), as: UTF8.self) + "\n" + examples[10] + "\n"
        let result = try CommandRunner.run(["eval", "--max-steps", "200000", "--policy", dir.path], input: Data(input.utf8))
        XCTAssertEqual(result.status, 1, result.stderr)
        let out = try objects(result)
        XCTAssertEqual(out.count, 2)
        let error = try XCTUnwrap(out[0]["error"] as? [String: Any])
        XCTAssertEqual(error["code"] as? String, "budget_exceeded")
        XCTAssertEqual(error["message"] as? String, "evaluation budget of 200000 steps exceeded in `fact:runaway`")
        XCTAssertEqual(out[0]["account_id"] as? String, "YD-000110")
        XCTAssertEqual(out[1]["account_id"] as? String, "YD-000111")
        XCTAssertNotNil(out[1]["actions"])
        XCTAssert(result.stderr.contains("evaluated 1, actions"), result.stderr)

        let bad = try CommandRunner.run(["eval", "--max-steps", "0"], input: Data())
        XCTAssertEqual(bad.status, 2, bad.stderr)
    }

    /// The shipped policies decide the ready-to-cut account with 20,000 follow-ups within
    /// 1,000,000 steps: they are linear in the notices.
    func testTwentyThousandNoticesAreDecidedWithinAMillionSteps() throws {
        let line = try String(contentsOf: CommandRunner.root.appendingPathComponent("examples/snapshots.ndjson"), encoding: .utf8)
            .split(separator: "\n")[9]
        var snapshot = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let followUp: [String: Any] = ["kind": "follow_up", "channel": "phone", "sent_at": "2026-12-28T10:00:00+08:00",
                                       "delivered_at": "2026-12-28T10:00:00+08:00"]
        snapshot["notices"] = try XCTUnwrap(snapshot["notices"] as? [Any]) + Array(repeating: followUp, count: 20_000)
        let result = try CommandRunner.run(["eval", "--max-steps", "1000000"], input: try JSONSerialization.data(withJSONObject: snapshot))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssert(result.text.contains(#""action":"suspend_supply""#), result.text)
    }
}
