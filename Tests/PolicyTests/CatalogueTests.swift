import CEL
import XCTest
@testable import Policy

/// Every entry of the ``PolicyMessage`` catalogue, rendered and checked against the house
/// style: a stable dotted code, lowercase start, no final period, help lines likewise.
final class CatalogueTests: XCTestCase {
    /// One instance of every case of the catalogue (a new case must be added here).
    static let samples: [PolicyMessage] = [
        .fileTooLarge(bytes: 2_000_000, limit: 1 << 20),
        .invalidUTF8(offset: 12),
        .yamlSyntax(problem: "did not find expected key", unclosedQuote: (line: 4, column: 7)),
        .tabIndentation,
        .multipleDocuments,
        .emptyDocument,
        .anchorNotAllowed,
        .tooDeep(limit: 64),
        .unreadableFile(path: "policies/x.yaml"),
        .missingResource(problem: PolicyResourceError.malformed(path: "policy.schema.json", problem: "not JSON").description),
        .expected(what: "a list for `rules`", found: "a mapping"),
        .unknownKey(key: "wen", in: "a rule", suggestion: "when"),
        .duplicateKey(key: "when", firstLine: 3),
        .missingKey(key: "due_by", in: "`emit`"),
        .invalidValue(what: "boolean", value: "yes", expected: "`true` or `false`"),
        .invalidDate(text: "2026-02-29", problem: "February 2026 has 28 days",
                     hint: "2026 is not a leap year; the last day of February 2026 is 2026-02-28"),
        .invalidID(id: "First"),
        .duplicateID(kind: "rule", id: "r", firstLine: 4),
        .conflictingKeys("emit", "violation"),
        .unknownBase(id: "baselin", suggestion: "baseline"),
        .extendsCycle(chain: ["a", "b", "a"]),
        .unknownCalendar(id: "cn-2062"),
        .missingCalendarCoverage(calendar: "cn"),
        .outsideCalendarCoverage(what: "holiday", value: "2027-01-01…2027-01-03", period: "2026-01-01…2026-12-31"),
        .overlappingCalendars(calendar: "cn", period: "2026-06-01…2027-05-31", otherFile: "calendars/cn-2026.yaml"),
        .invalidTimeZone(name: "Asia/Shangai", problem: "unknown time zone", suggestion: "Asia/Shanghai"),
        .missingTimeZone(policy: "p"),
        .factCycle(chain: ["a", "a"]),
        .unknownAction(name: "first_remindr", suggestion: "first_reminder"),
        .noSuchInherited(kind: "rule", id: "late-fee"),
        .paramTypeChanged(param: "second_notice_day", path: "", given: "string", base: "int", basePolicy: "baseline",
                          declaredAt: "policies/baseline.yaml:52:3", hint: "remove the quotes to give an `int`"),
        .interpolation(problem: "`${` without its closing `}`"),
        .missingCite(rule: "r"),
        .neverFires(rule: "r", reason: "its `when` is `false`"),
        .unusedFact(name: "f"),
        .unusedParam(name: "x"),
        .statutoryBound(param: "lead", value: "5d", bound: "7d", isMinimum: true, cite: "承诺"),
        .calendarEnding(calendar: "cn", until: try! CivilDate(year: 2026, month: 12, day: 31), days: 28),
        .quadraticComprehension(list: "bills", outer: "filter", inner: "all"),
    ]

    func testEveryMessageFollowsTheHouseStyle() {
        var codes = Set<String>()
        for sample in Self.samples {
            let d = sample.diagnostic(0..<1)
            XCTAssert(d.code.wholeMatch(of: #/policy\.[a-z0-9]+(-[a-z0-9]+)*/#) != nil, "code \(d.code)")
            XCTAssert(codes.insert(d.code).inserted, "code \(d.code) used twice")
            for text in [d.message] + (d.help.map { [$0] } ?? []) {
                XCTAssertFalse(text.isEmpty, d.code)
                XCTAssertFalse(text.hasSuffix("."), "\(d.code): ends with a period: \(text)")
                XCTAssertFalse(text.contains("\n"), "\(d.code): more than one line")
                // Lower-case start, except for an acronym (`YAML`).
                let firstWord = text.prefix { $0.isLetter }
                XCTAssert(firstWord.allSatisfy(\.isLowercase) || firstWord.allSatisfy(\.isUppercase) && firstWord.count > 1,
                          "\(d.code): starts upper-case: \(text)")
                XCTAssertEqual(text.filter { $0 == "`" }.count % 2, 0, "\(d.code): unbalanced backticks: \(text)")
            }
        }
        XCTAssertEqual(codes.count, Self.samples.count)
    }

    func testSeverities() {
        let warnings = Self.samples.filter { $0.severity == .warning }.map(\.code).sorted()
        XCTAssertEqual(warnings, ["policy.calendar-ending", "policy.missing-cite", "policy.quadratic-comprehension",
                                  "policy.rule-never-fires", "policy.statutory-bound", "policy.unknown-action",
                                  "policy.unused-fact", "policy.unused-param"])
    }

    /// A CEL diagnostic keeps its own code, severity, message and help.
    func testExpressionDiagnosticsKeepTheirCode() {
        let cel = Diagnostic(code: "check.undeclared-reference", message: "undeclared reference to `x`", help: "did you mean `y`?", range: 3..<4)
        let message = PolicyMessage.expression(cel)
        XCTAssertEqual(message.code, "check.undeclared-reference")
        XCTAssertEqual(message.severity, .error)
        XCTAssertEqual(message.help, "did you mean `y`?")
        XCTAssertEqual(message.diagnostic(10..<11).range, 10..<11)
    }
}
