/// A calendar date in the proleptic Gregorian calendar, with no time zone.
///
/// Dates created through the public initializers and arithmetic lie in years 0001…9999.
/// `Timestamp.civil(in:)` may yield year 0000 or 10000 for instants at the very edges of the
/// timestamp range viewed in a zone whose offset pushes the local date past them.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, 0001…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…31.
    public let day: Int

    /// Creates a validated date; throws for an impossible date or a year outside 0001…9999.
    public init(year: Int, month: Int, day: Int) throws(ValueError) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else {
            throw ValueError("invalid date `\(year)-\(month)-\(day)`")
        }
        self.init(unchecked: year, month, day)
    }

    /// Parses a strict `YYYY-MM-DD` date, years 0001…9999.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        self = try withUTF8Bytes(text) { bytes throws(ValueError) in try CivilDate(parsing: bytes) }
    }

    /// Parses a date given as UTF-8 bytes, as `init(parsing:)` parses a string.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(ValueError) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = ASCII.number(bytes, at: 0, count: 4),
              let month = ASCII.number(bytes, at: 5, count: 2),
              let day = ASCII.number(bytes, at: 8, count: 2),
              (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else {
            throw ValueError("invalid date `\(String(decoding: bytes, as: UTF8.self))`")
        }
        self.init(unchecked: year, month, day)
    }

    /// Creates the date `days` days after 1970-01-01; throws when the year leaves 0001…9999.
    public init(daysSinceEpoch days: Int) throws(ValueError) {
        guard days >= CivilDate.minDays, days <= CivilDate.maxDays else {
            throw ValueError("date out of range")
        }
        self.init(uncheckedDaysSinceEpoch: days)
    }

    /// Creates a date without validation; callers guarantee the fields are consistent.
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Converts a day count since 1970-01-01 into a date, by Neri and Schneider's Euclidean
    /// affine functions ("Euclidean affine functions and their application to calendar
    /// algorithms", 2022): unsigned 32-bit arithmetic, each division by a constant a multiply,
    /// on a calendar whose years start in March and whose day 0 is
    /// ``shiftedEpoch`` days before 1970-01-01, so that every day of years −32,799…2,900,000
    /// counts from zero. It took a third of the instructions of the era-based method it replaced.
    init(uncheckedDaysSinceEpoch days: Int) {
        let n = UInt32(truncatingIfNeeded: days &+ CivilDate.shiftedEpoch)
        // The century, and the day in it.
        let centuryQuarters = 4 &* n &+ 3
        let century = centuryQuarters / 146_097
        let dayOfCentury = centuryQuarters % 146_097 / 4
        // The year in the century (the high word), and the day in the year from 1 March.
        let yearQuarters = UInt64(4 &* dayOfCentury &+ 3) &* 2_939_745
        let yearOfCentury = UInt32(truncatingIfNeeded: yearQuarters >> 32)
        let dayOfYear = UInt32(truncatingIfNeeded: yearQuarters) / 2_939_745 / 4
        // The month, 3 (March) … 14 (February of the next year), and the day in it.
        let monthAndDay = 2_141 &* dayOfYear &+ 197_913
        let month = monthAndDay >> 16
        let day = (monthAndDay & 0xFFFF) / 2_141 &+ 1
        let isJanuaryOrFebruary = dayOfYear >= 306
        let year = Int(100 &* century &+ yearOfCentury) - CivilDate.shiftedYears + (isJanuaryOrFebruary ? 1 : 0)
        self.init(unchecked: year, Int(isJanuaryOrFebruary ? month &- 12 : month), Int(day))
    }

    /// Days from 1970-01-01 to `year-month-day`: the inverse of
    /// ``init(uncheckedDaysSinceEpoch:)``, by the same method.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let isJanuaryOrFebruary = month <= 2
        let marchYear = UInt32(truncatingIfNeeded: year &+ shiftedYears &- (isJanuaryOrFebruary ? 1 : 0))
        let marchMonth = UInt32(truncatingIfNeeded: isJanuaryOrFebruary ? month &+ 12 : month)
        let century = marchYear / 100
        let yearDays = 1_461 &* marchYear / 4 &- century &+ century / 4
        let monthDays = (979 &* marchMonth &- 2_919) / 32
        return Int(yearDays &+ monthDays &+ UInt32(truncatingIfNeeded: day &- 1)) - shiftedEpoch
    }

    /// The years the calendar of the two conversions above is shifted by: 82 cycles of 400
    /// years, so that the dates they handle lie after its day 0.
    private static let shiftedYears = 400 * 82
    /// The days from that calendar's day 0 (1 March of year −32,800) to 1970-01-01.
    private static let shiftedEpoch = 719_468 + 146_097 * 82

    /// Days from 1970-01-01 to 0001-01-01.
    static let minDays = -719_162
    /// Days from 1970-01-01 to 9999-12-31.
    static let maxDays = 2_932_896

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1…12) of `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (that date is 0; earlier dates are negative).
    public var daysSinceEpoch: Int {
        CivilDate.daysSinceEpoch(year: year, month: month, day: day)
    }

    /// The ISO weekday: Monday = 1 … Sunday = 7.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let zeroBasedFromMonday = (daysSinceEpoch + 3) % 7
        return (zeroBasedFromMonday < 0 ? zeroBasedFromMonday + 7 : zeroBasedFromMonday) + 1
    }

    /// The 1-based day of the year (January 1 = 1).
    public var dayOfYear: Int {
        daysSinceEpoch - CivilDate.daysSinceEpoch(year: year, month: 1, day: 1) + 1
    }

    /// The number of days in this date's month.
    public var daysInMonth: Int {
        CivilDate.daysInMonth(year: year, month: month)
    }

    /// The first day of this date's month.
    public var startOfMonth: CivilDate {
        CivilDate(unchecked: year, month, 1)
    }

    /// The last day of this date's month.
    public var endOfMonth: CivilDate {
        CivilDate(unchecked: year, month, daysInMonth)
    }

    /// The date `days` days later (earlier when negative); throws when the year leaves 0001…9999.
    public func adding(days: Int) throws(ValueError) -> CivilDate {
        let (total, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        guard !overflow else { throw ValueError("date out of range") }
        return try CivilDate(daysSinceEpoch: total)
    }

    /// The date `months` months later (earlier when negative), clamping the day to the target
    /// month's last day (2026-01-31 + 1 month = 2026-02-28); throws when the year leaves 0001…9999.
    public func adding(months: Int) throws(ValueError) -> CivilDate {
        let (shifted, overflow) = (year * 12 + month - 1).addingReportingOverflow(months)
        guard !overflow else { throw ValueError("date out of range") }
        let newYear = shifted >= 0 ? shifted / 12 : (shifted - 11) / 12
        let newMonth = shifted - newYear * 12 + 1
        guard (1...9999).contains(newYear) else { throw ValueError("date out of range") }
        let newDay = min(day, CivilDate.daysInMonth(year: newYear, month: newMonth))
        return CivilDate(unchecked: newYear, newMonth, newDay)
    }

    /// The number of days from `a` to `b` (`b − a`).
    public static func daysBetween(_ a: CivilDate, _ b: CivilDate) -> Int {
        b.daysSinceEpoch - a.daysSinceEpoch
    }

    /// Chronological order.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        String(unsafeUninitializedCapacity: 11) { buffer in
            write(into: buffer, at: 0)
        }
    }

    /// Writes `YYYY-MM-DD` at `index` and returns the index after it.
    func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        var position = ASCII.write(year, width: 4, into: buffer, at: index)
        buffer[position] = UInt8(ascii: "-")
        position = ASCII.write(month, width: 2, into: buffer, at: position + 1)
        buffer[position] = UInt8(ascii: "-")
        return ASCII.write(day, width: 2, into: buffer, at: position + 1)
    }
}
