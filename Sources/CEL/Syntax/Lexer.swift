/// Splits the text of a CEL expression into tokens located by UTF-8 offsets.
///
/// The lexer never stops at the first problem: it reports a diagnostic, skips the bad
/// text and goes on, up to `maxDiagnostics` diagnostics.
struct Lexer {
    /// The UTF-8 text being read.
    let bytes: [UInt8]
    /// The offset of the next byte to read.
    var position = 0
    /// Problems found so far.
    private(set) var diagnostics: [Diagnostic] = []
    /// How many diagnostics to collect before giving up.
    let maxDiagnostics: Int

    /// Creates a lexer over `text`.
    init(_ text: String, maxDiagnostics: Int = 20) {
        bytes = Array(text.utf8)
        self.maxDiagnostics = maxDiagnostics
    }

    /// Reads every token; the last one is always ``TokenKind/endOfInput``.
    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while diagnostics.count < maxDiagnostics, let token = nextToken() {
            tokens.append(token)
        }
        tokens.append(Token(kind: .endOfInput, range: bytes.count..<bytes.count))
        return tokens
    }

    /// Records a problem.
    mutating func report(_ message: ParseMessage, _ range: Range<Int>) {
        if diagnostics.count < maxDiagnostics { diagnostics.append(message.diagnostic(at: range)) }
    }

    /// The byte `ahead` positions after the current one, or `nil` past the end.
    func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    /// The source text of `range`.
    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Reads the next token after whitespace and comments, or `nil` at the end.
    private mutating func nextToken() -> Token? {
        while let byte = peek() {
            let start = position
            if byte.isCELWhitespace {
                position += 1
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while let next = peek(), next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") { position += 1 }
            } else if byte.isCELIdentifierStart {
                return word()
            } else if byte.isCELDigit || (byte == UInt8(ascii: ".") && peek(1)?.isCELDigit == true) {
                return number()
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                return stringLiteral(start: start, raw: false, bytes: false)
            } else if byte == UInt8(ascii: "`") {
                return quotedIdentifier()
            } else if let kind = punctuation() {
                return Token(kind: kind, range: start..<position)
            } else {
                position += scalarLength(at: start)
                report(.unexpectedCharacter(displayCharacter(start..<position)), start..<position)
            }
        }
        return nil
    }

    /// Reads an identifier, keyword, or a string or bytes literal with its prefix.
    private mutating func word() -> Token {
        let start = position
        while let byte = peek(), byte.isCELIdentifierPart { position += 1 }
        if let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            switch text(start..<position) {
            case "r", "R": return stringLiteral(start: start, raw: true, bytes: false)
            case "b", "B": return stringLiteral(start: start, raw: false, bytes: true)
            case "br", "bR", "Br", "BR": return stringLiteral(start: start, raw: true, bytes: true)
            default: break
            }
        }
        let kind: TokenKind
        switch text(start..<position) {
        case "true": kind = .trueKeyword
        case "false": kind = .falseKeyword
        case "null": kind = .nullKeyword
        case "in": kind = .inKeyword
        case let name: kind = .identifier(name)
        }
        return Token(kind: kind, range: start..<position)
    }

    /// Reads an int, uint or double literal.
    private mutating func number() -> Token {
        let start = position
        var kind: TokenKind
        if peek() == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x"), peek(2)?.celHexValue != nil {
            position += 2
            var value: UInt64? = 0
            while let digit = peek()?.celHexValue {
                value = value.flatMap { accumulate($0, base: 16, digit: digit) }
                position += 1
            }
            kind = .int(value)
        } else {
            var value: UInt64? = 0
            while let byte = peek(), byte.isCELDigit {
                value = value.flatMap { accumulate($0, base: 10, digit: byte - UInt8(ascii: "0")) }
                position += 1
            }
            var isDouble = false
            if peek() == UInt8(ascii: "."), peek(1)?.isCELDigit == true {
                isDouble = true
                position += 1
                while let byte = peek(), byte.isCELDigit { position += 1 }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") ? 1 : 0
                if peek(1 + sign)?.isCELDigit == true {
                    isDouble = true
                    position += 1 + sign
                    while let byte = peek(), byte.isCELDigit { position += 1 }
                }
            }
            kind = isDouble ? .double(0) : .int(value)
        }
        if case .int(let value) = kind, peek() == UInt8(ascii: "u") || peek() == UInt8(ascii: "U") {
            position += 1
            kind = .uint(value)
        }
        if let byte = peek(), byte.isCELIdentifierPart {
            while let byte = peek(), byte.isCELIdentifierPart || byte == UInt8(ascii: ".") { position += 1 }
            report(.invalidNumber(text(start..<position)), start..<position)
        } else if case .double = kind {
            let literal = text(start..<position)
            let double = Double(literal) ?? .infinity
            if !double.isFinite { report(.doubleOverflow(literal), start..<position) }
            kind = .double(double)
        }
        return Token(kind: kind, range: start..<position)
    }

    /// Reads a field name quoted in backticks, such as `` `content-type` ``; it may hold
    /// letters, digits, `_`, `.`, `-`, `/` and spaces.
    private mutating func quotedIdentifier() -> Token {
        let start = position
        position += 1
        var invalid: Int?
        while let byte = peek(), byte != UInt8(ascii: "`"), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
            let allowed = byte.isCELIdentifierPart || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ")
            if !allowed, invalid == nil { invalid = position }
            position += scalarLength(at: position)
        }
        guard peek() == UInt8(ascii: "`") else {
            report(.unterminatedString(delimiter: "`"), start..<position)
            return Token(kind: .quotedIdentifier(""), range: start..<position)
        }
        position += 1
        if let invalid {
            let range = invalid..<(invalid + scalarLength(at: invalid))
            report(.unexpectedCharacter(displayCharacter(range)), range)
        } else if position == start + 2 {
            report(.unexpectedCharacter("`"), start + 1..<position)
        }
        return Token(kind: .quotedIdentifier(text(start + 1..<position - 1)), range: start..<position)
    }

    /// `value * base + digit`, or `nil` on overflow.
    private func accumulate(_ value: UInt64, base: UInt64, digit: UInt8) -> UInt64? {
        let (product, overflow) = value.multipliedReportingOverflow(by: base)
        let (sum, carry) = product.addingReportingOverflow(UInt64(digit))
        return overflow || carry ? nil : sum
    }

    /// Reads an operator or punctuation mark, or returns `nil` without moving.
    private mutating func punctuation() -> TokenKind? {
        guard let byte = peek() else { return nil }
        let second = peek(1)
        let pair: TokenKind?
        switch (byte, second) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")): pair = .equalEqual
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): pair = .bangEqual
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): pair = .lessEqual
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): pair = .greaterEqual
        case (UInt8(ascii: "&"), UInt8(ascii: "&")): pair = .ampAmp
        case (UInt8(ascii: "|"), UInt8(ascii: "|")): pair = .pipePipe
        default: pair = nil
        }
        if let pair {
            position += 2
            return pair
        }
        let single: TokenKind
        switch byte {
        case UInt8(ascii: "("): single = .leftParen
        case UInt8(ascii: ")"): single = .rightParen
        case UInt8(ascii: "["): single = .leftBracket
        case UInt8(ascii: "]"): single = .rightBracket
        case UInt8(ascii: "{"): single = .leftBrace
        case UInt8(ascii: "}"): single = .rightBrace
        case UInt8(ascii: "."): single = .dot
        case UInt8(ascii: ","): single = .comma
        case UInt8(ascii: ":"): single = .colon
        case UInt8(ascii: "?"): single = .question
        case UInt8(ascii: "+"): single = .plus
        case UInt8(ascii: "-"): single = .minus
        case UInt8(ascii: "*"): single = .star
        case UInt8(ascii: "/"): single = .slash
        case UInt8(ascii: "%"): single = .percent
        case UInt8(ascii: "!"): single = .bang
        case UInt8(ascii: "<"): single = .less
        case UInt8(ascii: ">"): single = .greater
        default: return nil
        }
        position += 1
        return single
    }

    /// The character of `range` for messages, as `U+0007` when it is invisible.
    private func displayCharacter(_ range: Range<Int>) -> String {
        let character = text(range)
        guard let scalar = character.unicodeScalars.first,
              scalar.properties.generalCategory == .control || scalar.properties.isWhitespace
        else { return character }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The number of UTF-8 bytes of the scalar starting at `offset`.
    func scalarLength(at offset: Int) -> Int {
        let lead = bytes[offset]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        return min(length, bytes.count - offset)
    }
}
