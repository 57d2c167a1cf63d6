import Synchronization

/// The timestamp and duration accessors (`getFullYear`, `getHours`, …), each with an
/// optional time zone argument for timestamps (`'Asia/Shanghai'`, `'+08:00'`); without
/// one, timestamps are read in UTC as CEL specifies.
enum TimeFunctions {
    static var all: [FunctionDecl] {
        [
            timestampAccessor("getFullYear", "the year", ["timestamp('2026-12-31T20:00:00Z').getFullYear('Asia/Shanghai') // 2027"]) {
                Int64($0.date.year)
            },
            timestampAccessor("getMonth", "the month, 0 for January", ["timestamp('2009-02-13T23:31:30Z').getMonth() // 1"]) {
                Int64($0.date.month - 1)
            },
            timestampAccessor("getDate", "the day of the month, from 1", ["timestamp('2009-02-13T23:31:30Z').getDate() // 13"]) {
                Int64($0.date.day)
            },
            timestampAccessor("getDayOfMonth", "the day of the month, from 0", ["timestamp('2009-02-13T23:31:30Z').getDayOfMonth() // 12"]) {
                Int64($0.date.day - 1)
            },
            timestampAccessor("getDayOfWeek", "the day of the week, 0 for Sunday", ["timestamp('2009-02-13T23:31:30Z').getDayOfWeek() // 5"]) {
                Int64($0.date.weekday % 7)
            },
            timestampAccessor("getDayOfYear", "the day of the year, from 0", ["timestamp('2009-02-13T23:31:30Z').getDayOfYear() // 43"]) {
                Int64($0.date.dayOfYear - 1)
            },
            timeAccessor("getHours", "the hour of a timestamp; the whole hours of a duration",
                         ["timestamp('2026-12-21T01:00:00Z').getHours('Asia/Shanghai') // 9", "duration('3730s').getHours() // 1"],
                         civil: { Int64($0.hour) }, duration: { $0.hours }),
            timeAccessor("getMinutes", "the minute of a timestamp; the whole minutes of a duration",
                         ["timestamp('2009-02-13T23:31:30Z').getMinutes() // 31", "duration('3730s').getMinutes() // 62"],
                         civil: { Int64($0.minute) }, duration: { $0.minutes }),
            timeAccessor("getSeconds", "the second of a timestamp; the whole seconds of a duration",
                         ["timestamp('2009-02-13T23:31:30Z').getSeconds() // 30", "duration('3730s').getSeconds() // 3730"],
                         civil: { Int64($0.second) }, duration: { $0.totalSeconds }),
            timeAccessor("getMilliseconds", "the millisecond of a timestamp or of a duration's fraction",
                         ["timestamp('2009-02-13T23:31:30.123Z').getMilliseconds() // 123",
                          "duration('1.5s').getMilliseconds() // 500"],
                         civil: { Int64($0.nanos / 1_000_000) }, duration: { $0.milliseconds }),
        ]
    }

    static func timestampAccessor(
        _ name: String, _ doc: String, _ examples: [String], _ field: @escaping @Sendable (CivilDateTime) -> Int64
    ) -> FunctionDecl {
        FunctionDecl(name, doc: doc + " (timestamp, optional time zone)", examples: examples,
                     overloads: timestampOverloads(name, field))
    }

    static func timeAccessor(
        _ name: String, _ doc: String, _ examples: [String],
        civil: @escaping @Sendable (CivilDateTime) -> Int64, duration: @escaping @Sendable (CELDuration) -> Int64
    ) -> FunctionDecl {
        FunctionDecl(
            name, doc: doc, examples: examples,
            overloads: timestampOverloads(name, civil)
                + [.member("duration_to_\(name)", [.duration], .int, .durationToInt { duration($0) })])
    }

    /// The overloads reading `field` of a timestamp in UTC, or in a named zone (a zone that
    /// does not resolve is an error).
    static func timestampOverloads(_ name: String, _ field: @escaping @Sendable (CivilDateTime) -> Int64) -> [OverloadDecl] {
        [.member("timestamp_to_\(name)", [.timestamp], .int, .timestampToInt { field($0.civil(in: .utc)) }),
         .member("timestamp_to_\(name)_with_tz", [.timestamp, .string], .int, .timestampStringToInt { t, zoneName throws(EvalError) in
             switch zones.zone(named: zoneName) {
             case .success(let zone): return field(t.civil(in: zone))
             case .failure(let error): throw EvalError(error.message)
             }
         })]
    }

    static let zones = ZoneCache()
}

/// Time zones by name, resolved once per process.
final class ZoneCache: Sendable {
    private let entries = Mutex<[String: Result<TimeZoneSpec, ValueError>]>([:])

    func zone(named name: String) -> Result<TimeZoneSpec, ValueError> {
        if let hit = entries.withLock({ $0[name] }) { return hit }
        let resolved: Result<TimeZoneSpec, ValueError>
        do { resolved = .success(try TimeZoneSpec(name)) } catch { resolved = .failure(error) }
        entries.withLock { $0[name] = resolved }
        return resolved
    }
}
