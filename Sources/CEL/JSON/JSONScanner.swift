/// The reading position in one UTF-8 JSON text, and the token primitives that read from it:
/// whitespace, literals, numbers (kept exact) and strings (unescaped and validated).
///
/// ``JSONReader`` builds generic values with them; a host that knows the shape of its documents
/// can read tokens straight into its own types by the same rules. Each primitive starts at
/// ``index`` and leaves it just after its token. A problem is thrown as a ``JSONScanError`` —
/// what and where, with no text until asked — so a host that falls back to ``JSONReader`` on
/// any problem pays nothing for messages it drops. The hot primitives are inlinable, so such a
/// host's loop compiles into one piece with them.
public struct JSONScanner {
    /// The input; nil only when it is empty.
    @usableFromInline let bytes: UnsafePointer<UInt8>?
    /// The number of input bytes.
    @usableFromInline let count: Int
    /// The longest string accepted, in UTF-8 bytes after unescaping.
    @usableFromInline let maxStringBytes: Int
    /// Where the next token starts (a byte offset in the input).
    public var index = 0
    /// Reused buffer for strings with escapes.
    @usableFromInline var scratch: [UInt8] = []

    /// A scanner at the start of `bytes` (UTF-8) that accepts strings of up to `maxStringBytes`.
    public init(_ bytes: UnsafeRawBufferPointer, maxStringBytes: Int) {
        self.bytes = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        count = self.bytes == nil ? 0 : bytes.count
        self.maxStringBytes = maxStringBytes
    }

    /// The byte at `position`; callers check `position < count` first (which implies `bytes != nil`).
    @inlinable
    subscript(position: Int) -> UInt8 {
        bytes.unsafelyUnwrapped[position]
    }

    /// The byte at ``index``, or nil at the end of the input.
    @inlinable @inline(__always)
    public var current: UInt8? {
        index < count ? self[index] : nil
    }

    /// Steps over `byte` when it is the current one; returns whether it was.
    @inlinable @inline(__always)
    public mutating func skip(_ byte: UInt8) -> Bool {
        guard index < count, self[index] == byte else { return false }
        index += 1
        return true
    }

    /// Steps over the string at ``index`` when it has exactly `length` bytes between its quotes
    /// and `isKnown` says those bytes are a text the caller knows; returns whether it did. Known
    /// texts must need no escaping (no `"`, `\` or control characters; valid UTF-8), so that
    /// ``readString()`` would give exactly them: this only saves looking for the string's end.
    @inlinable @inline(__always)
    public mutating func skipString(length: Int, if isKnown: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        let end = index &+ length &+ 1
        guard length <= maxStringBytes, end < count, self[index] == UInt8(ascii: "\""), self[end] == UInt8(ascii: "\""),
              isKnown(UnsafeBufferPointer(start: bytes.unsafelyUnwrapped + index + 1, count: length))
        else { return false }
        index = end + 1
        return true
    }

    /// Steps over spaces, tabs, carriage returns and line feeds.
    @inlinable @inline(__always)
    public mutating func skipWhitespace() {
        while index < count {
            let byte = self[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// Reads `literal` (`true`, `false` or `null`).
    public mutating func readLiteral(_ literal: StaticString) throws(JSONScanError) {
        let length = literal.utf8CodeUnitCount
        guard index + length <= count else { throw JSONScanError(.invalidLiteral(literal), at: index) }
        let expected = literal.utf8Start
        for offset in 0..<length where self[index + offset] != expected[offset] {
            throw JSONScanError(.invalidLiteral(literal), at: index)
        }
        index += length
    }

    // MARK: Numbers

    /// Whether `byte` starts a number (`-` or a digit).
    @inlinable
    public static func startsNumber(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte &- UInt8(ascii: "0") < 10
    }

    /// Reads the number starting at ``index`` (see ``startsNumber(_:)``), keeping its exact value: an
    /// integer literal that fits `Int64` is `.int` (`-0` is `.int(0)`); any other number is
    /// `.decimal` when ``CELDecimal`` can hold it exactly, else `.double`.
    public mutating func readNumber() throws(JSONScanError) -> Value {
        let start = index
        var position = index
        let negative = self[position] == JSONByte.minus
        if negative { position += 1 }
        // The digits read so far, as an integer (exact while `digitCount` ≤ 19).
        var magnitude: UInt64 = 0
        var digitCount = 0
        guard position < count, self[position] &- JSONByte.zero < 10 else {
            throw JSONScanError(.expectedDigitAfterMinus, at: position)
        }
        if self[position] == JSONByte.zero {
            position += 1
            if position < count, self[position] &- JSONByte.zero < 10 {
                throw JSONScanError(.leadingZeros, at: start)
            }
            digitCount = 1
        } else {
            while position < count, case let digit = self[position] &- JSONByte.zero, digit < 10 {
                magnitude = magnitude &* 10 &+ UInt64(digit)
                digitCount += 1
                position += 1
            }
        }
        var fractionDigits = 0
        if position < count, self[position] == JSONByte.dot {
            position += 1
            while position < count, case let digit = self[position] &- JSONByte.zero, digit < 10 {
                magnitude = magnitude &* 10 &+ UInt64(digit)
                fractionDigits += 1
                position += 1
            }
            guard fractionDigits > 0 else { throw JSONScanError(.expectedFractionDigit, at: position) }
            digitCount += fractionDigits
        }
        var hasExponent = false
        if position < count, self[position] | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            position += 1
            if position < count, self[position] == JSONByte.minus || self[position] == JSONByte.plus { position += 1 }
            var exponentDigits = 0
            while position < count, self[position] &- JSONByte.zero < 10 {
                exponentDigits += 1
                position += 1
            }
            guard exponentDigits > 0 else { throw JSONScanError(.expectedExponentDigit, at: position) }
        }
        index = position
        if !hasExponent, digitCount <= 19 {
            if fractionDigits == 0 {
                if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
                if negative, magnitude <= Int64.min.magnitude { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
            } else if fractionDigits <= CELDecimal.maxScale,
                let decimal = try? CELDecimal(
                    coefficient: negative ? -Int128(magnitude) : Int128(magnitude), scale: fractionDigits)
            {
                return .decimal(decimal)
            }
        }
        let text = UnsafeBufferPointer(start: bytes.unsafelyUnwrapped + start, count: position - start)
        if let decimal = try? CELDecimal(parsing: text) { return .decimal(decimal) }
        let written = String(decoding: text, as: UTF8.self)
        guard let double = Double(written) else { throw JSONScanError(.numberOutOfRange(written), at: start) }
        return .double(double)
    }

    // MARK: Strings

    /// Whether any byte of `word` (8 input bytes, first byte lowest) is `"`, `\`, a control
    /// character or non-ASCII; returns a mask whose lowest set bit marks the first such byte.
    @inlinable
    static func specialBytes(_ word: UInt64) -> UInt64 {
        escapedBytes(word) | (word & 0x8080_8080_8080_8080)
    }

    /// Whether any byte of `word` (8 bytes, first byte lowest) is `"`, `\` or a control
    /// character, which a JSON string must escape; returns a mask whose lowest set bit marks
    /// the first such byte (bits above it may be set spuriously).
    @inlinable
    static func escapedBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let isQuote = (quotes &- ones) & ~quotes
        let isBackslash = (backslashes &- ones) & ~backslashes
        let isControl = (word &- ones &* 0x20) & ~word
        return (isQuote | isBackslash | isControl) & 0x8080_8080_8080_8080
    }

    /// Reads the string whose opening quote is at ``index`` into a `String`.
    public mutating func readString() throws(JSONScanError) -> String {
        try readString { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads the string whose opening quote is at ``index`` and returns what `body` makes of
    /// its unescaped, validated UTF-8 bytes (which are only valid during the call).
    @inlinable @inline(__always)
    public mutating func readString<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) throws(JSONScanError) -> Result {
        let start = index + 1
        var position = start
        let base = bytes.unsafelyUnwrapped
        // Fast path: no escapes, so the string is a slice of the input.
        while true {
            while position &+ 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                let special = JSONScanner.specialBytes(word)
                if special != 0 {
                    position += special.trailingZeroBitCount >> 3
                    break
                }
                position += 8
            }
            guard position < count else { throw JSONScanError(.unterminatedString, at: index) }
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                let length = position - start
                guard length <= maxStringBytes else { throw JSONScanError(.stringTooLong(limit: maxStringBytes), at: index) }
                index = position + 1
                return body(UnsafeBufferPointer(start: base + start, count: length))
            } else if byte == UInt8(ascii: "\\") {
                break
            } else if byte < 0x20 {
                throw JSONScanError(.controlCharacter(byte), at: position)
            } else if byte >= 0x80 {
                position = try validateUTF8(at: position)
            } else {
                position += 1
            }
        }
        try unescape(from: start, at: position)
        return scratch.withUnsafeBufferPointer(body)
    }

    /// Reads the rest of the string that starts at `start` (after the opening quote at ``index``)
    /// from its first escape at `position` into the scratch buffer, unescaped, and steps over it.
    @usableFromInline
    mutating func unescape(from start: Int, at position: Int) throws(JSONScanError) {
        let base = bytes.unsafelyUnwrapped
        var position = position
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: position - start))
        while true {
            guard position < count else { throw JSONScanError(.unterminatedString, at: index) }
            let byte = base[position]
            if byte == JSONByte.quote {
                break
            } else if byte == JSONByte.backslash {
                position = try readEscape(at: position)
            } else if byte < 0x20 {
                throw JSONScanError(.controlCharacter(byte), at: position)
            } else if byte >= 0x80 {
                let next = try validateUTF8(at: position)
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + position, count: next - position))
                position = next
            } else {
                var end = position + 1
                while end < count, case let next = base[end], next >= 0x20, next < 0x80,
                    next != JSONByte.quote, next != JSONByte.backslash
                {
                    end += 1
                }
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + position, count: end - position))
                position = end
            }
            if scratch.count > maxStringBytes { throw JSONScanError(.stringTooLong(limit: maxStringBytes), at: index) }
        }
        index = position + 1
    }

    /// Reads the escape whose backslash is at `position` into the scratch buffer; returns the
    /// position after it.
    private mutating func readEscape(at position: Int) throws(JSONScanError) -> Int {
        guard position + 1 < count else { throw JSONScanError(.unterminatedString, at: index) }
        let unescaped: UInt8
        switch self[position + 1] {
        case JSONByte.quote: unescaped = JSONByte.quote
        case JSONByte.backslash: unescaped = JSONByte.backslash
        case UInt8(ascii: "/"): unescaped = UInt8(ascii: "/")
        case UInt8(ascii: "b"): unescaped = 0x08
        case UInt8(ascii: "f"): unescaped = 0x0C
        case UInt8(ascii: "n"): unescaped = 0x0A
        case UInt8(ascii: "r"): unescaped = 0x0D
        case UInt8(ascii: "t"): unescaped = 0x09
        case UInt8(ascii: "u"):
            return try readUnicodeEscape(at: position)
        case let other:
            throw JSONScanError(.invalidEscape(other), at: position)
        }
        scratch.append(unescaped)
        return position + 2
    }

    /// The value of the four hex digits at `position`, or nil.
    private func hex4(at position: Int) -> UInt32? {
        guard position + 4 <= count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = self[position + offset]
            let digit: UInt8
            switch byte {
            case JSONByte.zero...UInt8(ascii: "9"): digit = byte &- JSONByte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Reads `\uXXXX` (or a `\uXXXX\uXXXX` surrogate pair) at `position` into the scratch buffer as
    /// UTF-8; returns the position after it.
    private mutating func readUnicodeEscape(at position: Int) throws(JSONScanError) -> Int {
        guard let unit = hex4(at: position + 2) else {
            throw JSONScanError(.invalidUnicodeEscape, at: position)
        }
        var scalar = unit
        var end = position + 6
        if unit >= 0xD800, unit <= 0xDFFF {
            guard unit < 0xDC00, end + 1 < count, self[end] == JSONByte.backslash, self[end + 1] == UInt8(ascii: "u"),
                let low = hex4(at: end + 2), low >= 0xDC00, low <= 0xDFFF
            else {
                let text = String(decoding: UnsafeBufferPointer(start: bytes.unsafelyUnwrapped + position, count: 6), as: UTF8.self)
                throw JSONScanError(.loneSurrogate(text), at: position)
            }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            end += 6
        }
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
        return end
    }

    /// Checks the well-formed UTF-8 sequence (RFC 3629: no overlongs, surrogates, or scalars above
    /// U+10FFFF) whose lead byte (≥ 0x80) is at `position`; returns the position after it.
    @inlinable
    func validateUTF8(at position: Int) throws(JSONScanError) -> Int {
        let lead = self[position]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw JSONScanError(.invalidUTF8(lead: lead), at: position)
        }
        guard position + length <= count else { throw JSONScanError(.invalidUTF8(lead: lead), at: position) }
        let second = self[position + 1]
        guard second >= low, second <= high else { throw JSONScanError(.invalidUTF8(lead: lead), at: position) }
        for offset in 2..<length where self[position + offset] & 0xC0 != 0x80 {
            throw JSONScanError(.invalidUTF8(lead: lead), at: position)
        }
        return position + length
    }
}
