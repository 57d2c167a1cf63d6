import Testing
@testable import CEL

/// Parses a date known to be valid in a test.
private func date(_ text: String) throws -> CivilDate {
    try CivilDate(parsing: text)
}

@Suite struct CivilDateTests {
    @Test func parsesAndPrints() throws {
        let value = try date("2026-12-21")
        #expect((value.year, value.month, value.day) == (2026, 12, 21))
        #expect(value.description == "2026-12-21")
        #expect(try date("0001-01-01").description == "0001-01-01")
        #expect(try date("2024-02-29").day == 29)
    }

    @Test(arguments: [
        "", "2026-1-21", "2026/12/21", "2026-12-21T00:00", "0000-01-01", "2026-13-01", "2026-00-10",
        "2026-02-29", "2100-02-29", "2026-04-31", "2026-12-00", " 2026-12-21", "20261-12-21", "２０２６-12-21",
    ])
    func rejects(text: String) {
        #expect(throws: ValueError("invalid date `\(text)`")) { try CivilDate(parsing: text) }
    }

    @Test(arguments: ["2026-12-21", "2024-02-29", "2026-02-29", "２０２６-12-21", ""])
    func parsesBytesAsText(text: String) {
        let fromText = Result { () throws(ValueError) in try CivilDate(parsing: text) }
        let fromBytes = Array(text.utf8).withUnsafeBufferPointer { bytes in
            Result { () throws(ValueError) in try CivilDate(parsing: bytes) }
        }
        #expect(fromText == fromBytes)
    }

    @Test func validatingInit() throws {
        #expect(try CivilDate(year: 2000, month: 2, day: 29).description == "2000-02-29")
        #expect(throws: ValueError("invalid date `1900-2-29`")) { try CivilDate(year: 1900, month: 2, day: 29) }
        #expect(throws: ValueError("invalid date `10000-1-1`")) { try CivilDate(year: 10000, month: 1, day: 1) }
    }

    @Test func leapYears() {
        #expect(CivilDate.isLeapYear(2024))
        #expect(CivilDate.isLeapYear(2000))
        #expect(!CivilDate.isLeapYear(2100))
        #expect(!CivilDate.isLeapYear(2026))
        #expect(CivilDate.daysInMonth(year: 2024, month: 2) == 29)
        #expect(CivilDate.daysInMonth(year: 2100, month: 2) == 28)
    }

    @Test(arguments: [
        ("1970-01-01", 0), ("1969-12-31", -1), ("2000-03-01", 11_017), ("2024-02-29", 19_782),
        ("2026-12-21", 20_808), ("0001-01-01", -719_162), ("9999-12-31", 2_932_896),
    ])
    func daysSinceEpochRoundTrip(text: String, days: Int) throws {
        let value = try date(text)
        #expect(value.daysSinceEpoch == days)
        #expect(try CivilDate(daysSinceEpoch: days) == value)
    }

    @Test func everyDayRoundTrips() throws {
        var previous = try CivilDate(daysSinceEpoch: CivilDate.minDays)
        var mismatches = 0
        for days in (CivilDate.minDays + 1)...CivilDate.maxDays {
            let current = try CivilDate(daysSinceEpoch: days)
            let next = current.day == current.daysInMonth
                ? (current.month == 12 ? (current.year + 1, 1, 1) : (current.year, current.month + 1, 1))
                : (current.year, current.month, current.day + 1)
            if !(previous < current) || current.daysSinceEpoch != days
                || (try? current.adding(days: 1)).map({ ($0.year, $0.month, $0.day) != next }) == true
            {
                mismatches += 1
            }
            previous = current
        }
        #expect(mismatches == 0)
        // A timestamp at the edge of the range, seen in a zone ahead of or behind UTC.
        #expect(CivilDate(uncheckedDaysSinceEpoch: CivilDate.minDays - 1).description == "0000-12-31")
        #expect(CivilDate(uncheckedDaysSinceEpoch: CivilDate.maxDays + 1).description == "10000-01-01")
        #expect(CivilDate.daysSinceEpoch(year: 10_000, month: 1, day: 1) == CivilDate.maxDays + 1)
        #expect(throws: ValueError("date out of range")) { try CivilDate(daysSinceEpoch: CivilDate.maxDays + 1) }
        #expect(throws: ValueError("date out of range")) { try CivilDate(daysSinceEpoch: CivilDate.minDays - 1) }
    }

    @Test(arguments: [
        ("1970-01-01", 4), ("2026-12-21", 1), ("2026-12-27", 7), ("2024-02-29", 4), ("0001-01-01", 1),
        ("1969-12-28", 7),
    ])
    func isoWeekday(text: String, weekday: Int) throws {
        #expect(try date(text).weekday == weekday)
    }

    @Test func dayOfYear() throws {
        #expect(try date("2026-01-01").dayOfYear == 1)
        #expect(try date("2024-12-31").dayOfYear == 366)
        #expect(try date("2026-12-31").dayOfYear == 365)
        #expect(try date("2024-03-01").dayOfYear == 61)
    }

    @Test func addingDays() throws {
        #expect(try date("2026-12-31").adding(days: 1).description == "2027-01-01")
        #expect(try date("2027-01-01").adding(days: -1).description == "2026-12-31")
        #expect(try date("2024-02-28").adding(days: 1).description == "2024-02-29")
        #expect(try date("2100-02-28").adding(days: 1).description == "2100-03-01")
        #expect(throws: ValueError("date out of range")) { try date("9999-12-31").adding(days: 1) }
        #expect(throws: ValueError("date out of range")) { try date("2000-01-01").adding(days: .max) }
    }

    @Test func addingMonthsClamps() throws {
        #expect(try date("2026-01-31").adding(months: 1).description == "2026-02-28")
        #expect(try date("2024-01-31").adding(months: 1).description == "2024-02-29")
        #expect(try date("2026-03-31").adding(months: -1).description == "2026-02-28")
        #expect(try date("2026-11-15").adding(months: 2).description == "2027-01-15")
        #expect(try date("2026-01-15").adding(months: -13).description == "2024-12-15")
        #expect(try date("2024-02-29").adding(months: 12).description == "2025-02-28")
        #expect(throws: ValueError("date out of range")) { try date("0001-01-01").adding(months: -1) }
        #expect(throws: ValueError("date out of range")) { try date("9999-12-01").adding(months: 1) }
        #expect(throws: ValueError("date out of range")) { try date("2000-01-01").adding(months: .max) }
    }

    @Test func monthBounds() throws {
        let value = try date("2024-02-10")
        #expect(value.startOfMonth.description == "2024-02-01")
        #expect(value.endOfMonth.description == "2024-02-29")
        #expect(value.daysInMonth == 29)
        #expect(try date("2100-02-10").endOfMonth.description == "2100-02-28")
        #expect(try date("2026-12-21").endOfMonth.description == "2026-12-31")
    }

    @Test func daysBetweenAndOrder() throws {
        #expect(try CivilDate.daysBetween(date("2026-12-21"), date("2027-01-04")) == 14)
        #expect(try CivilDate.daysBetween(date("2024-03-01"), date("2024-02-28")) == -2)
        #expect(try CivilDate.daysBetween(date("2100-01-01"), date("2101-01-01")) == 365)
        #expect(try date("2026-12-21") < date("2027-01-01"))
        #expect(try date("2026-12-21") > date("2026-11-30"))
    }
}
