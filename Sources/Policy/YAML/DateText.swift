import CEL

/// Text written as a date, `YYYY-MM-DD`, and what is wrong with it when it names no day
/// of the calendar (`2026-10-32`, `2026-13-01`, `2026-02-29`), said in the author's terms.
enum DateText {
    /// Why a date-shaped text is not a date: the problem and a hint.
    struct Problem: Equatable {
        let problem: String
        let hint: String?
    }

    /// What is wrong with `text` as a date, or nil when it is a valid `YYYY-MM-DD` date or
    /// does not have a date's shape (four digits, `-`, one or two digits, `-`, one or two
    /// digits: an unquoted param of that shape is meant as a date).
    static func problem(_ text: String) -> Problem? {
        guard let (year, month, day) = parts(text), (try? CivilDate(parsing: text)) == nil else { return nil }
        guard (1...9999).contains(year) else { return Problem(problem: "there is no year 0000", hint: "years go from 0001 to 9999") }
        guard (1...12).contains(month) else {
            return Problem(problem: "there is no month \(pad(month))", hint: "write dates as `YYYY-MM-DD`: the month (01 to 12) comes before the day")
        }
        let monthName = "\(monthNames[month - 1]) \(pad(year, 4))"
        let last = CivilDate.daysInMonth(year: year, month: month)
        guard day >= 1 else { return Problem(problem: "there is no day 00", hint: "days of \(monthName) go from 01 to \(last)") }
        guard day <= last else {
            let leap = month == 2 && day == 29 ? "\(pad(year, 4)) is not a leap year; " : ""
            return Problem(problem: "\(monthName) has \(last) days",
                           hint: "\(leap)the last day of \(monthName) is \(pad(year, 4))-\(pad(month))-\(last)")
        }
        // A valid day written without leading zeros.
        return Problem(problem: "write the month and the day with two digits", hint: "did you mean `\(pad(year, 4))-\(pad(month))-\(pad(day))`?")
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                     "September", "October", "November", "December"]

    private static func pad(_ n: Int, _ width: Int = 2) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Year, month and day of a date-shaped text.
    private static func parts(_ text: String) -> (Int, Int, Int)? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, (1...2).contains(fields[1].count), (1...2).contains(fields[2].count),
              fields.allSatisfy({ $0.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } }),
              let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2])
        else { return nil }
        return (year, month, day)
    }
}
