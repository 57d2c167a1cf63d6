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

    /// Converts a day count since 1970-01-01 into a date (any year), following the
    /// era-based civil-from-days method published by Howard Hinnant.
    init(uncheckedDaysSinceEpoch days: Int) {
        let shifted = days + 719_468  // days since 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097  // 0…146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // from March 1
        let marchMonth = (5 * dayOfYear + 2) / 153  // 0 = March … 11 = February
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(unchecked: year, month, day)
    }

    /// Days from 1970-01-01 to `year-month-day` (any year), by Hinnant's days-from-civil method.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400  // 0…399
        let marchMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * marchMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

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
