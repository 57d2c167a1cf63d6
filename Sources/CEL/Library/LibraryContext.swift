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

/// A working-day calendar: which dates are working days.
public protocol WorkCalendar: Sendable {
    /// Whether `date` is a working day.
    func isWorkday(_ date: CivilDate) -> Bool
}

/// The calendar with Monday to Friday as working days and no holidays.
public struct WeekdayCalendar: WorkCalendar {
    public init() {}

    public func isWorkday(_ date: CivilDate) -> Bool { date.weekday <= 5 }
}

/// A calendar of holidays and make-up working days over Monday-to-Friday weeks, as State
/// Council holiday notices define them (a make-up day is a weekend day worked instead).
public struct HolidayCalendar: WorkCalendar {
    /// Weekdays that are holidays.
    public let holidays: Set<CivilDate>
    /// Weekend days that are working days.
    public let workdays: Set<CivilDate>

    public init(holidays: Set<CivilDate>, workdays: Set<CivilDate>) {
        self.holidays = holidays
        self.workdays = workdays
    }

    public func isWorkday(_ date: CivilDate) -> Bool {
        if workdays.contains(date) { return true }
        if holidays.contains(date) { return false }
        return date.weekday <= 5
    }
}
