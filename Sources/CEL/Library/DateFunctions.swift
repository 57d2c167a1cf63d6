/// Extension: calendar dates in the host's time zone (``LibraryContext/timeZone``) and
/// working days over its calendar. A date's fields are read by selection: `d.year`,
/// `d.month` (1–12), `d.day`, `d.weekday` (1 = Monday … 7 = Sunday).
struct DateFunctions {
    let context: LibraryContext

    var all: [FunctionDecl] {
        [date, daysBetween, addDays, addMonths, startOfMonth, endOfMonth, startOfDay, endOfDay, atTime,
         isWorkday, addWorkdays, nextWorkday]
    }

    /// The local date of a timestamp, in the host's zone.
    func localDate(_ t: Timestamp) -> CivilDate {
        t.civil(in: context.timeZone).date
    }

    var date: FunctionDecl {
        let zone = context.timeZone
        return FunctionDecl(
            "date", doc: "a calendar date from `YYYY-MM-DD`, or the local date of a timestamp (optionally in a given zone)",
            examples: ["date('2026-12-21').day // 21", "date('2026-12-21').weekday // 1",
                       "date(timestamp('2026-12-20T17:00:00Z'), 'Asia/Shanghai') // date('2026-12-21')", "date('2026-02-30') // error"],
            isExtension: true,
            overloads: [
                .global("string_to_date", [.string], .date, .stringToDate { s throws(EvalError) in
                    try evaluating { () throws(ValueError) in try CivilDate(parsing: s) }
                }),
                .global("timestamp_to_date", [.timestamp], .date, .timestampToDate { $0.civil(in: zone).date }),
                .global("timestamp_to_date_with_tz", [.timestamp, .string], .date, .timestampStringToDate { t, name throws(EvalError) in
                    switch TimeFunctions.zones.zone(named: name) {
                    case .success(let z): return t.civil(in: z).date
                    case .failure(let e): throw EvalError(e.message)
                    }
                }),
                .global("date_to_date", [.date], .date, .dateToDate { $0 }),
            ])
    }

    /// Written over `Value`s: at run time (a `dyn` argument) a date may be given with a
    /// timestamp, which no declared overload pairs.
    var daysBetween: FunctionDecl {
        let ctx = self
        return FunctionDecl(
            "days_between", doc: "the number of calendar days from the first date (or timestamp's local date) to the second",
            examples: ["days_between(date('2026-11-15'), date('2026-12-21')) // 36",
                       "days_between(date('2026-12-21'), date('2026-12-20')) // -1"],
            isExtension: true,
            overloads: [.global("days_between_date", [.date, .date], .int),
                        .global("days_between_timestamp", [.timestamp, .timestamp], .int)],
            implementation: .binary { x, y in
                guard let a = ctx.localDate(x), let b = ctx.localDate(y) else { return .error(.noSuchOverload("days_between", [x, y])) }
                return .int(Int64(CivilDate.daysBetween(a, b)))
            })
    }

    /// The local date of a date or timestamp value.
    func localDate(_ v: Value) -> CivilDate? {
        switch v {
        case .date(let d): return d
        case .timestamp(let t): return localDate(t)
        default: return nil
        }
    }

    var addDays: FunctionDecl {
        dateShift("add_days", doc: "the date a number of days later (earlier when negative)",
                  examples: ["add_days(date('2026-12-28'), 7) // date('2027-01-04')"]) { d, n throws(ValueError) in try d.adding(days: n) }
    }

    var addMonths: FunctionDecl {
        dateShift("add_months", doc: "the same day a number of months later, clamped to the month's last day",
                  examples: ["add_months(date('2026-01-31'), 1) // date('2026-02-28')"]) { d, n throws(ValueError) in try d.adding(months: n) }
    }

    func dateShift(
        _ name: String, doc: String, examples: [String],
        _ shift: @escaping @Sendable (CivilDate, Int) throws(ValueError) -> CivilDate
    ) -> FunctionDecl {
        FunctionDecl(
            name, doc: doc, examples: examples, isExtension: true,
            overloads: [.global("\(name)_date_int64", [.date, .int], .date, .dateIntToDate { d, n throws(EvalError) in
                guard n.magnitude <= 3_660_000 else { throw EvalError("date out of range") }
                return try evaluating { () throws(ValueError) in try shift(d, Int(n)) }
            })])
    }

    var startOfMonth: FunctionDecl {
        dateMap("start_of_month", doc: "the first day of the date's month",
                examples: ["start_of_month(date('2026-12-21')) // date('2026-12-01')"]) { $0.startOfMonth }
    }

    var endOfMonth: FunctionDecl {
        dateMap("end_of_month", doc: "the last day of the date's month",
                examples: ["end_of_month(date('2026-02-10')) // date('2026-02-28')"]) { $0.endOfMonth }
    }

    func dateMap(_ name: String, doc: String, examples: [String], _ map: @escaping @Sendable (CivilDate) -> CivilDate) -> FunctionDecl {
        let ctx = self
        return FunctionDecl(
            name, doc: doc, examples: examples, isExtension: true,
            overloads: [.global("\(name)_date", [.date], .date, .dateToDate { map($0) }),
                        .global("\(name)_timestamp", [.timestamp], .date, .timestampToDate { map(ctx.localDate($0)) })])
    }

    var startOfDay: FunctionDecl {
        localInstant("start_of_day", doc: "the instant the local day begins (00:00:00)",
                     examples: ["start_of_day(date('2026-12-21')) // timestamp('2026-12-20T16:00:00Z')"],
                     hour: 0, minute: 0, second: 0)
    }

    var endOfDay: FunctionDecl {
        localInstant("end_of_day", doc: "the last second of the local day (23:59:59)",
                     examples: ["end_of_day(date('2026-12-21')) // timestamp('2026-12-21T15:59:59Z')"],
                     hour: 23, minute: 59, second: 59)
    }

    func localInstant(_ name: String, doc: String, examples: [String], hour: Int, minute: Int, second: Int) -> FunctionDecl {
        let ctx = self
        return FunctionDecl(
            name, doc: doc + " of a date or timestamp, in the policy's time zone", examples: examples, isExtension: true,
            overloads: [
                .global("\(name)_date", [.date], .timestamp, .dateToTimestamp { d throws(EvalError) in
                    try ctx.instant(d, hour: hour, minute: minute, second: second)
                }),
                .global("\(name)_timestamp", [.timestamp], .timestamp, .timestampToTimestamp { t throws(EvalError) in
                    try ctx.instant(ctx.localDate(t), hour: hour, minute: minute, second: second)
                }),
            ])
    }

    var atTime: FunctionDecl {
        let ctx = self
        return FunctionDecl(
            "at_time", doc: "the instant of a local time of day (`HH:MM` or `HH:MM:SS`) on a date, in the policy's time zone",
            examples: ["at_time(date('2026-12-21'), '09:30') // timestamp('2026-12-21T01:30:00Z')", "at_time(date('2026-12-21'), '25:00') // error"],
            isExtension: true,
            overloads: [.global("at_time_date_string", [.date, .string], .timestamp, .dateStringToTimestamp { d, text throws(EvalError) in
                let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
                guard parts.count == 2 || parts.count == 3, let h = parts[0], let m = parts[1],
                      (0...23).contains(h), (0...59).contains(m) else { throw EvalError("invalid time of day `\(text)`") }
                let s = parts.count == 3 ? parts[2] : 0
                guard let s, (0...59).contains(s) else { throw EvalError("invalid time of day `\(text)`") }
                return try ctx.instant(d, hour: h, minute: m, second: s)
            })])
    }

    /// The instant of a local time of day on `d`, in the host's zone.
    func instant(_ d: CivilDate, hour: Int, minute: Int, second: Int) throws(EvalError) -> Timestamp {
        try evaluating { () throws(ValueError) in
            try Timestamp(civil: CivilDateTime(date: d, hour: hour, minute: minute, second: second, nanos: 0),
                          in: context.timeZone)
        }
    }

    /// The longest run of non-working days searched before giving up (a calendar with no
    /// working day at all would otherwise loop forever).
    static let maxWorkdaySearch = 3_660

    var isWorkday: FunctionDecl {
        let ctx = self
        return FunctionDecl(
            "is_workday", doc: "whether the local date is a working day of the policy's calendar",
            examples: ["is_workday(date('2026-12-21')) // true", "is_workday(date('2026-12-20')) // false"],
            isExtension: true,
            overloads: [.global("is_workday_date", [.date], .bool, .dateToBool { d throws(EvalError) in try ctx.context.calendar.workday(d).get() }),
                        .global("is_workday_timestamp", [.timestamp], .bool, .timestampToBool { t throws(EvalError) in
                            try ctx.context.calendar.workday(ctx.localDate(t)).get()
                        })])
    }

    var addWorkdays: FunctionDecl {
        let ctx = self
        return FunctionDecl(
            "add_workdays", doc: "the date a number of working days later (earlier when negative)",
            examples: ["add_workdays(date('2026-12-18'), 1) // date('2026-12-21')", "add_workdays(date('2026-12-21'), -1) // date('2026-12-18')"],
            isExtension: true,
            overloads: [.global("add_workdays_date_int64", [.date, .int], .date, .dateIntToDate { start, n throws(EvalError) in
                guard n.magnitude <= 10_000 else { throw EvalError("working-day count \(n) out of range") }
                var d = start
                let step = n < 0 ? -1 : 1
                var remaining = n.magnitude
                var idle = 0
                while remaining > 0 {
                    guard let next = try? d.adding(days: step) else { throw EvalError("date out of range") }
                    d = next
                    if try ctx.context.calendar.workday(d).get() {
                        remaining -= 1
                        idle = 0
                    } else {
                        idle += 1
                        if idle > Self.maxWorkdaySearch { throw EvalError("the calendar has no working day near \(d)") }
                    }
                }
                return d
            })])
    }

    var nextWorkday: FunctionDecl {
        let ctx = self
        return FunctionDecl(
            "next_workday", doc: "the date itself when it is a working day, else the next one; for a timestamp, the start of that day unless already on one",
            examples: ["next_workday(date('2026-12-19')) // date('2026-12-21')",
                       "next_workday(timestamp('2026-12-19T02:00:00Z')) // timestamp('2026-12-20T16:00:00Z')"],
            isExtension: true,
            overloads: [
                .global("next_workday_date", [.date], .date, .dateToDate { d throws(EvalError) in try ctx.nextWorkday(from: d).date }),
                .global("next_workday_timestamp", [.timestamp], .timestamp, .timestampToTimestamp { t throws(EvalError) in
                    let (d, steps) = try ctx.nextWorkday(from: ctx.localDate(t))
                    return steps == 0 ? t : try ctx.instant(d, hour: 0, minute: 0, second: 0)
                }),
            ])
    }

    /// The first working day from `start` on, and how many days later it is.
    func nextWorkday(from start: CivilDate) throws(EvalError) -> (date: CivilDate, steps: Int) {
        var d = start
        var steps = 0
        while try !context.calendar.workday(d).get() {
            steps += 1
            guard steps <= Self.maxWorkdaySearch, let next = try? d.adding(days: 1) else {
                throw EvalError("the calendar has no working day after \(d)")
            }
            d = next
        }
        return (d, steps)
    }
}
