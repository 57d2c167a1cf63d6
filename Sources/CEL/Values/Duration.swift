/// A signed length of time with nanosecond precision, as `google.protobuf.Duration` in CEL.
///
/// `nanos` has the same sign as `seconds` (or is zero) and the magnitude is at most
/// 315,576,000,000 s plus 999,999,999 ns (about 10,000 years). Arithmetic is narrower: as in
/// Google's CEL runtimes (cel-go, cel-cpp), the result of adding, subtracting, negating or
/// multiplying durations must fit 64-bit nanoseconds (about ±292 years), else it throws
/// "duration overflow".
public struct CELDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds, truncated toward zero.
    public let seconds: Int64
    /// The remaining nanoseconds, −999,999,999…999,999,999, with the sign of `seconds`.
    public let nanos: Int32

    /// The largest number of whole seconds a duration may hold (either sign).
    public static let maxSeconds: Int64 = 315_576_000_000

    /// The zero-length duration.
    public static let zero = CELDuration(uncheckedNanoseconds: 0)

    /// Creates a duration from seconds and nanoseconds with the protobuf sign rule; throws when
    /// `nanos` is out of range, has the opposite sign, or the total is out of range.
    public init(seconds: Int64, nanos: Int32 = 0) throws(ValueError) {
        guard abs(Int(nanos)) <= 999_999_999, (seconds >= 0 && nanos >= 0) || (seconds <= 0 && nanos <= 0)
        else {
            throw ValueError("invalid duration nanos `\(nanos)`")
        }
        guard seconds.magnitude <= UInt64(CELDuration.maxSeconds) else { throw ValueError("duration out of range") }
        self.seconds = seconds
        self.nanos = nanos
    }

    /// Creates a duration of `nanoseconds`; throws when out of range.
    public init(nanoseconds: Int128) throws(ValueError) {
        guard nanoseconds.magnitude < UInt128(CELDuration.maxSeconds + 1) * 1_000_000_000 else {
            throw ValueError("duration out of range")
        }
        self.init(uncheckedNanoseconds: nanoseconds)
    }

    /// Creates a duration without a range check; callers guarantee the range.
    init(uncheckedNanoseconds total: Int128) {
        let (quotient, remainder) = total.quotientAndRemainder(dividingBy: 1_000_000_000)
        seconds = Int64(truncatingIfNeeded: quotient)
        nanos = Int32(truncatingIfNeeded: remainder)
    }

    /// Parses a Go/CEL duration: an optional sign, then one or more decimal numbers each followed
    /// by a unit `h`, `m`, `s`, `ms`, `us`, `µs`, `μs` or `ns` (`"1.5s"`, `"-1h2m3.5s"`, `"100ms"`),
    /// or the bare `"0"`. Digits beyond the nanosecond are truncated.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        let total: Int128? = try withUTF8Bytes(text) { bytes throws(ValueError) in
            CELDuration.parseGo(bytes)
        }
        guard let total else { throw ValueError("invalid duration `\(text)`") }
        do {
            try self.init(nanoseconds: total)
        } catch {
            throw ValueError("duration `\(text)` out of range")
        }
    }

    /// Parses a policy length: one or more whole numbers each followed by a unit `d` (24 h), `h`,
    /// `m` or `s`, units in that order and each at most once (`"7d"`, `"24h"`, `"1d12h"`, `"90s"`).
    /// No sign and no fractions.
    public init(parsingPolicyLength text: some StringProtocol) throws(ValueError) {
        let total: Int128? = try withUTF8Bytes(text) { bytes throws(ValueError) in
            CELDuration.parsePolicy(bytes)
        }
        guard let total else { throw ValueError("invalid policy length `\(text)`") }
        do {
            try self.init(nanoseconds: total)
        } catch {
            throw ValueError("policy length `\(text)` out of range")
        }
    }

    /// Nanoseconds per unit for a Go duration unit starting at `index`, and the unit's byte length.
    private static func goUnit(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int128, Int)? {
        let first = bytes[index]
        let next: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
        switch first {
        case UInt8(ascii: "h"): return (3_600_000_000_000, 1)
        case UInt8(ascii: "m"): return next == UInt8(ascii: "s") ? (1_000_000, 2) : (60_000_000_000, 1)
        case UInt8(ascii: "s"): return (1_000_000_000, 1)
        case UInt8(ascii: "n"): return next == UInt8(ascii: "s") ? (1, 2) : nil
        case UInt8(ascii: "u"): return next == UInt8(ascii: "s") ? (1_000, 2) : nil
        case 0xC2, 0xCE:
            // U+00B5 MICRO SIGN (C2 B5) or U+03BC GREEK SMALL LETTER MU (CE BC), then "s".
            let expected: UInt8 = first == 0xC2 ? 0xB5 : 0xBC
            guard next == expected, index + 2 < bytes.count, bytes[index + 2] == UInt8(ascii: "s") else {
                return nil
            }
            return (1_000, 3)
        default: return nil
        }
    }

    /// Total nanoseconds of a Go duration, or nil when malformed. Beyond 2¹⁰⁰ ns the total is
    /// held at 2¹⁰⁰ (with the sign), which the range check then refuses.
    private static func parseGo(_ bytes: UnsafeBufferPointer<UInt8>) -> Int128? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        if index + 1 == bytes.count, bytes[index] == UInt8(ascii: "0") { return 0 }
        guard index < bytes.count else { return nil }
        let limit: Int128 = 1 << 100
        var total: Int128 = 0
        while index < bytes.count {
            var whole: Int128 = 0
            var wholeDigits = 0
            while index < bytes.count, case let digit = bytes[index] &- 0x30, digit < 10 {
                if whole < 1 << 80 { whole = whole * 10 + Int128(digit) }
                wholeDigits += 1
                index += 1
            }
            var fraction: Int128 = 0
            var fractionScale: Int128 = 1
            var fractionDigits = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                while index < bytes.count, case let digit = bytes[index] &- 0x30, digit < 10 {
                    if fractionDigits < 20 {
                        fraction = fraction * 10 + Int128(digit)
                        fractionScale *= 10
                    }
                    fractionDigits += 1
                    index += 1
                }
            }
            guard wholeDigits + fractionDigits > 0, index < bytes.count,
                  let (unit, length) = goUnit(bytes, at: index)
            else { return nil }
            index += length
            // No overflow: total ≤ 2¹⁰⁰, whole < 2⁸⁴, unit < 2⁴², fraction < 2⁶⁷.
            total = Swift.min(total + whole * unit + fraction * unit / fractionScale, limit)
        }
        return negative ? -total : total
    }

    /// Total nanoseconds of a policy length, or nil when malformed or absurdly large.
    private static func parsePolicy(_ bytes: UnsafeBufferPointer<UInt8>) -> Int128? {
        guard !bytes.isEmpty else { return nil }
        var nextRank = 0
        var index = 0
        var total: Int128 = 0
        while index < bytes.count {
            var value: Int128 = 0
            var digits = 0
            while index < bytes.count, case let digit = bytes[index] &- 0x30, digit < 10 {
                value = value * 10 + Int128(digit)
                guard value < 1 << 60 else { return nil }
                digits += 1
                index += 1
            }
            guard digits > 0, index < bytes.count else { return nil }
            let rank: Int
            let unit: Int128
            switch bytes[index] {
            case UInt8(ascii: "d"): (rank, unit) = (0, 86_400_000_000_000)
            case UInt8(ascii: "h"): (rank, unit) = (1, 3_600_000_000_000)
            case UInt8(ascii: "m"): (rank, unit) = (2, 60_000_000_000)
            case UInt8(ascii: "s"): (rank, unit) = (3, 1_000_000_000)
            default: return nil
            }
            guard rank >= nextRank else { return nil }
            nextRank = rank + 1
            index += 1
            total += value * unit
            guard total < 1 << 100 else { return nil }
        }
        return total
    }

    /// The total length in nanoseconds.
    public var totalNanoseconds: Int128 {
        Int128(seconds) * 1_000_000_000 + Int128(nanos)
    }

    /// Total whole hours, truncated toward zero (CEL `getHours` on a duration).
    public var hours: Int64 { seconds / 3600 }

    /// Total whole minutes, truncated toward zero (CEL `getMinutes` on a duration).
    public var minutes: Int64 { seconds / 60 }

    /// Total whole seconds, truncated toward zero (CEL `getSeconds` on a duration).
    public var totalSeconds: Int64 { seconds }

    /// The millisecond part of the fraction, −999…999 with the duration's sign
    /// (CEL `getMilliseconds` on a duration).
    public var milliseconds: Int64 { Int64(nanos / 1_000_000) }

    /// The result of duration arithmetic of `total` nanoseconds; throws "duration overflow"
    /// beyond 64-bit nanoseconds (the range of arithmetic, see the type's summary).
    static func arithmeticResult(_ total: Int128) throws(ValueError) -> CELDuration {
        guard total >= Int128(Int64.min), total <= Int128(Int64.max) else { throw ValueError("duration overflow") }
        return CELDuration(uncheckedNanoseconds: total)
    }

    /// The sum; throws on overflow.
    public func adding(_ other: CELDuration) throws(ValueError) -> CELDuration {
        try CELDuration.arithmeticResult(totalNanoseconds + other.totalNanoseconds)
    }

    /// The difference `self − other`; throws on overflow.
    public func subtracting(_ other: CELDuration) throws(ValueError) -> CELDuration {
        try CELDuration.arithmeticResult(totalNanoseconds - other.totalNanoseconds)
    }

    /// The negation; throws on overflow (the negation of −2⁶³ ns).
    public func negated() throws(ValueError) -> CELDuration {
        try CELDuration.arithmeticResult(-totalNanoseconds)
    }

    /// The duration multiplied by `factor`; throws on overflow.
    public func multiplied(by factor: Int64) throws(ValueError) -> CELDuration {
        let (product, overflow) = totalNanoseconds.multipliedReportingOverflow(by: Int128(factor))
        guard !overflow else { throw ValueError("duration overflow") }
        return try CELDuration.arithmeticResult(product)
    }

    /// The sum; throws on overflow.
    public static func + (lhs: CELDuration, rhs: CELDuration) throws(ValueError) -> CELDuration {
        try lhs.adding(rhs)
    }

    /// The difference; throws on overflow.
    public static func - (lhs: CELDuration, rhs: CELDuration) throws(ValueError) -> CELDuration {
        try lhs.subtracting(rhs)
    }

    /// The negation; throws on overflow.
    public static prefix func - (operand: CELDuration) throws(ValueError) -> CELDuration {
        try operand.negated()
    }

    /// Shorter durations (more negative) order first.
    public static func < (lhs: CELDuration, rhs: CELDuration) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    /// CEL / protobuf-JSON text: seconds with a fraction only when non-zero, trailing zeros
    /// dropped (`"1.5s"`, `"-0.000000001s"`, `"3600s"`).
    public var description: String {
        String(unsafeUninitializedCapacity: 24) { buffer in
            var position = 0
            if seconds < 0 || nanos < 0 {
                buffer[0] = UInt8(ascii: "-")
                position = 1
            }
            position = ASCII.write(Int(seconds.magnitude), width: 1, into: buffer, at: position)
            var fraction = Int(nanos.magnitude)
            if fraction != 0 {
                var digits = 9
                while fraction % 10 == 0 {
                    fraction /= 10
                    digits -= 1
                }
                buffer[position] = UInt8(ascii: ".")
                position = ASCII.write(fraction, width: digits, into: buffer, at: position + 1)
            }
            buffer[position] = UInt8(ascii: "s")
            return position + 1
        }
    }
}
