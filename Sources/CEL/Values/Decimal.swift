/// An exact decimal number for money: an `Int128` coefficient and a scale (0…18 fractional
/// digits), worth `coefficient × 10^-scale`.
///
/// The coefficient holds at most 38 digits (|coefficient| < 10^38), so the range is symmetric and
/// negation never fails. The written scale is kept (`"312.40"` has scale 2 and prints so), but
/// equality, hashing and ordering go by numeric value (`312.4 == 312.40`). Arithmetic never traps:
/// results that do not fit throw `ValueError("decimal overflow")`.
public struct CELDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    // The coefficient is stored as two 64-bit words: an `Int128` field would align the
    // decimal, and so every CEL `Value`, to 16 bytes, making each value 48 bytes instead of
    // 32 and every copy of one dearer.
    private let low: UInt64
    private let high: Int64
    /// The number of fractional digits, 0…18.
    public let scale: Int

    /// The unscaled integer value.
    @inline(__always)
    public var coefficient: Int128 { Int128(high) << 64 | Int128(low) }

    /// The largest scale.
    public static let maxScale = 18
    /// The largest number of coefficient digits.
    public static let maxDigits = 38
    /// Zero with scale 0.
    public static let zero = CELDecimal(unchecked: 0, scale: 0)

    /// 10^0 … 10^38.
    private static let powersOfTen: [UInt128] = {
        var powers: [UInt128] = [1]
        for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// 10^38: coefficient magnitudes must stay below it.
    private static let limit: UInt128 = 100_000_000_000_000_000_000_000_000_000_000_000_000

    private static let overflow = ValueError("decimal overflow")

    /// Creates a decimal without validation; callers guarantee the invariants.
    private init(unchecked coefficient: Int128, scale: Int) {
        low = UInt64(truncatingIfNeeded: coefficient)
        high = Int64(truncatingIfNeeded: coefficient >> 64)
        self.scale = scale
    }

    /// Creates a decimal from a magnitude and sign; throws when the magnitude has more than 38 digits.
    private init(magnitude: UInt128, negative: Bool, scale: Int) throws(ValueError) {
        guard magnitude < CELDecimal.limit else { throw CELDecimal.overflow }
        let value = Int128(magnitude)
        self.init(unchecked: negative ? -value : value, scale: scale)
    }

    /// Creates `coefficient × 10^-scale`; throws when the scale is outside 0…18 or the coefficient
    /// has more than 38 digits.
    public init(coefficient: Int128, scale: Int) throws(ValueError) {
        try CELDecimal.checkScale(scale)
        try self.init(magnitude: coefficient.magnitude, negative: coefficient < 0, scale: scale)
    }

    /// The integer `value` with scale 0.
    public init(_ value: Int64) {
        self.init(unchecked: Int128(value), scale: 0)
    }

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` exactly, keeping the written scale
    /// (`"312.40"` has scale 2; `"1.5e3"` is 1500 with scale 0; `"1E-2"` is 0.01).
    /// Throws for other text, more than 18 fractional digits, or more than 38 significant digits.
    public init(parsing text: some StringProtocol) throws(ValueError) {
        self = try withUTF8Bytes(text) { bytes throws(ValueError) in try CELDecimal(parsing: bytes) }
    }

    /// Parses decimal text given as UTF-8 bytes, as `init(parsing:)` parses a string.
    public init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(ValueError) {
        switch CELDecimal.parse(bytes) {
        case .success(let value):
            self = value
        case .failure(.syntax):
            throw ValueError("invalid decimal `\(String(decoding: bytes, as: UTF8.self))`")
        case .failure(.tooManyFractionDigits):
            throw ValueError("decimal `\(String(decoding: bytes, as: UTF8.self))` has more than 18 fractional digits")
        case .failure(.tooManyDigits):
            throw ValueError("decimal `\(String(decoding: bytes, as: UTF8.self))` has more than 38 digits")
        }
    }

    /// Why a decimal text was rejected.
    private enum ParseFailure: Error {
        case syntax, tooManyFractionDigits, tooManyDigits
    }

    /// Parses decimal text.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<CELDecimal, ParseFailure> {
        if let plain = plainDecimal(bytes) { return .success(plain) }
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        // The significant digits: in 64 bits while there are at most 19 of them (the common
        // case, cheaper than 128-bit arithmetic), then in `magnitude`.
        var small: UInt64 = 0
        var magnitude: UInt128 = 0
        var significant = 0
        var integerDigits = 0
        var fractionDigits = 0
        var inFraction = false
        while index < bytes.count {
            let byte = bytes[index]
            let digit = byte &- 0x30
            if digit < 10 {
                if significant != 0 || digit != 0 {
                    significant += 1
                    if significant <= 19 {
                        small = small &* 10 &+ UInt64(digit)
                    } else {
                        guard significant <= maxDigits else { return .failure(.tooManyDigits) }
                        if significant == 20 { magnitude = UInt128(small) }
                        magnitude = magnitude * 10 + UInt128(digit)
                    }
                }
                if inFraction { fractionDigits += 1 } else { integerDigits += 1 }
            } else if byte == UInt8(ascii: "."), !inFraction, integerDigits > 0 {
                inFraction = true
            } else {
                break
            }
            index += 1
        }
        guard integerDigits > 0, !inFraction || fractionDigits > 0 else { return .failure(.syntax) }
        if significant <= 19 { magnitude = UInt128(small) }
        var exponent = 0
        if index < bytes.count {
            guard bytes[index] | 0x20 == UInt8(ascii: "e") else { return .failure(.syntax) }
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            while index < bytes.count, case let digit = bytes[index] &- 0x30, digit < 10 {
                exponent = min(exponent * 10 + Int(digit), 10_000)
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0, index == bytes.count else { return .failure(.syntax) }
            if exponentNegative { exponent = -exponent }
        }
        var scale = fractionDigits - exponent
        if scale < 0 {
            if magnitude != 0 {
                guard -scale <= maxDigits else { return .failure(.tooManyDigits) }
                let (scaled, overflow) = magnitude.multipliedReportingOverflow(by: powersOfTen[-scale])
                guard !overflow, scaled < limit else { return .failure(.tooManyDigits) }
                magnitude = scaled
            }
            scale = 0
        }
        guard scale <= maxScale else { return .failure(.tooManyFractionDigits) }
        let value = Int128(magnitude)
        return .success(CELDecimal(unchecked: negative ? -value : value, scale: scale))
    }

    /// The decimal of the most common text, digits with at most one point inside them and no
    /// sign or exponent (`"312.40"`, `"0.00"`, `"17"`), of at most 19 bytes (so at most 19
    /// digits, which a `UInt64` holds): read in one loop, as ``parse(_:)`` reads it; nil for
    /// any other text, which ``parse(_:)`` reads in full.
    @inline(__always)
    private static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> CELDecimal? {
        guard let base = bytes.baseAddress, bytes.count <= 19 else { return nil }
        var value: UInt64 = 0
        var point = -1
        for index in 0..<bytes.count {
            let digit = base[index] &- 0x30
            if digit < 10 {
                value = value &* 10 &+ UInt64(digit)
            } else if base[index] == UInt8(ascii: "."), point < 0 {
                point = index
            } else {
                return nil
            }
        }
        // Digits on both sides of the point, when there is one.
        guard point != 0, point != bytes.count - 1 else { return nil }
        return CELDecimal(unchecked: Int128(value), scale: point < 0 ? 0 : bytes.count - 1 - point)
    }

    /// Throws unless `scale` is 0…18.
    private static func checkScale(_ scale: Int) throws(ValueError) {
        guard (0...maxScale).contains(scale) else { throw ValueError("invalid decimal scale `\(scale)`") }
    }

    // MARK: Properties

    /// Whether the value is zero.
    public var isZero: Bool { coefficient == 0 }

    /// −1, 0 or 1.
    public var sign: Int { coefficient < 0 ? -1 : coefficient == 0 ? 0 : 1 }

    /// The nearest `Double` (inexact for most values; for display or statistics only).
    public var doubleValue: Double {
        Double(coefficient) / Double(CELDecimal.powersOfTen[scale])
    }

    /// The integer part, truncated toward zero; throws when outside the `Int64` range.
    public var int64Value: Int64 {
        get throws(ValueError) {
            let whole = coefficient / Int128(CELDecimal.powersOfTen[scale])
            guard let value = Int64(exactly: whole) else {
                throw ValueError("decimal `\(self)` out of int64 range")
            }
            return value
        }
    }

    // MARK: Arithmetic

    /// The coefficient scaled to `target` (≥ `scale`), or nil on Int128 overflow.
    private func coefficient(atScale target: Int) -> Int128? {
        if target == scale { return coefficient }
        let (scaled, overflow) = coefficient.multipliedReportingOverflow(
            by: Int128(CELDecimal.powersOfTen[target - scale]))
        return overflow ? nil : scaled
    }

    /// The exact sum, at the larger scale; throws on overflow.
    public func adding(_ other: CELDecimal) throws(ValueError) -> CELDecimal {
        let target = max(scale, other.scale)
        guard let lhs = coefficient(atScale: target), let rhs = other.coefficient(atScale: target) else {
            throw CELDecimal.overflow
        }
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        guard !overflow else { throw CELDecimal.overflow }
        return try CELDecimal(magnitude: sum.magnitude, negative: sum < 0, scale: target)
    }

    /// The exact difference, at the larger scale; throws on overflow.
    public func subtracting(_ other: CELDecimal) throws(ValueError) -> CELDecimal {
        try adding(other.negated())
    }

    /// The product with scale `scale + other.scale`; when that exceeds 18 the product is rounded
    /// half-up to 18 fractional digits. Throws on overflow.
    public func multiplied(by other: CELDecimal) throws(ValueError) -> CELDecimal {
        let productScale = scale + other.scale
        let negative = (coefficient < 0) != (other.coefficient < 0)
        let (product, overflow) = coefficient.multipliedReportingOverflow(by: other.coefficient)
        if !overflow, productScale <= CELDecimal.maxScale {
            return try CELDecimal(magnitude: product.magnitude, negative: negative, scale: productScale)
        }
        let drop = max(productScale - CELDecimal.maxScale, 0)
        let wide = coefficient.magnitude.multipliedFullWidth(by: other.coefficient.magnitude)
        guard let magnitude = CELDecimal.divideRoundingHalfUp(
            high: wide.high, low: wide.low, by: CELDecimal.powersOfTen[drop])
        else { throw CELDecimal.overflow }
        return try CELDecimal(magnitude: magnitude, negative: negative, scale: productScale - drop)
    }

    /// The product with an integer, at this scale; throws on overflow.
    public func multiplied(by factor: Int64) throws(ValueError) -> CELDecimal {
        let (product, overflow) = coefficient.multipliedReportingOverflow(by: Int128(factor))
        guard !overflow else { throw CELDecimal.overflow }
        return try CELDecimal(magnitude: product.magnitude, negative: product < 0, scale: scale)
    }

    /// The quotient rounded half-up (away from zero) to `scale` fractional digits; throws for a
    /// zero divisor, a scale outside 0…18, or overflow.
    public func divided(by divisor: CELDecimal, scale resultScale: Int) throws(ValueError) -> CELDecimal {
        try CELDecimal.checkScale(resultScale)
        guard !divisor.isZero else { throw ValueError("decimal division by zero") }
        let negative = (coefficient < 0) != (divisor.coefficient < 0)
        // self / divisor = (a / b) × 10^(divisor.scale − scale); scale it to `resultScale` digits.
        let exponent = resultScale + divisor.scale - scale
        let numerator = coefficient.magnitude
        let denominator = divisor.coefficient.magnitude
        let magnitude: UInt128?
        if exponent >= 0 {
            let wide = numerator.multipliedFullWidth(by: CELDecimal.powersOfTen[exponent])
            magnitude = CELDecimal.divideRoundingHalfUp(high: wide.high, low: wide.low, by: denominator)
        } else {
            let (scaledDenominator, overflow) = denominator.multipliedReportingOverflow(
                by: CELDecimal.powersOfTen[-exponent])
            // An overflowing denominator exceeds twice any numerator (< 10^38), so the quotient rounds to 0.
            magnitude = overflow
                ? 0 : CELDecimal.divideRoundingHalfUp(high: 0, low: numerator, by: scaledDenominator)
        }
        guard let magnitude else { throw CELDecimal.overflow }
        return try CELDecimal(magnitude: magnitude, negative: negative, scale: resultScale)
    }

    /// `(high·2^128 + low) / divisor` rounded half-up, or nil when the quotient needs more than 128 bits.
    private static func divideRoundingHalfUp(high: UInt128, low: UInt128, by divisor: UInt128) -> UInt128? {
        guard high < divisor else { return nil }
        var quotient: UInt128
        var remainder: UInt128
        if high == 0 {
            (quotient, remainder) = low.quotientAndRemainder(dividingBy: divisor)
        } else {
            // Restoring binary long division of a 256-bit dividend; rare (huge operands only).
            quotient = 0
            remainder = high
            for bit in stride(from: 127, through: 0, by: -1) {
                let carry = remainder >> 127
                remainder = remainder << 1 | (low >> bit & 1)
                quotient <<= 1
                if carry != 0 || remainder >= divisor {
                    remainder &-= divisor
                    quotient |= 1
                }
            }
        }
        if remainder >= divisor - remainder {
            let (rounded, overflow) = quotient.addingReportingOverflow(1)
            return overflow ? nil : rounded
        }
        return quotient
    }

    /// The value rounded half-up (ties away from zero) to at most `scale` fractional digits:
    /// `2.345 → 2.35`, `-2.345 → -2.35`. A scale at or above the current one returns the value
    /// unchanged; a negative scale is treated as 0.
    public func rounded(scale target: Int) -> CELDecimal {
        let newScale = max(target, 0)
        guard newScale < scale else { return self }
        let divisor = CELDecimal.powersOfTen[scale - newScale]
        let (quotient, remainder) = coefficient.magnitude.quotientAndRemainder(dividingBy: divisor)
        let magnitude = remainder >= divisor - remainder ? quotient + 1 : quotient
        // Dropping at least one digit leaves room for the carry, so this always fits.
        let value = Int128(magnitude)
        return CELDecimal(unchecked: coefficient < 0 ? -value : value, scale: newScale)
    }

    /// The value with exactly `scale` fractional digits: padded with zeros, or rounded half-up.
    /// Throws when the scale is outside 0…18 or padding overflows.
    public func rescaled(to target: Int) throws(ValueError) -> CELDecimal {
        try CELDecimal.checkScale(target)
        guard target > scale else { return rounded(scale: target) }
        guard let scaled = coefficient(atScale: target) else { throw CELDecimal.overflow }
        return try CELDecimal(magnitude: scaled.magnitude, negative: scaled < 0, scale: target)
    }

    /// The negation (cannot fail: the range is symmetric).
    public func negated() -> CELDecimal {
        CELDecimal(unchecked: -coefficient, scale: scale)
    }

    /// The exact sum; throws on overflow.
    public static func + (lhs: CELDecimal, rhs: CELDecimal) throws(ValueError) -> CELDecimal {
        try lhs.adding(rhs)
    }

    /// The exact difference; throws on overflow.
    public static func - (lhs: CELDecimal, rhs: CELDecimal) throws(ValueError) -> CELDecimal {
        try lhs.subtracting(rhs)
    }

    /// The product (see `multiplied(by:)`); throws on overflow.
    public static func * (lhs: CELDecimal, rhs: CELDecimal) throws(ValueError) -> CELDecimal {
        try lhs.multiplied(by: rhs)
    }

    /// The negation.
    public static prefix func - (operand: CELDecimal) -> CELDecimal {
        operand.negated()
    }

    // MARK: Comparison

    /// −1, 0 or 1 as `lhs` is less than, equal to, or greater than `rhs` by value.
    private static func compare(_ lhs: CELDecimal, _ rhs: CELDecimal) -> Int {
        if lhs.scale == rhs.scale {
            return lhs.coefficient < rhs.coefficient ? -1 : lhs.coefficient == rhs.coefficient ? 0 : 1
        }
        let lhsSign = lhs.sign
        let rhsSign = rhs.sign
        guard lhsSign == rhsSign else { return lhsSign < rhsSign ? -1 : 1 }
        guard lhsSign != 0 else { return 0 }
        // Same non-zero sign: scale the smaller-scale side up. If that overflows Int128 its magnitude
        // exceeds the other side's (< 10^38), so the sign alone decides.
        if lhs.scale < rhs.scale {
            guard let scaled = lhs.coefficient(atScale: rhs.scale) else { return lhsSign }
            return scaled < rhs.coefficient ? -1 : scaled == rhs.coefficient ? 0 : 1
        }
        guard let scaled = rhs.coefficient(atScale: lhs.scale) else { return -lhsSign }
        return lhs.coefficient < scaled ? -1 : lhs.coefficient == scaled ? 0 : 1
    }

    /// Equality by numeric value, whatever the scales (`312.4 == 312.40`).
    public static func == (lhs: CELDecimal, rhs: CELDecimal) -> Bool {
        compare(lhs, rhs) == 0
    }

    /// Ordering by numeric value.
    public static func < (lhs: CELDecimal, rhs: CELDecimal) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Hashes the value with trailing fractional zeros removed, so equal values hash equally.
    public func hash(into hasher: inout Hasher) {
        var reducedScale = scale
        if let small = Int64(exactly: coefficient) {
            var reduced = small
            while reducedScale > 0, reduced % 10 == 0 {
                reduced /= 10
                reducedScale -= 1
            }
            hasher.combine(Int128(reduced))
        } else {
            var reduced = coefficient
            while reducedScale > 0, reduced % 10 == 0 {
                reduced /= 10
                reducedScale -= 1
            }
            hasher.combine(reduced)
        }
        hasher.combine(reducedScale)
    }

    // MARK: Text

    /// Plain text with exactly `scale` fractional digits and never an exponent
    /// (`"312.40"`, `"-0.50"`, `"7"`).
    public var description: String {
        // Written on the stack, then copied: a `String` made with room for the longest text
        // would be a heap string even for `"312.40"`, which fits in a small one.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.maxTextLength) { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[..<write(into: buffer)]), as: UTF8.self)
        }
    }

    /// The most bytes ``write(into:)`` writes: a sign, 39 digits and a point.
    public static let maxTextLength = 41

    /// Writes ``description``'s text at the start of `buffer` (at least ``maxTextLength``
    /// bytes) and returns its length: how JSON output writes a decimal without a `String`.
    public func write(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let magnitude = coefficient.magnitude
        // Split into two 19-digit halves so digits come from cheap 64-bit division.
        let tenToThe19: UInt128 = 10_000_000_000_000_000_000
        let (upper, lower) = magnitude < tenToThe19
            ? (0, magnitude) : magnitude.quotientAndRemainder(dividingBy: tenToThe19)
        var high = UInt64(truncatingIfNeeded: upper)
        var low = UInt64(truncatingIfNeeded: lower)
        let digitCount = high == 0 ? ASCII.digitCount(low) : 19 + ASCII.digitCount(high)
        let written = max(digitCount, scale + 1)
        let negative = coefficient < 0
        let length = (negative ? 1 : 0) + written + (scale > 0 ? 1 : 0)
        var position = length - 1
        for index in 0..<written {
            if index == scale, scale > 0 {
                buffer[position] = UInt8(ascii: ".")
                position -= 1
            }
            if index < 19 {
                buffer[position] = ASCII.digit(low % 10)
                low /= 10
            } else {
                buffer[position] = ASCII.digit(high % 10)
                high /= 10
            }
            position -= 1
        }
        if negative { buffer[0] = UInt8(ascii: "-") }
        return length
    }
}
