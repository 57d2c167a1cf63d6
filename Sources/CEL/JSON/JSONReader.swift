// A hand-written, strict RFC 8259 JSON reader that produces CEL `Value`s.
//
// Written by hand instead of using Foundation's JSONSerialization or JSONDecoder: those are too
// slow for policyctl's NDJSON throughput (hundreds of thousands of account snapshots per second)
// and they lose the exact text of numbers, while money must stay exact (`312.40` is read as a
// decimal with scale 2, never through a Double). The reader works on raw bytes with an index,
// keeps an explicit stack instead of recursing (deep nesting fails cleanly), and builds strings
// straight from validated UTF-8 slices.

/// Limits applied while reading a JSON document.
public struct JSONReaderOptions: Sendable {
    /// The deepest nesting of arrays and objects accepted; the outermost container is level 1.
    public var maxDepth = 256
    /// The longest string accepted, in UTF-8 bytes after unescaping.
    public var maxStringBytes = 8 << 20

    /// Options with the given limits (by default 256 levels and 8 MiB strings).
    public init(maxDepth: Int = 256, maxStringBytes: Int = 8 << 20) {
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }
}

/// Reads one JSON document (RFC 8259, strict) into a CEL ``Value``.
///
/// Objects become `.map` with string keys in document order (a duplicate key is an error),
/// arrays `.list`, strings `.string`, `true`/`false` `.bool`, `null` `.null`. Numbers keep their
/// exact text: an integer literal that fits `Int64` is `.int` (`-0` is `.int(0)`); any other number
/// (fraction, exponent, or too large) is `.decimal` when ``CELDecimal`` can hold it exactly, else
/// `.double`. Surrounding whitespace is allowed; anything else after the value is an error.
public struct JSONReader: Sendable {
    /// The limits this reader applies.
    public var options: JSONReaderOptions

    /// A reader with the given limits.
    public init(options: JSONReaderOptions = .init()) {
        self.options = options
    }

    /// Reads the document in `bytes` (UTF-8).
    public func read(_ bytes: UnsafeRawBufferPointer) throws(JSONReadError) -> Value {
        var parser = JSONParser(
            bytes: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
            count: bytes.count,
            options: options)
        return try parser.parseDocument()
    }

    /// Reads the document in `bytes` (UTF-8).
    public func read(_ bytes: [UInt8]) throws(JSONReadError) -> Value {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONReadError) -> Value in try read(buffer) }
        }.get()
    }

    /// Reads the document in `text`.
    public func read(_ text: String) throws(JSONReadError) -> Value {
        let contiguous = text.utf8.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONReadError) -> Value in try read(UnsafeRawBufferPointer(buffer)) }
        }
        return try (contiguous ?? Result { () throws(JSONReadError) -> Value in try read(Array(text.utf8)) }).get()
    }
}

/// An open array or object on the parser's stack.
private struct Frame {
    /// Where this container's values start on the value stack.
    let valueStart: Int
    /// Where this container's keys start on the key stack (objects only).
    let keyStart: Int
    /// Whether this is an object.
    let isObject: Bool
}

/// Which member of the innermost container an error's path names.
private enum PathEnd {
    /// None: the path is the innermost container's own.
    case container
    /// The member being read (the next array index, or the last key read).
    case pending
    /// The member just finished (the last array element, or the last key read).
    case completed
}

/// ASCII bytes the parser dispatches on.
private enum Byte {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let newline = UInt8(ascii: "\n")
}

/// The parsing state for one document: the input, the position, and explicit stacks of open
/// containers, their values and keys (no recursion, so nesting depth never threatens the stack).
private struct JSONParser {
    let bytes: UnsafePointer<UInt8>?
    let count: Int
    let maxDepth: Int
    let maxStringBytes: Int
    var index = 0
    var frames: [Frame] = []
    /// Finished values of all open containers, innermost last.
    var values: [Value] = []
    /// Keys of all open objects, parallel to their values.
    var keys: [String] = []
    /// The offset of each key on the key stack, for duplicate-key errors.
    var keyOffsets: [Int] = []
    /// Reused buffer for strings with escapes.
    var scratch: [UInt8] = []

    init(bytes: UnsafePointer<UInt8>?, count: Int, options: JSONReaderOptions) {
        self.bytes = bytes
        self.count = bytes == nil ? 0 : count
        maxDepth = options.maxDepth
        maxStringBytes = options.maxStringBytes
    }

    /// The byte at `position`; callers check `position < count` first (which implies `bytes != nil`).
    @inline(__always)
    subscript(position: Int) -> UInt8 {
        bytes.unsafelyUnwrapped[position]
    }

    // MARK: Structure

    mutating func parseDocument() throws(JSONReadError) -> Value {
        values.reserveCapacity(64)
        skipWhitespace()
        parsing: while true {
            guard index < count else {
                throw failure("unexpected end of input, expected a value", at: index, .pending)
            }
            var value: Value
            switch self[index] {
            case Byte.quote:
                value = .string(try readString())
            case Byte.openBrace:
                try open(isObject: true)
                if index < count, self[index] == Byte.closeBrace {
                    index += 1
                    frames.removeLast()
                    value = .map(MapValue())
                } else {
                    try readKey(afterComma: false)
                    continue parsing
                }
            case Byte.openBracket:
                try open(isObject: false)
                if index < count, self[index] == Byte.closeBracket {
                    index += 1
                    frames.removeLast()
                    value = .list([])
                } else {
                    continue parsing
                }
            case Byte.minus, Byte.zero...UInt8(ascii: "9"):
                value = try readNumber()
            case UInt8(ascii: "t"):
                try readLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try readLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try readLiteral("null")
                value = .null
            case let byte:
                throw failure("unexpected \(describe(byte)), expected a value", at: index, .pending)
            }
            // Hand the finished value to its container, closing every container that ends here.
            while let frame = frames.last {
                values.append(value)
                skipWhitespace()
                let closer = frame.isObject ? Byte.closeBrace : Byte.closeBracket
                guard index < count, self[index] == Byte.comma || self[index] == closer else {
                    let expected = frame.isObject
                        ? "`,` or `}` after an object member" : "`,` or `]` after an array element"
                    let prefix = index < count ? "" : "unexpected end of input, "
                    throw failure(prefix + "expected " + expected, at: index, .completed)
                }
                let separator = self[index]
                index += 1
                skipWhitespace()
                if separator == Byte.comma {
                    if frame.isObject { try readKey(afterComma: true) }
                    continue parsing
                }
                value = frame.isObject ? .map(try closeObject(frame)) : .list(closeArray(frame))
                frames.removeLast()
            }
            skipWhitespace()
            guard index == count else {
                throw failure("unexpected trailing characters after the JSON value", at: index, .container)
            }
            return value
        }
    }

    /// Opens a container at `index` (its `{` or `[`), checking the depth limit.
    private mutating func open(isObject: Bool) throws(JSONReadError) {
        guard frames.count < maxDepth else {
            throw failure("nesting deeper than \(maxDepth) levels", at: index, .pending)
        }
        frames.append(Frame(valueStart: values.count, keyStart: keys.count, isObject: isObject))
        index += 1
        skipWhitespace()
    }

    /// Reads `"key" :` and the whitespace after it.
    private mutating func readKey(afterComma: Bool) throws(JSONReadError) {
        guard index < count, self[index] == Byte.quote else {
            let expected = afterComma ? "expected a string key" : "expected a string key or `}`"
            let prefix = index < count ? "" : "unexpected end of input, "
            throw failure(prefix + expected, at: index, .container)
        }
        let offset = index
        let key = try readString()
        keys.append(key)
        keyOffsets.append(offset)
        skipWhitespace()
        guard index < count, self[index] == Byte.colon else {
            throw failure("expected `:` after an object key", at: index, .pending)
        }
        index += 1
        skipWhitespace()
    }

    /// Pops the innermost object's members into a map; throws at the first duplicate key.
    private mutating func closeObject(_ frame: Frame) throws(JSONReadError) -> MapValue {
        let memberCount = keys.count - frame.keyStart
        var map = MapValue(minimumCapacity: memberCount)
        for member in 0..<memberCount {
            let key = keys[frame.keyStart + member]
            guard map.insert(.string(key), values[frame.valueStart + member]) else {
                var error = failure(
                    "duplicate key `\(key)`", at: keyOffsets[frame.keyStart + member], .container)
                appendPathKey(key, to: &error.path)
                throw error
            }
        }
        keys.removeLast(memberCount)
        keyOffsets.removeLast(memberCount)
        values.removeLast(memberCount)
        return map
    }

    /// Pops the innermost array's elements, moving them rather than copying.
    private mutating func closeArray(_ frame: Frame) -> [Value] {
        let elementCount = values.count - frame.valueStart
        let elements = values.withUnsafeMutableBufferPointer { stack in
            [Value](unsafeUninitializedCapacity: elementCount) { buffer, initialized in
                guard let target = buffer.baseAddress, let source = stack.baseAddress else { return }
                target.moveInitialize(from: source + frame.valueStart, count: elementCount)
                // Leave trivially destroyed placeholders behind for `removeLast`.
                (source + frame.valueStart).initialize(repeating: .null, count: elementCount)
                initialized = elementCount
            }
        }
        values.removeLast(elementCount)
        return elements
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < count {
            let byte = self[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// Reads `literal` (`true`, `false` or `null`) at `index`.
    private mutating func readLiteral(_ literal: StaticString) throws(JSONReadError) {
        let length = literal.utf8CodeUnitCount
        guard index + length <= count else {
            throw failure("invalid literal, expected `\(literal)`", at: index, .pending)
        }
        let expected = literal.utf8Start
        for offset in 0..<length where self[index + offset] != expected[offset] {
            throw failure("invalid literal, expected `\(literal)`", at: index, .pending)
        }
        index += length
    }

    // MARK: Numbers

    /// Reads a number at `index`, keeping its exact value (see ``JSONReader``).
    private mutating func readNumber() throws(JSONReadError) -> Value {
        let start = index
        var position = index
        let negative = self[position] == Byte.minus
        if negative { position += 1 }
        // The digits read so far, as an integer (exact while `digitCount` ≤ 19).
        var magnitude: UInt64 = 0
        var digitCount = 0
        guard position < count, self[position] &- Byte.zero < 10 else {
            throw failure("expected a digit after `-`", at: position, .pending)
        }
        if self[position] == Byte.zero {
            position += 1
            if position < count, self[position] &- Byte.zero < 10 {
                throw failure("leading zeros are not allowed in numbers", at: start, .pending)
            }
            digitCount = 1
        } else {
            while position < count, case let digit = self[position] &- Byte.zero, digit < 10 {
                magnitude = magnitude &* 10 &+ UInt64(digit)
                digitCount += 1
                position += 1
            }
        }
        var fractionDigits = 0
        if position < count, self[position] == Byte.dot {
            position += 1
            while position < count, case let digit = self[position] &- Byte.zero, digit < 10 {
                magnitude = magnitude &* 10 &+ UInt64(digit)
                fractionDigits += 1
                position += 1
            }
            guard fractionDigits > 0 else {
                throw failure("expected a digit after the decimal point", at: position, .pending)
            }
            digitCount += fractionDigits
        }
        var hasExponent = false
        if position < count, self[position] | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            position += 1
            if position < count, self[position] == Byte.minus || self[position] == Byte.plus { position += 1 }
            var exponentDigits = 0
            while position < count, self[position] &- Byte.zero < 10 {
                exponentDigits += 1
                position += 1
            }
            guard exponentDigits > 0 else {
                throw failure("expected a digit in the exponent", at: position, .pending)
            }
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
        let text = String(decoding: UnsafeBufferPointer(start: bytes.unsafelyUnwrapped + start, count: position - start), as: UTF8.self)
        if let decimal = try? CELDecimal(parsing: text) { return .decimal(decimal) }
        guard let double = Double(text) else {
            throw failure("number `\(text)` out of range", at: start, .pending)
        }
        return .double(double)
    }

    // MARK: Strings

    /// Whether any byte of `word` (8 input bytes, first byte lowest) is `"`, `\`, a control
    /// character or non-ASCII; returns a mask whose lowest set bit marks the first such byte.
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* UInt64(Byte.quote))
        let backslashes = word ^ (ones &* UInt64(Byte.backslash))
        let isQuote = (quotes &- ones) & ~quotes
        let isBackslash = (backslashes &- ones) & ~backslashes
        let isControl = (word &- ones &* 0x20) & ~word
        return (isQuote | isBackslash | isControl | word) & highs
    }

    /// Reads a string whose opening quote is at `index`.
    private mutating func readString() throws(JSONReadError) -> String {
        let start = index + 1
        var position = start
        let base = bytes.unsafelyUnwrapped
        // Fast path: no escapes, so the string is a slice of the input.
        while true {
            while position &+ 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                let special = JSONParser.specialBytes(word)
                if special != 0 {
                    position += special.trailingZeroBitCount >> 3
                    break
                }
                position += 8
            }
            guard position < count else { throw failure("unterminated string", at: index, .pending) }
            let byte = base[position]
            if byte == Byte.quote {
                let length = position - start
                guard length <= maxStringBytes else { throw tooLong(at: index) }
                index = position + 1
                return String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
            } else if byte == Byte.backslash {
                break
            } else if byte < 0x20 {
                throw controlCharacter(byte, at: position)
            } else if byte >= 0x80 {
                position = try validateUTF8(at: position)
            } else {
                position += 1
            }
        }
        // Slow path: unescape into the scratch buffer.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base + start, count: position - start))
        while true {
            guard position < count else { throw failure("unterminated string", at: index, .pending) }
            let byte = base[position]
            if byte == Byte.quote {
                break
            } else if byte == Byte.backslash {
                position = try readEscape(at: position)
            } else if byte < 0x20 {
                throw controlCharacter(byte, at: position)
            } else if byte >= 0x80 {
                let next = try validateUTF8(at: position)
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + position, count: next - position))
                position = next
            } else {
                var end = position + 1
                while end < count, case let next = base[end], next >= 0x20, next < 0x80,
                    next != Byte.quote, next != Byte.backslash
                {
                    end += 1
                }
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + position, count: end - position))
                position = end
            }
            if scratch.count > maxStringBytes { throw tooLong(at: index) }
        }
        index = position + 1
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Reads the escape whose backslash is at `position` into the scratch buffer; returns the
    /// position after it.
    private mutating func readEscape(at position: Int) throws(JSONReadError) -> Int {
        guard position + 1 < count else { throw failure("unterminated string", at: index, .pending) }
        let unescaped: UInt8
        switch self[position + 1] {
        case Byte.quote: unescaped = Byte.quote
        case Byte.backslash: unescaped = Byte.backslash
        case UInt8(ascii: "/"): unescaped = UInt8(ascii: "/")
        case UInt8(ascii: "b"): unescaped = 0x08
        case UInt8(ascii: "f"): unescaped = 0x0C
        case UInt8(ascii: "n"): unescaped = 0x0A
        case UInt8(ascii: "r"): unescaped = 0x0D
        case UInt8(ascii: "t"): unescaped = 0x09
        case UInt8(ascii: "u"):
            return try readUnicodeEscape(at: position)
        case let other:
            let shown = other > 0x20 && other < 0x7F ? "`\\\(Character(Unicode.Scalar(other)))`" : "`\\` before \(describe(other))"
            throw failure("invalid escape \(shown) in string", at: position, .pending)
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
            case Byte.zero...UInt8(ascii: "9"): digit = byte &- Byte.zero
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
    private mutating func readUnicodeEscape(at position: Int) throws(JSONReadError) -> Int {
        guard let unit = hex4(at: position + 2) else {
            throw failure("invalid unicode escape, expected 4 hex digits after `\\u`", at: position, .pending)
        }
        var scalar = unit
        var end = position + 6
        if unit >= 0xD800, unit <= 0xDFFF {
            guard unit < 0xDC00, end + 1 < count, self[end] == Byte.backslash, self[end + 1] == UInt8(ascii: "u"),
                let low = hex4(at: end + 2), low >= 0xDC00, low <= 0xDFFF
            else {
                let text = String(decoding: UnsafeBufferPointer(start: bytes.unsafelyUnwrapped + position, count: 6), as: UTF8.self)
                throw failure("lone surrogate `\(text)` in string", at: position, .pending)
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
    @inline(__always)
    private func validateUTF8(at position: Int) throws(JSONReadError) -> Int {
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
        default: throw invalidUTF8(at: position)
        }
        guard position + length <= count else { throw invalidUTF8(at: position) }
        let second = self[position + 1]
        guard second >= low, second <= high else { throw invalidUTF8(at: position) }
        for offset in 2..<length where self[position + offset] & 0xC0 != 0x80 {
            throw invalidUTF8(at: position)
        }
        return position + length
    }

    // MARK: Errors

    private func invalidUTF8(at position: Int) -> JSONReadError {
        failure("invalid utf-8 sequence starting with byte \(hexByte(self[position]))", at: position, .pending)
    }

    private func controlCharacter(_ byte: UInt8, at position: Int) -> JSONReadError {
        let code = String(byte, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: 4 - code.count) + code
        return failure("unescaped control character U+\(padded) in string", at: position, .pending)
    }

    private func tooLong(at position: Int) -> JSONReadError {
        failure("string longer than \(maxStringBytes) bytes", at: position, .pending)
    }

    /// An error at `offset` with its line, column and path.
    private func failure(_ message: String, at offset: Int, _ end: PathEnd) -> JSONReadError {
        var line = 1
        var lineStart = 0
        for position in 0..<min(offset, count) where self[position] == Byte.newline {
            line += 1
            lineStart = position + 1
        }
        return JSONReadError(
            message: message, offset: offset, line: line, column: offset - lineStart + 1, path: path(end))
    }

    /// The JSON path of the open containers' current members.
    private func path(_ end: PathEnd) -> String {
        var path = ""
        for level in frames.indices {
            let frame = frames[level]
            let innermost = level == frames.count - 1
            if innermost, end == .container { break }
            if frame.isObject {
                let keyEnd = innermost ? keys.count : frames[level + 1].keyStart
                guard keyEnd > frame.keyStart else { break }
                appendPathKey(keys[keyEnd - 1], to: &path)
            } else {
                let valueEnd = innermost ? values.count : frames[level + 1].valueStart
                let position = valueEnd - frame.valueStart - (innermost && end == .completed ? 1 : 0)
                path += "[\(position)]"
            }
        }
        return path
    }

    /// Appends `.key` for identifier-like keys (no dot at the root), else `["key"]`.
    private func appendPathKey(_ key: String, to path: inout String) {
        var isIdentifier = !key.isEmpty
        for (offset, byte) in key.utf8.enumerated() {
            let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
            let digit = byte &- Byte.zero < 10
            if !(letter || (digit && offset > 0)) {
                isIdentifier = false
                break
            }
        }
        if isIdentifier {
            path += path.isEmpty ? key : "." + key
        } else {
            var writer = JSONWriter(capacity: key.utf8.count + 2)
            writer.string(key)
            path += "[" + writer.text + "]"
        }
    }

    /// A byte for a message: printable ASCII in backticks, else its hex value.
    private func describe(_ byte: UInt8) -> String {
        byte > 0x20 && byte < 0x7F ? "`\(Character(Unicode.Scalar(byte)))`" : "byte \(hexByte(byte))"
    }

    private func hexByte(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0x0" + digits : "0x" + digits
    }
}
