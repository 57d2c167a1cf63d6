// LSP's base protocol is written by hand: no Swift package on this machine implements it
// (sourcekit-lsp's LanguageServerProtocol is not among them), and it is small — header
// lines, a blank line, `Content-Length` bytes of JSON.

/// Reads LSP base-protocol frames: `Content-Length: N` (other headers ignored), a blank line,
/// then N bytes. Memory stays bounded: a header block or a body over its limit is reported,
/// and such a body is read past without being kept.
public struct MessageReader {
    /// The longest header block accepted.
    public static let maxHeaderBytes = 8 << 10
    /// The largest message accepted (a document over it is refused with a protocol error).
    public static let maxMessageBytes = 8 << 20

    /// What the next frame was.
    public enum Frame: Equatable {
        /// A message body.
        case message([UInt8])
        /// A header block without a valid `Content-Length`, described.
        case malformedHeader(String)
        /// A body of this many bytes, over ``maxMessageBytes``; skipped.
        case tooLarge(Int)
    }

    let input: ByteInput
    let maxMessageBytes: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    public init(input: ByteInput, maxMessageBytes: Int = MessageReader.maxMessageBytes) {
        self.input = input
        self.maxMessageBytes = maxMessageBytes
    }

    /// The next frame, or nil at the end of the input (also in the middle of a frame).
    public mutating func next() -> Frame? {
        var length: Int?
        var problem: String?
        var headerBytes = 0
        var sawLine = false
        while true {
            guard let line = readLine(limit: Self.maxHeaderBytes - headerBytes) else {
                if atEnd && position >= buffer.count { return nil }
                problem = "the header block is longer than \(Self.maxHeaderBytes) bytes"
                skipToBlankLine()
                break
            }
            headerBytes += line.count + 1
            if line.isEmpty {
                // Blank lines before a header block (stray line breaks) are skipped.
                if !sawLine {
                    headerBytes = 0
                    continue
                }
                break
            }
            sawLine = true
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else {
                problem = "header line `\(text.prefix(40))` has no `:`"
                continue
            }
            let name = text[..<colon].trimmingSpaces.lowercased()
            let value = text[text.index(after: colon)...].trimmingSpaces
            if name == "content-length" {
                if let n = Int(value), n >= 0 { length = n } else { problem = "`Content-Length: \(value.prefix(40))` is not a byte count" }
            }
        }
        if let problem { return .malformedHeader(problem) }
        guard let length else { return .malformedHeader("the header block has no `Content-Length`") }
        if length > maxMessageBytes {
            guard skip(length) else { return nil }
            return .tooLarge(length)
        }
        guard let body = take(length) else { return nil }
        return .message(body)
    }

    /// One line without its `\n` (and `\r`), or nil at the end of the input or when the line
    /// is longer than `limit` (then what was read of it is consumed).
    private mutating func readLine(limit: Int) -> [UInt8]? {
        var scanned = position
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(buffer[position..<end])
                position = newline + 1
                return line.count <= limit ? line : nil
            }
            if buffer.count - position > limit {
                position = buffer.count
                return nil
            }
            guard fill() else { return nil }
            // `fill` moved the unread bytes to the front.
            scanned = position
        }
    }

    /// After an over-long header: reads on to the next blank line.
    private mutating func skipToBlankLine() {
        while true {
            if let newline = buffer[position...].firstIndex(of: UInt8(ascii: "\n")) {
                let empty = newline == position || (newline == position + 1 && buffer[position] == UInt8(ascii: "\r"))
                position = newline + 1
                if empty { return }
            } else {
                position = buffer.count
                guard fill() else { return }
            }
        }
    }

    private mutating func take(_ count: Int) -> [UInt8]? {
        while buffer.count - position < count {
            guard fill() else { return nil }
        }
        let body = Array(buffer[position..<(position + count)])
        position += count
        return body
    }

    /// Reads past `count` bytes without keeping them; false at the end of the input.
    private mutating func skip(_ count: Int) -> Bool {
        var remaining = count
        while remaining > 0 {
            if position >= buffer.count { guard fill() else { return false } }
            let step = min(remaining, buffer.count - position)
            position += step
            remaining -= step
        }
        return true
    }

    /// Reads more input into the buffer, first dropping what was consumed; false at the end.
    private mutating func fill() -> Bool {
        guard !atEnd else { return false }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let chunk = input.read(maxLength: 64 << 10)
        if chunk.isEmpty {
            atEnd = true
            return false
        }
        buffer.append(contentsOf: chunk)
        return true
    }
}

/// Writes LSP base-protocol frames.
public struct MessageWriter {
    let output: ByteOutput

    public init(output: ByteOutput) {
        self.output = output
    }

    /// Writes `body` with its `Content-Length` header.
    public func write(_ body: [UInt8]) throws {
        try output.write(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
