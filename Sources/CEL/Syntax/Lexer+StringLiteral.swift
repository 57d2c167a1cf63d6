extension Lexer {
    /// Reads a string or bytes literal whose prefix (if any) starts at `start` and whose
    /// opening quote is the current byte.
    mutating func stringLiteral(start: Int, raw: Bool, bytes isBytes: Bool) -> Token {
        guard let quote = peek() else { return Token(kind: .endOfInput, range: start..<position) }
        let triple = peek(1) == quote && peek(2) == quote
        position += triple ? 3 : 1
        let delimiter = String(repeating: Character(Unicode.Scalar(quote)), count: triple ? 3 : 1)
        var value: [UInt8] = []
        while true {
            guard let byte = peek() else {
                report(.unterminatedString(delimiter: delimiter), start..<position)
                break
            }
            if byte == quote, !triple || (peek(1) == quote && peek(2) == quote) {
                position += triple ? 3 : 1
                break
            }
            if !triple, byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                report(.unterminatedString(delimiter: delimiter), start..<position)
                break
            }
            if byte == UInt8(ascii: "\\"), !raw {
                escape(into: &value, bytes: isBytes)
            } else {
                value.append(byte)
                position += 1
            }
        }
        let kind: TokenKind = isBytes ? .bytes(value) : .string(String(decoding: value, as: UTF8.self))
        return Token(kind: kind, range: start..<position)
    }

    /// Reads the escape sequence at the current backslash and appends what it denotes: a
    /// code point's UTF-8 in strings, a byte value in bytes (for octal and `\x` escapes).
    private mutating func escape(into value: inout [UInt8], bytes isBytes: Bool) {
        let start = position
        position += 1
        guard let letter = peek() else { return }
        position += 1
        switch letter {
        case UInt8(ascii: "\\"), UInt8(ascii: "?"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
            value.append(letter)
        case UInt8(ascii: "a"): value.append(0x07)
        case UInt8(ascii: "b"): value.append(0x08)
        case UInt8(ascii: "f"): value.append(0x0C)
        case UInt8(ascii: "n"): value.append(0x0A)
        case UInt8(ascii: "r"): value.append(0x0D)
        case UInt8(ascii: "t"): value.append(0x09)
        case UInt8(ascii: "v"): value.append(0x0B)
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            guard let code = digits(count: 2, radix: 16, escapeStart: start) else { return }
            append(code, to: &value, bytes: isBytes)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            guard let code = digits(count: letter == UInt8(ascii: "u") ? 4 : 8, radix: 16, escapeStart: start)
            else { return }
            if isBytes {
                report(.unicodeEscapeInBytes(text(start..<position)), start..<position)
            } else if Unicode.Scalar(code) == nil {
                report(.invalidCodePoint(text(start..<position)), start..<position)
            } else {
                append(code, to: &value, bytes: false)
            }
        case UInt8(ascii: "0")...UInt8(ascii: "3"):
            position -= 1
            guard let code = digits(count: 3, radix: 8, escapeStart: start) else { return }
            append(code, to: &value, bytes: isBytes)
        case UInt8(ascii: "4")...UInt8(ascii: "7"):
            while position < start + 4, peek()?.celOctalValue != nil { position += 1 }
            report(.invalidEscape(text(start..<position)), start..<position)
        default:
            position = start + 1 + scalarLength(at: start + 1)
            report(.invalidEscape(text(start..<position)), start..<position)
        }
    }

    /// Reads exactly `count` digits of `radix`; reports the escape from `escapeStart` and
    /// returns `nil` when one is missing.
    private mutating func digits(count: Int, radix: UInt32, escapeStart: Int) -> UInt32? {
        var code: UInt32 = 0
        for _ in 0..<count {
            let digit = radix == 8 ? peek()?.celOctalValue : peek()?.celHexValue
            guard let digit else {
                report(.invalidEscape(text(escapeStart..<position)), escapeStart..<position)
                return nil
            }
            code = code * radix + UInt32(digit)
            position += 1
        }
        return code
    }

    /// Appends `code` as one byte (bytes literals) or as a code point's UTF-8 (strings).
    private func append(_ code: UInt32, to value: inout [UInt8], bytes isBytes: Bool) {
        if isBytes {
            value.append(UInt8(truncatingIfNeeded: code))
        } else if let scalar = Unicode.Scalar(code) {
            value.append(contentsOf: String(Character(scalar)).utf8)
        }
    }
}
