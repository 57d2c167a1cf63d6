/// What a ``JSONScanner`` primitive found wrong, and where. The text ``JSONReader`` reports is
/// built only when asked for (``message``).
public struct JSONScanError: Error {
    /// The kinds of problem, with what their messages quote.
    @usableFromInline
    enum Problem: Sendable {
        case unterminatedString
        case controlCharacter(UInt8)
        case stringTooLong(limit: Int)
        case invalidUTF8(lead: UInt8)
        /// A backslash followed by this byte.
        case invalidEscape(UInt8)
        case invalidUnicodeEscape
        /// The `\uXXXX` text of the surrogate.
        case loneSurrogate(String)
        /// The literal expected.
        case invalidLiteral(StaticString)
        case expectedDigitAfterMinus
        case leadingZeros
        case expectedFractionDigit
        case expectedExponentDigit
        /// The number's text.
        case numberOutOfRange(String)
    }

    @usableFromInline let problem: Problem
    /// The 0-based byte offset the problem is reported at.
    public let offset: Int

    @usableFromInline
    init(_ problem: Problem, at offset: Int) {
        self.problem = problem
        self.offset = offset
    }

    /// The problem in the house style (lowercase, no final period, document text in backticks).
    public var message: String {
        switch problem {
        case .unterminatedString:
            return "unterminated string"
        case .controlCharacter(let byte):
            let code = String(byte, radix: 16, uppercase: true)
            let padded = String(repeating: "0", count: 4 - code.count) + code
            return "unescaped control character U+\(padded) in string"
        case .stringTooLong(let limit):
            return "string longer than \(limit) bytes"
        case .invalidUTF8(let lead):
            return "invalid utf-8 sequence starting with byte \(JSONByte.hex(lead))"
        case .invalidEscape(let byte):
            let shown = byte > 0x20 && byte < 0x7F
                ? "`\\\(Character(Unicode.Scalar(byte)))`" : "`\\` before \(JSONByte.describe(byte))"
            return "invalid escape \(shown) in string"
        case .invalidUnicodeEscape:
            return "invalid unicode escape, expected 4 hex digits after `\\u`"
        case .loneSurrogate(let text):
            return "lone surrogate `\(text)` in string"
        case .invalidLiteral(let literal):
            return "invalid literal, expected `\(literal)`"
        case .expectedDigitAfterMinus:
            return "expected a digit after `-`"
        case .leadingZeros:
            return "leading zeros are not allowed in numbers"
        case .expectedFractionDigit:
            return "expected a digit after the decimal point"
        case .expectedExponentDigit:
            return "expected a digit in the exponent"
        case .numberOutOfRange(let text):
            return "number `\(text)` out of range"
        }
    }
}
