import Foundation
import XCTest

/// `policyctl expr` as a policy author uses it.
final class ExprCommandTests: XCTestCase {
    func testPrintsTheValueAsJSON() throws {
        let result = try CommandRunner.run(["expr", "decimal('312.40') * 2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.text, "\"624.80\"\n")
    }

    /// A snapshot's fields are typed as `eval` types them: money adds up as decimals.
    /// (Before, they were bound as raw JSON strings and `sum()` had no overload.)
    func testSnapshotFieldsAreTypedLikeEval() throws {
        let result = try CommandRunner.run(["expr", "bills.map(b, b.amount - b.paid).sum()", "--snapshot", "examples/household.json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.text, "\"598.50\"\n")
    }

    func testCalendarMakesHolidaysNonWorkingDays() throws {
        let without = try CommandRunner.run(["expr", "add_workdays(date('2026-09-30'), 1)"])
        XCTAssertEqual(without.text, "\"2026-10-01\"\n")
        let with = try CommandRunner.run(["expr", "add_workdays(date('2026-09-30'), 1)", "--calendar", "policies/calendars/cn-2026.yaml"])
        XCTAssertEqual(with.status, 0, with.stderr)
        XCTAssertEqual(with.text, "\"2026-10-08\"\n")
    }

    /// A working day the calendar does not cover is an error, never a Monday-to-Friday guess.
    func testCalendarErrorsOutsideItsCoverage() throws {
        let beyond = try CommandRunner.run(["expr", "add_workdays(date('2026-12-31'), 1)", "--calendar", "policies/calendars/cn-2026.yaml"])
        XCTAssertEqual(beyond.status, 1)
        XCTAssertEqual(beyond.text, "")
        XCTAssert(beyond.stderr.contains("the calendar does not cover 2027-01-01 (it covers 2026-01-01…2026-12-31)"), beyond.stderr)
    }

    func testErrorsShowThePlaceAndExit() throws {
        let syntax = try CommandRunner.run(["expr", "acount + 1"])
        XCTAssertEqual(syntax.status, 2)
        XCTAssert(syntax.stderr.contains("<expr>:1:1: error: undeclared reference to `acount`"), syntax.stderr)
        let runtime = try CommandRunner.run(["expr", "1 / 0"])
        XCTAssertEqual(runtime.status, 1)
        XCTAssert(runtime.stderr.contains("division by zero"), runtime.stderr)
    }
}
