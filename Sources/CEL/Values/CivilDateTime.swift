/// A wall-clock date and time with no time zone, as read off a clock in some zone.
public struct CivilDateTime: Sendable, Hashable, Comparable {
    /// The calendar date.
    public var date: CivilDate
    /// The hour, 0…23.
    public var hour: Int
    /// The minute, 0…59.
    public var minute: Int
    /// The second, 0…59.
    public var second: Int
    /// The nanosecond within the second, 0…999,999,999.
    public var nanos: Int32

    /// Creates a validated wall-clock time; throws when a field is out of range.
    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0, nanos: Int32 = 0)
        throws(ValueError)
    {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (0...999_999_999).contains(nanos)
        else {
            throw ValueError("invalid time of day `\(hour):\(minute):\(second).\(nanos)`")
        }
        self.init(unchecked: date, hour, minute, second, nanos)
    }

    /// Creates a wall-clock time without validation; callers guarantee the ranges.
    init(unchecked date: CivilDate, _ hour: Int, _ minute: Int, _ second: Int, _ nanos: Int32) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanos = nanos
    }

    /// Seconds since 1970-01-01T00:00:00 on the same (zone-less) clock.
    var localSeconds: Int64 {
        Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Chronological order on the wall clock.
    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
        (lhs.date, lhs.hour, lhs.minute, lhs.second, lhs.nanos)
            < (rhs.date, rhs.hour, rhs.minute, rhs.second, rhs.nanos)
    }
}
