/// What the host supplies to the functions that depend on place and calendar: the time
/// zone in which dates are read and the working-day calendar.
public struct LibraryContext: Sendable {
    /// The zone for `date(timestamp)`, `start_of_day`, `end_of_day` and working days.
    public var timeZone: TimeZoneSpec
    /// Which days are working days.
    public var calendar: any WorkCalendar

    public init(timeZone: TimeZoneSpec, calendar: any WorkCalendar = WeekdayCalendar()) {
        self.timeZone = timeZone
        self.calendar = calendar
    }
}

/// A working-day calendar: which dates are working days, and which dates it knows at all.
public protocol WorkCalendar: Sendable {
    /// Whether `date` is a working day; meaningful only for a date the calendar covers.
    func isWorkday(_ date: CivilDate) -> Bool
    /// Whether the calendar knows `date` (its holidays were published and read).
    func covers(_ date: CivilDate) -> Bool
    /// The periods covered, for messages ("2026-01-01…2026-12-31").
    var coverageDescription: String { get }
    /// Whether `date` is a working day, or, for a day the calendar does not cover, the error
    /// that says so and carries the day (``EvalError/uncoveredDay``): a working-day question
    /// about an unknown day has no answer, and guessing Monday to Friday could schedule a
    /// cut on a holiday.
    func workday(_ date: CivilDate) -> Result<Bool, EvalError>
}

extension WorkCalendar {
    /// ``covers(_:)``, then ``isWorkday(_:)``.
    public func workday(_ date: CivilDate) -> Result<Bool, EvalError> {
        guard covers(date) else { return .failure(.notCovered(date, by: self)) }
        return .success(isWorkday(date))
    }
}

extension EvalError {
    /// The error for a working-day question about a day `calendar` does not cover.
    public static func notCovered(_ date: CivilDate, by calendar: some WorkCalendar) -> EvalError {
        var error = EvalError("the calendar does not cover \(date) (it covers \(calendar.coverageDescription)): working days are unknown there")
        error.uncoveredDay = date
        return error
    }
}

/// The calendar with Monday to Friday as working days and no holidays, for every date.
public struct WeekdayCalendar: WorkCalendar {
    public init() {}

    public func isWorkday(_ date: CivilDate) -> Bool { date.weekday <= 5 }
    public func covers(_ date: CivilDate) -> Bool { true }
    public var coverageDescription: String { "every date" }
}

/// A calendar of holidays and make-up working days over Monday-to-Friday weeks, as State
/// Council holiday notices define them (a make-up day is a weekend day worked instead),
/// for the periods whose notices were read (`coverage`); other days are unknown.
public struct HolidayCalendar: WorkCalendar {
    /// Weekdays that are holidays.
    public let holidays: Set<CivilDate>
    /// Weekend days that are working days.
    public let workdays: Set<CivilDate>
    /// The periods whose holidays are known, sorted and not overlapping.
    public let coverage: [ClosedRange<CivilDate>]

    /// What each day from the first covered one to the last is, by days since the epoch:
    /// the working-day functions ask about several days per snapshot, and one array read
    /// answers both whether a day is covered and whether it is worked.
    private let days: [Day]
    private let firstDay: Int

    private enum Day: UInt8 {
        case notCovered, workday, restDay
    }

    public init(holidays: Set<CivilDate>, workdays: Set<CivilDate>, coverage: [ClosedRange<CivilDate>]) {
        self.holidays = holidays
        self.workdays = workdays
        self.coverage = coverage.sorted { $0.lowerBound < $1.lowerBound }
        let first = coverage.map(\.lowerBound.daysSinceEpoch).min() ?? 0
        let last = coverage.map(\.upperBound.daysSinceEpoch).max() ?? -1
        var days = [Day](repeating: .notCovered, count: max(0, last - first + 1))
        for range in coverage {
            for n in range.lowerBound.daysSinceEpoch...range.upperBound.daysSinceEpoch {
                let date = CivilDate(uncheckedDaysSinceEpoch: n)
                days[n - first] = Self.isWorkday(date, holidays: holidays, workdays: workdays) ? .workday : .restDay
            }
        }
        self.days = days
        firstDay = first
    }

    private func day(_ date: CivilDate) -> Day {
        let n = date.daysSinceEpoch - firstDay
        return n >= 0 && n < days.count ? days[n] : .notCovered
    }

    public func covers(_ date: CivilDate) -> Bool {
        day(date) != .notCovered
    }

    public func workday(_ date: CivilDate) -> Result<Bool, EvalError> {
        switch day(date) {
        case .workday: return .success(true)
        case .restDay: return .success(false)
        case .notCovered: return .failure(.notCovered(date, by: self))
        }
    }

    public var coverageDescription: String {
        coverage.isEmpty ? "no dates" : coverage.map { "\($0.lowerBound)…\($0.upperBound)" }.joined(separator: ", ")
    }

    /// The last day covered, when the calendar covers any.
    public var coveredUntil: CivilDate? { coverage.map(\.upperBound).max() }

    public func isWorkday(_ date: CivilDate) -> Bool {
        switch day(date) {
        case .workday: return true
        case .restDay: return false
        case .notCovered: return Self.isWorkday(date, holidays: holidays, workdays: workdays)
        }
    }

    private static func isWorkday(_ date: CivilDate, holidays: Set<CivilDate>, workdays: Set<CivilDate>) -> Bool {
        if workdays.contains(date) { return true }
        if holidays.contains(date) { return false }
        return date.weekday <= 5
    }
}
