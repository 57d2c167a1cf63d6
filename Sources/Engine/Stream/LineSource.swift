import CEL
#if canImport(Glibc)
import Glibc
#endif

/// Reads inputs (file descriptors, one after the other) and cuts them into batches of
/// snapshots, in bounded memory.
///
/// Each input is sniffed on its own, after a UTF-8 byte order mark at its start is skipped.
/// NDJSON is the normal case. When the input's first non-blank byte is `[`, or it is `{` on a
/// line that is not a JSON value by itself (a pretty-printed object), the whole input is read
/// and parsed as one JSON document: an array gives one snapshot per element, an object one
/// snapshot. A document that does not parse is read as NDJSON (each line then has its error).
///
/// Numbers (the output's `line`) run on across inputs: an NDJSON line has its physical line
/// number, blank lines (spaces, tabs, a `\r`) counted though they give no snapshot, and each
/// input's last line ended even without a line break; the snapshots of a document take one
/// number each, in order.
///
/// A line longer than `maxLineBytes` is discarded as it is read, up to its line break, and
/// comes as a ``InputLine/tooLong`` line: memory stays bounded by the limit and one chunk.
///
/// With a `lineOffset`, the inputs are the lines after line `lineOffset` of an NDJSON file
/// (a part cut out of it, such as a Spark partition): numbers start at `lineOffset + 1`, and
/// every input is read as NDJSON, with no byte order mark skipped and no document sniffed,
/// since a part's first line is not a file's start.
struct LineSource {
    let inputs: [Int32]
    /// The longest line that is kept (without its line break).
    let maxLineBytes: Int
    /// Whether inputs are sniffed (a byte order mark, a JSON document) at their start.
    let sniffsInputs: Bool
    /// The input being read (-1 before the first).
    private var inputIndex = -1
    /// The current input's bytes not yet cut start at `consumed`.
    private var buffer: [UInt8] = []
    private var consumed = 0
    /// Bytes of `buffer` before this index hold no line break (so a search need not see them again).
    private var searched = 0
    /// Whether the current input has been read to its end.
    private var inputEnded = true
    /// Whether the current line is over the limit: its bytes are dropped as they come.
    private var discarding = false
    /// The snapshots of the current input when it is one JSON document, not yet handed out.
    private var document: ArraySlice<Value> = []
    /// The number of the next line or document snapshot.
    private var nextNumber = 1
    /// Set when reading failed (the output is then incomplete: an I/O error).
    private(set) var readFailed = false
    static let chunk = 1 << 20

    init(inputs: [Int32], maxLineBytes: Int = StreamEvaluator.maxLineBytes, lineOffset: Int? = nil) {
        self.inputs = inputs
        self.maxLineBytes = maxLineBytes
        self.sniffsInputs = lineOffset == nil
        self.nextNumber = (lineOffset ?? 0) + 1
    }

    /// The next batch of at most `maxLines` snapshots, or nil at the end. A batch holds the
    /// lines of NDJSON inputs, or the snapshots of one document.
    mutating func nextBatch(maxLines: Int) -> BatchWork? {
        var out: [UInt8] = []
        var lines: [InputLine] = []
        while lines.count < maxLines {
            if !document.isEmpty {
                guard lines.isEmpty else { break }
                let values = Array(document.prefix(maxLines))
                document = document.dropFirst(values.count)
                let first = nextNumber
                nextNumber += values.count
                return .values(values, firstLine: first)
            }
            switch nextLine() {
            case .end:
                return lines.isEmpty ? nil : .lines(buffer: out, lines: lines)
            case .document:
                continue
            case .tooLong(let number):
                lines.append(InputLine(range: out.count..<out.count, number: number, tooLong: true))
            case .line(let bytes, let number):
                let start = out.count
                out.append(contentsOf: bytes)
                lines.append(InputLine(range: start..<out.count, number: number, tooLong: false))
            }
        }
        return .lines(buffer: out, lines: lines)
    }

    /// What the reader found next.
    private enum Cut {
        /// A non-blank line without its line break, and its number.
        case line(ArraySlice<UInt8>, Int)
        /// A line over the limit, and its number.
        case tooLong(Int)
        /// An input that is one JSON document starts: its snapshots are in `document`.
        case document
        /// Every input has been read.
        case end
    }

    /// The next NDJSON line, going on to the next input at the end of one.
    private mutating func nextLine() -> Cut {
        while true {
            if let newline = newlineIndex() {
                let number = nextNumber
                nextNumber += 1
                var line = buffer[consumed..<newline]
                consumed = newline + 1
                if discarding {
                    discarding = false
                    return .tooLong(number)
                }
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                if line.count > maxLineBytes { return .tooLong(number) }
                if line.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
                return .line(line, number)
            }
            // Past the limit even with a `\r` dropped: this line is refused, whatever follows.
            if !discarding, buffer.count - consumed > maxLineBytes + 1 { discarding = true }
            if discarding {
                buffer.removeAll(keepingCapacity: true)
                consumed = 0
                searched = 0
            }
            if inputEnded {
                guard startNextInput() else { return .end }
                if !document.isEmpty { return .document }
                continue
            }
            fill()
        }
    }

    /// The index of the first line break at or after `consumed`, found with `memchr` (the
    /// generic `firstIndex(of:)` compares one byte at a time); bytes searched before are
    /// not searched again.
    private mutating func newlineIndex() -> Int? {
        let start = max(consumed, searched)
        let found = buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard start < bytes.count, let base = bytes.baseAddress,
                  let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        searched = found ?? buffer.count
        return found
    }

    /// Reads one more chunk of the current input, compacting consumed bytes first. At the
    /// input's end, a last line without a line break (or one being discarded) gets one.
    private mutating func fill() {
        if consumed > 0 {
            buffer.removeFirst(consumed)
            searched = max(0, searched - consumed)
            consumed = 0
        }
        var count = 0
        let scratch = [UInt8](unsafeUninitializedCapacity: Self.chunk) { ptr, initialized in
            var n: Int
            repeat { n = read(inputs[inputIndex], ptr.baseAddress, Self.chunk) } while n < 0 && errno == EINTR
            count = n
            initialized = max(0, n)
        }
        if count < 0 { readFailed = true }
        guard count > 0 else {
            inputEnded = true
            if discarding || buffer.last.map({ $0 != UInt8(ascii: "\n") }) == true { buffer.append(UInt8(ascii: "\n")) }
            return
        }
        buffer.append(contentsOf: scratch)
    }

    /// Moves to the next input, skips a byte order mark at its start and sniffs it; false
    /// when there is none.
    private mutating func startNextInput() -> Bool {
        inputIndex += 1
        guard inputIndex < inputs.count else { return false }
        buffer.removeAll(keepingCapacity: true)
        consumed = 0
        searched = 0
        inputEnded = false
        guard sniffsInputs else { return true }
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        while buffer.count < mark.count, !inputEnded { fill() }
        if buffer.starts(with: mark) { consumed = mark.count }
        sniff()
        return true
    }

    /// Reads the current input as one JSON document when it starts like one (see the type's
    /// comment). Looks no further than the line limit for the end of the first line.
    private mutating func sniff() {
        func isBlank(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
        while true {
            if let first = buffer[consumed...].firstIndex(where: { !isBlank($0) }) {
                if buffer[first] == UInt8(ascii: "[") { return readDocument() }
                guard buffer[first] == UInt8(ascii: "{") else { return }
                if let end = buffer[first...].firstIndex(of: UInt8(ascii: "\n")) {
                    if (try? JSONReader().read(Array(buffer[first..<end]))) != nil { return }
                    return readDocument()
                }
            }
            if inputEnded || buffer.count - consumed > maxLineBytes + 1 { return }
            fill()
        }
    }

    /// Reads the rest of the current input and parses it as one document: its snapshots go
    /// to `document`; when it is not an array or an object, it stays to be read as NDJSON.
    private mutating func readDocument() {
        while !inputEnded { fill() }
        let parsed = buffer.withUnsafeBytes { try? JSONReader().read(UnsafeRawBufferPointer(rebasing: $0[consumed...])) }
        guard let whole = parsed else { return }
        switch whole {
        case .list(let items): document = items[...]
        case .map: document = [whole]
        default: return
        }
        buffer.removeAll(keepingCapacity: false)
        consumed = 0
        searched = 0
    }
}

/// One line cut from NDJSON input.
struct InputLine {
    /// The line's bytes in its batch's buffer, without the line break (empty when too long).
    let range: Range<Int>
    /// Its physical line number (see ``LineSource``).
    let number: Int
    /// Whether the line was longer than the limit; its bytes were discarded unread.
    let tooLong: Bool
}
