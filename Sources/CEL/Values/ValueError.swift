/// An error raised while parsing or computing a CEL value (decimal, date, timestamp, duration, time zone).
///
/// Messages are lowercase, carry no final period, and quote user text in backticks,
/// e.g. "invalid decimal `abc`".
public struct ValueError: Error, Sendable, Equatable {
    /// The human-readable description of the failure.
    public var message: String

    /// Creates an error with the given message.
    public init(_ message: String) {
        self.message = message
    }
}

/// Runs `body` over the UTF-8 bytes of `text`, without copying when the string is native.
@inline(__always)
func withUTF8Bytes<R>(
    _ text: some StringProtocol,
    _ body: (UnsafeBufferPointer<UInt8>) throws(ValueError) -> R
) throws(ValueError) -> R {
    let contiguous: Result<R, ValueError>? = text.utf8.withContiguousStorageIfAvailable { bytes in
        Result { () throws(ValueError) -> R in try body(bytes) }
    }
    if let contiguous {
        return try contiguous.get()
    }
    let copy = Array(text.utf8)
    return try copy.withUnsafeBufferPointer { bytes in
        Result { () throws(ValueError) -> R in try body(bytes) }
    }.get()
}

/// Helpers that write ASCII digits into a string buffer being initialized.
enum ASCII {
    /// The byte for the digit `value` (0…9).
    @inline(__always)
    static func digit(_ value: some BinaryInteger) -> UInt8 {
        UInt8(truncatingIfNeeded: value) &+ 0x30
    }

    /// Writes `value` zero-padded to `width` digits at `index`, returning the index after it.
    /// Values wider than `width` are written in full.
    @inline(__always)
    static func write(
        _ value: Int, width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int
    ) -> Int {
        // The fields of dates and times: two or four digits, written without counting them.
        if width == 2, value >= 0, value < 100 {
            buffer[index] = digit(value / 10)
            buffer[index + 1] = digit(value % 10)
            return index + 2
        }
        if width == 4, value >= 0, value < 10_000 {
            buffer[index] = digit(value / 1000)
            buffer[index + 1] = digit(value / 100 % 10)
            buffer[index + 2] = digit(value / 10 % 10)
            buffer[index + 3] = digit(value % 10)
            return index + 4
        }
        var count = 1
        var probe = value / 10
        while probe > 0 {
            count += 1
            probe /= 10
        }
        count = max(count, width)
        var rest = value
        var position = index + count - 1
        while position >= index {
            buffer[position] = digit(rest % 10)
            rest /= 10
            position -= 1
        }
        return index + count
    }

    /// The number of decimal digits of `value` (1 for 0).
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        var count = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        return count
    }

    /// Writes the fraction `nanos` (1…999,999,999) with exactly `digits` digits (≤ 9) after a dot.
    @inline(__always)
    static func writeFraction(
        _ nanos: Int, digits: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int
    ) -> Int {
        buffer[index] = UInt8(ascii: ".")
        var divisor = 100_000_000
        for offset in 0..<digits {
            buffer[index + 1 + offset] = digit(nanos / divisor % 10)
            divisor /= 10
        }
        return index + 1 + digits
    }

    /// Parses `count` ASCII digits starting at `index`, or returns nil when any byte is not a digit.
    @inline(__always)
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, count: Int) -> Int? {
        guard index >= 0, count > 0, index + count <= bytes.count else { return nil }
        var value = 0
        for position in index..<(index + count) {
            let byte = bytes[position] &- 0x30
            guard byte < 10 else { return nil }
            value = value * 10 + Int(byte)
        }
        return value
    }
}
