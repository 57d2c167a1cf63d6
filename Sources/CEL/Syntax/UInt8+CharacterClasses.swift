/// The character classes of CEL's lexical grammar, on UTF-8 bytes.
extension UInt8 {
    /// `[\t\n\f\r ]`, the whitespace of CEL.
    var isCELWhitespace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0C || self == 0x0D
    }

    /// `[0-9]`.
    var isCELDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    /// `[_a-zA-Z]`.
    var isCELIdentifierStart: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z")) || self == UInt8(ascii: "_")
    }

    /// `[_a-zA-Z0-9]`.
    var isCELIdentifierPart: Bool { isCELIdentifierStart || isCELDigit }

    /// The value of a hexadecimal digit, or `nil`.
    var celHexValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return self - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The value of an octal digit, or `nil`.
    var celOctalValue: UInt8? {
        self >= UInt8(ascii: "0") && self <= UInt8(ascii: "7") ? self - UInt8(ascii: "0") : nil
    }
}
