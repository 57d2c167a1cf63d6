/// Base64 (RFC 4648, standard alphabet) for bytes values in JSON, written by hand so the CEL
/// library needs no Foundation.
enum Base64 {
    /// The 64 digits in order.
    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    /// Appends the padded encoding of `data` to `output`.
    static func encode(_ data: [UInt8], into output: inout [UInt8]) {
        let digits = alphabet.utf8Start
        output.reserveCapacity(output.count + (data.count + 2) / 3 * 4)
        var position = 0
        while position + 3 <= data.count {
            let group = UInt32(data[position]) << 16 | UInt32(data[position + 1]) << 8 | UInt32(data[position + 2])
            output.append(digits[Int(group >> 18)])
            output.append(digits[Int(group >> 12 & 0x3F)])
            output.append(digits[Int(group >> 6 & 0x3F)])
            output.append(digits[Int(group & 0x3F)])
            position += 3
        }
        let rest = data.count - position
        guard rest > 0 else { return }
        let first = UInt32(data[position]) << 16
        let group = rest == 2 ? first | UInt32(data[position + 1]) << 8 : first
        output.append(digits[Int(group >> 18)])
        output.append(digits[Int(group >> 12 & 0x3F)])
        output.append(rest == 2 ? digits[Int(group >> 6 & 0x3F)] : UInt8(ascii: "="))
        output.append(UInt8(ascii: "="))
    }

    /// Decodes `text` (standard alphabet; the final `=` padding may be omitted), or returns nil
    /// for any other character, misplaced padding, a dangling digit, or non-zero unused bits.
    static func decode(_ text: String) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        if utf8.count % 4 == 0, utf8.last == UInt8(ascii: "=") {
            utf8.removeLast()
            if utf8.last == UInt8(ascii: "=") { utf8.removeLast() }
        }
        guard utf8.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count * 3 / 4)
        var group: UInt32 = 0
        for (position, byte) in utf8.enumerated() {
            guard let digit = value(of: byte) else { return nil }
            group = group << 6 | digit
            if position % 4 == 3 {
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
            }
        }
        switch utf8.count % 4 {
        case 2:
            guard group & 0xF == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            guard group & 0x3 == 0 else { return nil }
            output.append(UInt8(truncatingIfNeeded: group >> 10))
            output.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return output
    }

    /// The value of one base64 digit, or nil.
    private static func value(of byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(byte - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
