import CEL

/// How LSP positions count characters within a line: UTF-16 code units (the protocol's
/// default, what every client supports) or UTF-8 bytes (offered by some clients).
public enum PositionEncoding: String, Sendable {
    case utf16 = "utf-16"
    case utf8 = "utf-8"

    /// The first encoding in the client's list of preference that the server supports;
    /// UTF-16 when the client names none (LSP 3.17 `general.positionEncodings`).
    static func negotiate(_ offered: [String]?) -> PositionEncoding {
        for name in offered ?? [] {
            if let encoding = PositionEncoding(rawValue: name) { return encoding }
        }
        return .utf16
    }
}

/// An LSP position: a 0-based line and a 0-based character in the line, in the negotiated
/// ``PositionEncoding``.
public struct Position: Sendable, Equatable {
    /// 0-based line.
    public var line: Int
    /// 0-based character in the line, in the negotiated encoding.
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

/// The conversion between the tool's positions (UTF-8 offsets into a file, which every
/// diagnostic keeps) and LSP positions, for one text.
struct LineIndex {
    let source: Source
    let bytes: [UInt8]
    /// UTF-8 offsets at which each line starts, as ``Source`` counts lines (`\n` ends one).
    var lineStarts: [Int] { source.lineStarts }
    let encoding: PositionEncoding

    init(_ source: Source, encoding: PositionEncoding) {
        self.source = source
        bytes = Array(source.text.utf8)
        self.encoding = encoding
    }

    /// The position of UTF-8 offset `offset` (clamped to the text).
    func position(of offset: Int) -> Position {
        let clamped = max(0, min(offset, bytes.count))
        let low = source.lineIndex(of: clamped)
        let start = lineStarts[low]
        switch encoding {
        case .utf8:
            return Position(line: low, character: clamped - start)
        case .utf16:
            let prefix = String(decoding: bytes[start..<clamped], as: UTF8.self)
            return Position(line: low, character: prefix.utf16.count)
        }
    }

    /// The UTF-8 offset of `position`; a character past the end of its line stands for the
    /// line's end, a line past the last for the end of the text.
    func offset(of position: Position) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        let start = lineStarts[position.line]
        var end = position.line + 1 < lineStarts.count ? lineStarts[position.line + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let wanted = max(0, position.character)
        switch encoding {
        case .utf8:
            var offset = min(start + wanted, end)
            // Never inside a character: back to the start of the one it falls in.
            while offset > start, offset < end, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
            return offset
        case .utf16:
            var units = 0
            var offset = start
            for scalar in String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars {
                let width = scalar.value > 0xFFFF ? 2 : 1
                if units + width > wanted { break }
                units += width
                offset += UTF8.width(scalar)
            }
            return offset
        }
    }
}
