/// An instant in time with nanosecond precision, as `google.protobuf.Timestamp` in CEL.
///
/// Valid from 0001-01-01T00:00:00Z through 9999-12-31T23:59:59.999999999Z.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// Nanoseconds within the second, 0…999,999,999 (always non-negative).
    public let nanos: Int32

    /// `seconds` of 0001-01-01T00:00:00Z.
    public static let minSeconds: Int64 = -62_135_596_800
    /// `seconds` of 9999-12-31T23:59:59Z.
    public static let maxSeconds: Int64 = 253_402_300_799

    /// Creates an instant; throws when `nanos` is outside 0…999,999,999 or the instant is out of range.
    public init(seconds: Int64, nanos: Int32 = 0) throws(ValueError) {
        guard (0...999_999_999).contains(nanos) else {
            throw ValueError("invalid timestamp nanos `\(nanos)`")
        }
        guard (Timestamp.minSeconds...Timestamp.maxSeconds).contains(seconds) else {
            throw ValueError("timestamp out of range")
        }
        self.seconds = seconds
        self.nanos = nanos
    }

    /// Creates the instant `nanoseconds` after the epoch, the result of timestamp arithmetic;
    /// throws "timestamp overflow" when out of range.
    init(nanosecondsSinceEpoch total: Int128) throws(ValueError) {
        let (quotient, remainder) = total.quotientAndRemainder(dividingBy: 1_000_000_000)
        let floorSeconds = remainder < 0 ? quotient - 1 : quotient
        let positiveNanos = remainder < 0 ? remainder + 1_000_000_000 : remainder
        guard floorSeconds >= Int128(Timestamp.minSeconds), floorSeconds <= Int128(Timestamp.maxSeconds) else {
            throw ValueError("timestamp overflow")
        }
        seconds = Int64(truncatingIfNeeded: floorSeconds)
        nanos = Int32(truncatingIfNeeded: positiveNanos)
    }

    /// Parses an RFC 3339 timestamp: `YYYY-MM-DDTHH:MM:SS[.f…]Z` or with an offset `±HH:MM`;
    /// `t` and `z` may be lower case and the fraction has 1…9 digits. Throws for anything else
    /// or an instant out of range.
    public init(parsingRFC3339 text: some StringProtocol) throws(ValueError) {
        self = try withUTF8Bytes(text) { bytes throws(ValueError) in try Timestamp(parsingRFC3339: bytes) }
    }

    /// Parses RFC 3339 text given as UTF-8 bytes, as `init(parsingRFC3339:)` parses a string.
    public init(parsingRFC3339 bytes: UnsafeBufferPointer<UInt8>) throws(ValueError) {
        guard let (seconds, nanos) = Timestamp.parse(bytes) else {
            throw ValueError("invalid timestamp `\(String(decoding: bytes, as: UTF8.self))`")
        }
        do {
            try self.init(seconds: seconds, nanos: nanos)
        } catch {
            throw ValueError("timestamp `\(String(decoding: bytes, as: UTF8.self))` out of range")
        }
    }

    /// The UTC seconds and nanos of an RFC 3339 text, or nil when malformed.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int64, Int32)? {
        guard bytes.count >= 20,
              let year = ASCII.number(bytes, at: 0, count: 4), bytes[4] == UInt8(ascii: "-"),
              let month = ASCII.number(bytes, at: 5, count: 2), bytes[7] == UInt8(ascii: "-"),
              let day = ASCII.number(bytes, at: 8, count: 2),
              bytes[10] | 0x20 == UInt8(ascii: "t"),
              let hour = ASCII.number(bytes, at: 11, count: 2), bytes[13] == UInt8(ascii: ":"),
              let minute = ASCII.number(bytes, at: 14, count: 2), bytes[16] == UInt8(ascii: ":"),
              let second = ASCII.number(bytes, at: 17, count: 2),
              (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var index = 19
        var nanos = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, case let digit = bytes[index] &- 0x30, digit < 10 {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int(digit)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        if bytes[index] | 0x20 == UInt8(ascii: "z") {
            guard index + 1 == bytes.count else { return nil }
        } else {
            let sign = bytes[index]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), index + 6 == bytes.count,
                  let offsetHours = ASCII.number(bytes, at: index + 1, count: 2), offsetHours <= 23,
                  bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetMinutes = ASCII.number(bytes, at: index + 4, count: 2), offsetMinutes <= 59
            else { return nil }
            offset = (offsetHours * 3600 + offsetMinutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        return (Int64(local - offset), Int32(nanos))
    }

    /// The instant at which the wall clock in `zone` shows `civil`.
    ///
    /// A local time skipped by a forward DST transition, or repeated by a backward one, is
    /// resolved with the offset in effect before the transition: a repeated time gives the
    /// earlier instant, a skipped time is pushed forward by the gap (02:30 becomes 03:30).
    /// Throws when the instant is out of range.
    public init(civil: CivilDateTime, in zone: TimeZoneSpec) throws(ValueError) {
        let local = civil.localSeconds
        try self.init(seconds: local - Int64(zone.offset(atLocal: local)), nanos: civil.nanos)
    }

    /// The first instant of `date` in `zone` (see `init(civil:in:)` for days starting in a DST gap);
    /// throws when out of range.
    public static func startOfDay(_ date: CivilDate, in zone: TimeZoneSpec) throws(ValueError) -> Timestamp {
        try Timestamp(civil: CivilDateTime(unchecked: date, 0, 0, 0, 0), in: zone)
    }

    /// The wall-clock date and time of this instant in `zone`.
    public func civil(in zone: TimeZoneSpec) -> CivilDateTime {
        Timestamp.civil(localSeconds: seconds + Int64(zone.offset(at: self)), nanos: nanos)
    }

    /// Splits seconds on a local clock into date and time of day.
    private static func civil(localSeconds local: Int64, nanos: Int32) -> CivilDateTime {
        let (quotient, remainder) = local.quotientAndRemainder(dividingBy: 86_400)
        let days = remainder < 0 ? quotient - 1 : quotient
        let secondOfDay = Int(remainder < 0 ? remainder + 86_400 : remainder)
        return CivilDateTime(
            unchecked: CivilDate(uncheckedDaysSinceEpoch: Int(days)),
            secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, nanos)
    }

    /// The nanoseconds since the epoch.
    var nanosecondsSinceEpoch: Int128 {
        Int128(seconds) * 1_000_000_000 + Int128(nanos)
    }

    /// The instant `duration` later; throws "timestamp overflow" when out of range.
    public func adding(_ duration: CELDuration) throws(ValueError) -> Timestamp {
        try Timestamp(nanosecondsSinceEpoch: nanosecondsSinceEpoch + duration.totalNanoseconds)
    }

    /// The instant `duration` earlier; throws "timestamp overflow" when out of range.
    public func subtracting(_ duration: CELDuration) throws(ValueError) -> Timestamp {
        try Timestamp(nanosecondsSinceEpoch: nanosecondsSinceEpoch - duration.totalNanoseconds)
    }

    /// The duration `self − other`. As all duration arithmetic (see ``CELDuration``), a
    /// difference beyond what 64-bit nanoseconds hold (about ±292 years) throws "duration
    /// overflow", although a duration could hold it.
    public func difference(_ other: Timestamp) throws(ValueError) -> CELDuration {
        try CELDuration.arithmeticResult(nanosecondsSinceEpoch - other.nanosecondsSinceEpoch)
    }

    /// The instant `rhs` after `lhs`; throws when out of range.
    public static func + (lhs: Timestamp, rhs: CELDuration) throws(ValueError) -> Timestamp {
        try lhs.adding(rhs)
    }

    /// The instant `rhs` before `lhs`; throws when out of range.
    public static func - (lhs: Timestamp, rhs: CELDuration) throws(ValueError) -> Timestamp {
        try lhs.subtracting(rhs)
    }

    /// The duration between two instants (see `difference(_:)`).
    public static func - (lhs: Timestamp, rhs: Timestamp) throws(ValueError) -> CELDuration {
        try lhs.difference(rhs)
    }

    /// Earlier instants order first.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    /// The RFC 3339 text in UTC (`2009-02-13T23:31:30Z`, `2009-02-13T23:31:30.123Z`): the fraction
    /// is omitted when zero, else written with 3, 6 or 9 digits as protobuf JSON does.
    public var rfc3339: String {
        String(unsafeUninitializedCapacity: Self.maxRFC3339Length) { write(localSeconds: seconds, offset: 0, into: $0) }
    }

    /// Same as `rfc3339`.
    public var description: String { rfc3339 }

    /// The RFC 3339 text on the wall clock of `zone` with its offset (`2026-12-21T09:00:00+08:00`);
    /// a zero offset is written `Z`. Historical offsets with seconds (local mean time) are
    /// truncated to whole minutes and the wall-clock time adjusted, so the text denotes this
    /// exact instant.
    public func rfc3339(in zone: TimeZoneSpec) -> String {
        String(unsafeUninitializedCapacity: Self.maxRFC3339Length) { writeRFC3339(in: zone, into: $0) }
    }

    /// The most bytes the RFC 3339 writers write: nine fractional digits, an offset, and a
    /// five-digit year (the last instants of 9999 on a clock ahead of UTC).
    public static let maxRFC3339Length = 36

    /// Writes ``rfc3339(in:)``'s text at the start of `buffer` (at least ``maxRFC3339Length``
    /// bytes) and returns its length: how JSON output writes a timestamp without a `String`.
    public func writeRFC3339(in zone: TimeZoneSpec, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let offset = zone.offset(at: self) / 60 * 60
        return write(localSeconds: seconds + Int64(offset), offset: offset, into: buffer)
    }

    /// Writes the RFC 3339 text for the given local seconds and offset; returns its length.
    private func write(localSeconds: Int64, offset: Int, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let civil = Timestamp.civil(localSeconds: localSeconds, nanos: nanos)
        var position = civil.date.write(into: buffer, at: 0)
        buffer[position] = UInt8(ascii: "T")
        position = ASCII.write(civil.hour, width: 2, into: buffer, at: position + 1)
        buffer[position] = UInt8(ascii: ":")
        position = ASCII.write(civil.minute, width: 2, into: buffer, at: position + 1)
        buffer[position] = UInt8(ascii: ":")
        position = ASCII.write(civil.second, width: 2, into: buffer, at: position + 1)
        let fraction = Int(nanos)
        if fraction != 0 {
            let digits = fraction % 1_000_000 == 0 ? 3 : fraction % 1000 == 0 ? 6 : 9
            position = ASCII.writeFraction(fraction, digits: digits, into: buffer, at: position)
        }
        if offset == 0 {
            buffer[position] = UInt8(ascii: "Z")
            return position + 1
        }
        buffer[position] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        let minutes = abs(offset) / 60
        position = ASCII.write(minutes / 60, width: 2, into: buffer, at: position + 1)
        buffer[position] = UInt8(ascii: ":")
        return ASCII.write(minutes % 60, width: 2, into: buffer, at: position + 1)
    }
}
