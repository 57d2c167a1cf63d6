import CEL
import Policy

/// Moves an instant into a policy window: the next instant at or after it that is on an
/// allowed day (not in a blackout; a working day if required) within the allowed hours.
struct WindowShifter {
    let window: CompiledWindow
    let zone: TimeZoneSpec
    let calendar: any WorkCalendar
    /// Days searched before giving up.
    static let horizon = 400

    /// Why `date` is not allowed, or nil when it is.
    func dayProblem(_ date: CivilDate) -> String? {
        if let b = window.blackouts.first(where: { $0.from <= date && date <= $0.to }) {
            return "blackout \(b.from)…\(b.to): \(b.reason)"
        }
        if window.workdaysOnly, !calendar.isWorkday(date) { return "\(date) is not a working day" }
        return nil
    }

    /// The first allowed instant at or after `t`, with the reason when it differs from `t`;
    /// nil when none comes within the horizon.
    func shift(_ t: Timestamp) -> (Timestamp, String?)? {
        let local = t.civil(in: zone)
        var day = local.date
        var firstReason: String?
        for offset in 0..<Self.horizon {
            if let problem = dayProblem(day) {
                firstReason = firstReason ?? problem
            } else {
                let minuteOfDay = offset == 0 ? local.hour * 60 + local.minute : 0
                guard let hours = window.hours else {
                    if offset == 0 { return (t, nil) }
                    return (try? Timestamp.startOfDay(day, in: zone)).map { ($0, firstReason) }
                }
                if minuteOfDay < hours.lowerBound || offset > 0 {
                    let reason = firstReason ?? "outside the hours \(Self.clock(hours.lowerBound))-\(Self.clock(hours.upperBound))"
                    return (try? instant(day, minutes: hours.lowerBound)).map { ($0, reason) }
                }
                if minuteOfDay < hours.upperBound { return (t, nil) }
                firstReason = firstReason ?? "outside the hours \(Self.clock(hours.lowerBound))-\(Self.clock(hours.upperBound))"
            }
            guard let next = try? day.adding(days: 1) else { return nil }
            day = next
        }
        return nil
    }

    private func instant(_ day: CivilDate, minutes: Int) throws -> Timestamp {
        try Timestamp(civil: CivilDateTime(date: day, hour: minutes / 60, minute: minutes % 60, second: 0, nanos: 0), in: zone)
    }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}
