import CEL
import Engine
import Foundation
import Policy
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `policyctl test`: reading test files, matching decisions, coverage and the reports, on the
/// small policy and test files of `Fixtures/testing`.
final class PolicyTestRunnerTests: XCTestCase {
    private func fixture(_ path: String) throws -> String {
        let root = try XCTUnwrap(Bundle.module.url(forResource: "testing", withExtension: nil, subdirectory: "Fixtures"))
        return root.appendingPathComponent(path).path
    }

    private func read(_ yaml: String, name: String = "case.test.yaml") -> (PolicyTestFile?, DiagnosticBag) {
        var bag = DiagnosticBag()
        let file = PolicyTestFile.read(path: name, bytes: Array(yaml.utf8), diagnostics: &bag)
        return (file, bag)
    }

    // MARK: Running

    func testPassingFileAndDirectorySearch() throws {
        let result = PolicyTestRunner().run(paths: [try fixture("tests")])
        XCTAssertEqual(result.files.count, 1)
        XCTAssertEqual(result.files.first?.policyID, "mini")
        XCTAssertEqual(result.passed, 4, TestTextReport.render(result, coverage: false))
        XCTAssertEqual(result.failed, 0)
        XCTAssertFalse(result.isInvalid)
        XCTAssertEqual(TestTextReport.summary(result), "4 passed, 0 failed")
        XCTAssertTrue(result.files[0].policyPath?.hasSuffix("testing/mini.yaml") ?? false, "found in the parent directory")
    }

    func testEachKindOfMismatch() throws {
        let result = PolicyTestRunner().run(paths: [try fixture("failing/mismatches.test.yaml")])
        XCTAssertFalse(result.isInvalid, result.diagnostics.sorted.map(\.diagnostic.message).joined(separator: "\n"))
        XCTAssertEqual(result.passed, 0)
        XCTAssertEqual(result.failed, 11)
        let byName = Dictionary(uniqueKeysWithValues: result.cases.map { ($0.name, $0.mismatches) })
        func only(_ name: String, file: StaticString = #filePath, line: UInt = #line) -> TestMismatch? {
            let found = byName[name] ?? []
            XCTAssertEqual(found.count, 1, "\(name): \(found)", file: file, line: line)
            return found.first
        }
        XCTAssertEqual(only("wrong tier")?.message, #"expected "important", got "low_voltage""#)
        XCTAssertEqual(only("wrong fact")?.check, "facts.arrears")
        XCTAssertEqual(only("wrong fact")?.message, #"expected "598.5", got "598.50""#)
        let channels = only("action differs in channels")
        XCTAssertEqual(channels?.line, 17)
        XCTAssertEqual(channels?.message, "no action matches; closest:")
        XCTAssertEqual(channels?.expected, #"{"action": "first_reminder", "rule": "first-reminder", "channels": ["sms"]}"#)
        XCTAssertEqual(channels?.actual, [#"{"action": "first_reminder", "rule": "first-reminder", "channels": ["sms", "phone"]}  ← differs in `channels`"#])
        XCTAssertEqual(only("action that must be absent")?.check, "no_actions")
        XCTAssertEqual(only("missing blocked action")?.message, "no blocked action matches: the decision has none")
        XCTAssertEqual(only("missing violation")?.check, "violations")
        XCTAssertEqual(only("violation that must be absent")?.check, "no_violations")
        XCTAssertEqual(only("wrong next review")?.message, #"expected "2026-12-22T00:00:00+08:00", got "2026-12-21T23:59:59+08:00""#)
        XCTAssertEqual(only("wrong number of errors")?.message, "expected 1 error, got 0")
        XCTAssertEqual(only("exact list with an extra action")?.actual, [#"{"action": "suspend_supply", "rule": "suspend"}"#])
        XCTAssertEqual(only("the same action expected twice")?.message,
                       "the actions this entry matches are already matched by other expected entries")
    }

    func testFilterSelectsCasesByName() throws {
        let result = PolicyTestRunner(filter: "MEDICAL").run(paths: [try fixture("tests")])
        XCTAssertEqual(result.cases.map(\.name), ["medical equipment blocks the cut"])
    }

    func testInvalidTestFileIsReportedAtItsPlaces() throws {
        let path = try fixture("failing/invalid.test.yaml")
        let result = PolicyTestRunner().run(paths: [path])
        XCTAssertTrue(result.isInvalid)
        let found = result.diagnostics.sorted.map { d -> String in
            let (line, column) = d.location
            return "\(line):\(column) \(d.diagnostic.code)"
        }
        XCTAssertEqual(found, ["4:12 policy.invalid-value", "7:42 policy.unknown-key", "8:14 policy.invalid-value",
                               "13:63 test.invalid-snapshot", "15:15 test.unknown-fact"])
        let rendered = result.diagnostics.sorted.map { DiagnosticRenderer().render($0.diagnostic, in: $0.file) }.joined()
        XCTAssertTrue(rendered.contains("invalid.test.yaml:7:42: error: unknown key `chanels` in an expected action"), rendered)
        XCTAssertTrue(rendered.contains("= help: did you mean `channels`?"), rendered)
        XCTAssertTrue(rendered.contains("invalid snapshot at `bills[0].due_date`: `2026-11-31` is not a date"), rendered)
    }

    func testUnknownPolicyAndWarnings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policytest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(atPath: try fixture("mini.yaml"), toPath: directory.appendingPathComponent("mini.yaml").path)
        let unknown = directory.appendingPathComponent("a.test.yaml")
        try "policy: mimi\ntests: []\n".write(to: unknown, atomically: true, encoding: .utf8)
        var result = PolicyTestRunner().run(paths: [unknown.path])
        XCTAssertTrue(result.isInvalid)
        let messages = result.diagnostics.sorted.map { "\($0.diagnostic.message) | \($0.diagnostic.help ?? "")" }
        XCTAssertTrue(messages.contains { $0.hasPrefix("unknown policy `mimi`") && $0.hasSuffix("did you mean `mini`?") }, "\(messages)")

        let typo = directory.appendingPathComponent("b.test.yaml")
        try """
            policy: mini
            tests:
              - name: reminder
                as_of: 2026-12-05T09:00:00+08:00
                snapshot: {account_id: T-1, bills: [{amount: "1.00", due_date: 2026-11-15, paid: "0.00"}]}
                expect:
                  no_actions: [first_remindr]
            """.write(to: typo, atomically: true, encoding: .utf8)
        result = PolicyTestRunner().run(paths: [typo.path])
        XCTAssertFalse(result.isInvalid, "a warning does not make the file invalid")
        XCTAssertEqual(result.passed, 1)
        let warning = try XCTUnwrap(result.diagnostics.sorted.first)
        XCTAssertEqual(warning.diagnostic.code, "test.action-never-emitted")
        XCTAssertEqual(warning.diagnostic.severity, .warning)
        XCTAssertEqual(warning.location.line, 7)
    }

    // MARK: Reading

    func testInlineSnapshotsGetTheValuesJSONWouldGive() throws {
        let (file, bag) = read("""
            policy: mini
            tests:
              - name: values
                as_of: 2026-12-05T09:00:00+08:00
                snapshot:
                  account_id: T-1
                  numbers: [1, -0, 312.40, 1e3, 007, .5, 0x1F, 1_000]
                  dates: [2026-11-15, 2026-12-05T09:00:00+08:00, "2026-10"]
                  words: [yes, no, on, true, false, null, ~, "true", Null]
                  empty:
                expect: {}
            """)
        XCTAssertFalse(bag.hasErrors(), bag.sorted.map(\.diagnostic.message).joined())
        guard case .inline(.map(let snapshot), _, let nodes)? = file?.cases.first?.snapshot else { return XCTFail("no inline snapshot") }
        guard case .list(let numbers)? = snapshot["numbers"] else { return XCTFail("no numbers") }
        XCTAssertEqual(numbers.count, 8)
        if case .int(1) = numbers[0] {} else { XCTFail("1 is an int: \(numbers[0])") }
        if case .int(0) = numbers[1] {} else { XCTFail("-0 is the int 0: \(numbers[1])") }
        if case .decimal(let d) = numbers[2] { XCTAssertEqual(d.description, "312.40") } else { XCTFail("312.40 is an exact decimal") }
        XCTAssertEqual(JSONText.render(numbers[3]), JSONText.render(try JSONReader().read("1e3")), "as JSON reads 1e3")
        XCTAssertEqual(JSONText.render(.list(Array(numbers[4...]))), #"["007", ".5", "0x1F", "1_000"]"#, "not JSON numbers: strings")
        XCTAssertEqual(JSONText.render(snapshot["dates"] ?? .null), #"["2026-11-15", "2026-12-05T09:00:00+08:00", "2026-10"]"#)
        XCTAssertEqual(JSONText.render(snapshot["words"] ?? .null), #"["yes", "no", "on", true, false, null, null, "true", "Null"]"#)
        XCTAssertEqual(JSONText.render(snapshot["empty"] ?? .bool(false)), "null")
        XCTAssertNotNil(nodes["dates[1]"])
    }

    func testInlineAndJSONSnapshotsDecodeAlike() throws {
        let json = try String(contentsOfFile: try fixture("tests/snapshots/two-months.json"), encoding: .utf8)
        let fromJSON = try SnapshotDecoder.decode(try JSONReader().read(json))
        let (file, _) = read("""
            policy: mini
            tests:
              - name: same
                snapshot:
                  account_id: M-2
                  as_of: 2026-12-21T09:00:00+08:00
                  customer: {class: residential, category: household, important_grade: null}
                  bills:
                    - {period: "2026-10", amount: "312.40", due_date: 2026-11-15, paid: "0.00"}
                    - {period: "2026-11", amount: 286.1, due_date: 2026-12-15, paid: 0}
                  supply: {status: "on", since: null}
                expect: {}
            """)
        guard case .inline(let value, _, _)? = file?.cases.first?.snapshot else { return XCTFail("no inline snapshot") }
        let fromYAML = try SnapshotDecoder.decode(value)
        XCTAssertEqual(JSONText.render(fromYAML.whole), JSONText.render(fromJSON.whole))
        XCTAssertEqual(fromYAML.asOf, fromJSON.asOf)
    }

    func testStrictReading() {
        let (_, bag) = read("""
            policy: mini
            tests:
              - name: one
                as_of: 2026-12-05T09:00:00+08:00
                snapshot: {account_id: T-1}
                snapshot_file: x.json
                expect: {tier: a}
              - name: two
                snapshot: {account_id: T-1}
                expect: {errors: -1, exact: on}
              - name: two
                snapshot: {account_id: T-1}
                expect: {}
            """)
        let found = bag.sorted.map { "\($0.location.line):\($0.location.column) \($0.diagnostic.code)" }
        XCTAssertEqual(found, ["6:5 policy.conflicting-keys", "10:22 policy.invalid-value",
                               "10:33 policy.invalid-value", "11:11 policy.duplicate-id"])
    }

    // MARK: Matching

    func testValueMatching() {
        XCTAssertTrue(ExpectationMatcher.matches(.string("2026-12-05T01:00:00Z"), .string("2026-12-05T09:00:00+08:00")), "instants")
        XCTAssertFalse(ExpectationMatcher.matches(.string("2026-12-05T09:00:00Z"), .string("2026-12-05T09:00:00+08:00")))
        XCTAssertTrue(ExpectationMatcher.matches(.decimal(try! CELDecimal(parsing: "312.40")), .string("312.40")), "decimals as written")
        XCTAssertFalse(ExpectationMatcher.matches(.decimal(try! CELDecimal(parsing: "312.4")), .string("312.40")))
        XCTAssertTrue(ExpectationMatcher.matches(.int(2), .int(2)))
        XCTAssertFalse(ExpectationMatcher.matches(.string("2"), .int(2)), "a quoted number is a string")
        XCTAssertTrue(ExpectationMatcher.matches(.null, nil), "an absent field is null")
        XCTAssertFalse(ExpectationMatcher.matches(.list([.string("sms")]), .list([.string("sms"), .string("phone")])))
        var want = MapValue()
        want.set("amount", .string("1.00"))
        var have = MapValue()
        have.set("amount", .string("1.00"))
        have.set("arrears", .string("5.00"))
        XCTAssertTrue(ExpectationMatcher.matches(.map(want), .map(have)), "objects: listed fields only")
        XCTAssertFalse(ExpectationMatcher.matches(.map(have), .map(want)))
    }

    // MARK: Coverage and reports

    func testCoverage() throws {
        let result = PolicyTestRunner().run(paths: [try fixture("tests")])
        let entry = try XCTUnwrap(result.coverage.entries.first)
        XCTAssertEqual(entry.policyID, "mini")
        XCTAssertEqual(entry.rules, ["first-reminder", "suspend", "cut-without-notice", "huge-arrears"])
        XCTAssertEqual(entry.uncovered, ["huge-arrears"])
        XCTAssertEqual(entry.figure, "3/4 rules (75.0%)")
        let text = TestTextReport.render(result, coverage: true)
        XCTAssertTrue(text.contains("    uncovered: huge-arrears\n"), text)
        XCTAssertTrue(text.hasSuffix("  total: 3/4 rules (75.0%)\n"), text)
    }

    func testTextReportOfAFailure() throws {
        let result = PolicyTestRunner(filter: "differs in channels").run(paths: [try fixture("failing/mismatches.test.yaml")])
        let text = TestTextReport.render(result, coverage: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines[0].hasSuffix("mismatches.test.yaml (policy mini)"), text)
        XCTAssertEqual(lines[1], "  ✘ action differs in channels")
        XCTAssertTrue(lines[2].hasPrefix("      at ") && lines[2].hasSuffix("mismatches.test.yaml:14:5"), text)
        XCTAssertEqual(Array(lines[3...]), [
            "      actions (line 17): no action matches; closest:",
            #"        expected: {"action": "first_reminder", "rule": "first-reminder", "channels": ["sms"]}"#,
            #"        actual:   {"action": "first_reminder", "rule": "first-reminder", "channels": ["sms", "phone"]}  ← differs in `channels`"#,
            "",
        ])
        XCTAssertEqual(TestTextReport.summary(result), "0 passed, 1 failed")
    }

    func testJUnitReport() throws {
        let result = PolicyTestRunner().run(paths: [try fixture("tests"), try fixture("failing/mismatches.test.yaml")])
        let xml = JUnitReport.render(result, coverage: true)
        XCTAssertTrue(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"policyctl test\" tests=\"15\" failures=\"11\" errors=\"0\">\n"), xml)
        XCTAssertTrue(xml.contains(#"tests="4" failures="0" errors="0" skipped="0">"#), xml)
        XCTAssertTrue(xml.contains(#"tests="11" failures="11" errors="0" skipped="0">"#), xml)
        XCTAssertTrue(xml.contains(#"<property name="coverage" value="3/4 rules (75.0%)"/>"#), xml)
        XCTAssertTrue(xml.contains(#"<testcase classname="mini" name="first reminder on day 5" "#), xml)
        XCTAssertTrue(xml.contains(#"<failure message="tier: expected &quot;important&quot;, got &quot;low_voltage&quot;" type="mismatch">"#), xml)
        XCTAssertEqual(JUnitReport.render(result, coverage: true), xml, "deterministic")
        #if canImport(FoundationXML) || os(macOS)
        let parser = XMLParser(data: Data(xml.utf8))
        XCTAssertTrue(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
        #endif
    }

    func testJUnitReportOfAnInvalidFile() throws {
        let result = PolicyTestRunner().run(paths: [try fixture("failing/invalid.test.yaml")])
        let xml = JUnitReport.render(result)
        XCTAssertTrue(xml.contains(#"errors="1""#), xml)
        XCTAssertTrue(xml.contains("<error message=\"invalid snapshot: `2026-11-31` is not a date (YYYY-MM-DD)\"/>"), xml)
    }
}
