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

    /// Where an instant lands in the window.
    enum Placement: Equatable {
        /// The first allowed instant, with the reason when it differs from the one asked for.
        case allowed(Timestamp, reason: String?)
        /// A day on the way is one the calendar does not cover: the instant cannot be placed.
        case uncovered(CivilDate)
        /// No allowed instant within ``WindowShifter/horizon`` days.
        case noneWithinHorizon
    }

    /// Why `date` is not allowed, or nil when it is; `.failure` for a day whose being a
    /// working day is unknown.
    func dayProblem(_ date: CivilDate) -> Result<String?, EvalError> {
        if let b = window.blackouts.first(where: { $0.from <= date && date <= $0.to }) {
            return .success("blackout \(b.from)…\(b.to): \(b.reason)")
        }
        guard window.workdaysOnly else { return .success(nil) }
        return calendar.workday(date).map { $0 ? nil : "\(date) is not a working day" }
    }

    /// The first allowed instant at or after `t`.
    func shift(_ t: Timestamp) -> Placement {
        let local = t.civil(in: zone)
        var day = local.date
        var firstReason: String?
        for offset in 0..<Self.horizon {
            let problem: String?
            switch dayProblem(day) {
            case .success(let p): problem = p
            case .failure: return .uncovered(day)
            }
            if let problem {
                firstReason = firstReason ?? problem
            } else {
                let minuteOfDay = offset == 0 ? local.hour * 60 + local.minute : 0
                guard let hours = window.hours else {
                    if offset == 0 { return .allowed(t, reason: nil) }
                    return (try? Timestamp.startOfDay(day, in: zone)).map { .allowed($0, reason: firstReason) } ?? .noneWithinHorizon
                }
                if minuteOfDay < hours.lowerBound || offset > 0 {
                    let reason = firstReason ?? "outside the hours \(Self.clock(hours.lowerBound))-\(Self.clock(hours.upperBound))"
                    return (try? instant(day, minutes: hours.lowerBound)).map { .allowed($0, reason: reason) } ?? .noneWithinHorizon
                }
                if minuteOfDay < hours.upperBound { return .allowed(t, reason: nil) }
                firstReason = firstReason ?? "outside the hours \(Self.clock(hours.lowerBound))-\(Self.clock(hours.upperBound))"
            }
            guard let next = try? day.adding(days: 1) else { return .noneWithinHorizon }
            day = next
        }
        return .noneWithinHorizon
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
