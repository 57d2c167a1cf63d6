import CEL
#if canImport(Glibc)
import Glibc
#endif

/// Reads inputs (file descriptors, one after the other) and cuts them into batches of
/// snapshots, in bounded memory.
///
/// Each input is sniffed on its own, after a UTF-8 byte order mark at its start is skipped.
/// NDJSON is the normal case. When the input's first non-blank byte is `[`, or it is `{` on a
/// line that is not a JSON value by itself and starts a value that is (a pretty-printed
/// object), the input is JSON documents: ``DocumentCutter`` cuts out their snapshots as it
/// reads (an array's elements, other values themselves), each handed on as a line is, so
/// that a document of any size takes bounded memory and the same fast path. An input whose
/// first line is `{` but whose first value does not parse is read as NDJSON (each line then
/// has its error). A break in a document's structure is one ``InputLine/Kind/broken(_:)``
/// line, and the rest of that input is read and dropped, not evaluated.
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
    /// Cuts the current input's snapshots when it holds JSON documents (nil for NDJSON).
    private var cutter: DocumentCutter?
    /// The number of the next line or document snapshot.
    private var nextNumber = 1
    /// The most bytes the buffer has held: memory stays bounded by the line limit and a chunk,
    /// whatever the input (tests check it).
    private(set) var peakBufferedBytes = 0
    /// Set when reading failed (the output is then incomplete: an I/O error).
    private(set) var readFailed = false
    static let chunk = 1 << 20

    init(inputs: [Int32], maxLineBytes: Int = StreamEvaluator.maxLineBytes, lineOffset: Int? = nil) {
        self.inputs = inputs
        self.maxLineBytes = maxLineBytes
        self.sniffsInputs = lineOffset == nil
        self.nextNumber = (lineOffset ?? 0) + 1
    }

    /// The next batch of at most `maxLines` snapshots, or nil at the end: NDJSON lines and
    /// documents' snapshots, each with its bytes in the batch's buffer.
    mutating func nextBatch(maxLines: Int) -> BatchWork? {
        var out: [UInt8] = []
        var lines: [InputLine] = []
        while lines.count < maxLines {
            switch nextCut() {
            case .end:
                return lines.isEmpty ? nil : BatchWork(buffer: out, lines: lines)
            case .tooLong(let number):
                lines.append(InputLine(range: out.count..<out.count, number: number, kind: .tooLong))
            case .snapshotTooLong(let number):
                lines.append(InputLine(range: out.count..<out.count, number: number, kind: .snapshotTooLong))
            case .broken(let number, let message):
                lines.append(InputLine(range: out.count..<out.count, number: number, kind: .broken(message)))
            case .line(let bytes, let number):
                let start = out.count
                out.append(contentsOf: bytes)
                lines.append(InputLine(range: start..<out.count, number: number, kind: .line))
            case .element(let bytes, let number, let position):
                let start = out.count
                out.append(contentsOf: bytes)
                lines.append(InputLine(range: start..<out.count, number: number, kind: .element(position)))
            }
        }
        return BatchWork(buffer: out, lines: lines)
    }

    /// What the reader found next.
    private enum Cut {
        /// A non-blank line without its line break, and its number.
        case line(ArraySlice<UInt8>, Int)
        /// A line over the limit, and its number.
        case tooLong(Int)
        /// A document's snapshot over the limit, and its number.
        case snapshotTooLong(Int)
        /// A document's snapshot, its number and where it starts in its input.
        case element(ArraySlice<UInt8>, Int, DocumentCutter.Position)
        /// A break in a document's structure: its number and what is wrong.
        case broken(Int, String)
        /// Every input has been read.
        case end
    }

    /// The next NDJSON line or document snapshot, going on to the next input at the end of one.
    private mutating func nextCut() -> Cut {
        while true {
            if cutter != nil {
                guard let cut = nextElement() else { continue }
                return cut
            }
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
                continue
            }
            fill()
        }
    }

    /// The current document's next snapshot, or nil when the input has ended (the cutter is
    /// then gone and the caller goes on to the next input).
    private mutating func nextElement() -> Cut? {
        guard var cutter else { return nil }
        while true {
            let step = buffer.withUnsafeBufferPointer { cutter.next($0, ended: inputEnded, limit: maxLineBytes) }
            switch step {
            case .value(let range, let position):
                self.cutter = cutter
                consumed = cutter.scan
                nextNumber += 1
                return .element(buffer[range], nextNumber - 1, position)
            case .tooLong:
                self.cutter = cutter
                consumed = cutter.scan
                nextNumber += 1
                return .snapshotTooLong(nextNumber - 1)
            case .broken(let message):
                skipRestOfInput()
                nextNumber += 1
                return .broken(nextNumber - 1, message)
            case .end:
                skipRestOfInput()
                return nil
            case .needMore:
                consumed = cutter.needed
                fill(keeping: &cutter)
            }
        }
    }

    /// Leaves the current document: its remaining bytes are read and dropped (so that a
    /// writer into a pipe is not cut off), and its cutter is gone.
    private mutating func skipRestOfInput() {
        while true {
            buffer.removeAll(keepingCapacity: true)
            consumed = 0
            searched = 0
            if inputEnded { break }
            fill()
        }
        cutter = nil
    }

    /// ``fill()`` for a cutter indexing the buffer: tells it what was dropped.
    private mutating func fill(keeping cutter: inout DocumentCutter) {
        let dropped = consumed
        fill()
        cutter.dropFirst(dropped)
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
        peakBufferedBytes = max(peakBufferedBytes, buffer.count)
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

    /// Makes the current input's snapshots come from a ``DocumentCutter`` when it starts like
    /// JSON documents (see the type's comment). Looks no further than the line limit for the
    /// end of the first line, and than the limit for the end of a first value.
    private mutating func sniff() {
        func isBlank(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }
        while true {
            if let first = buffer[consumed...].firstIndex(where: { !isBlank($0) }) {
                if buffer[first] == UInt8(ascii: "[") {
                    cutter = DocumentCutter(at: consumed)
                    return
                }
                guard buffer[first] == UInt8(ascii: "{") else { return }
                if let end = buffer[first...].firstIndex(of: UInt8(ascii: "\n")) {
                    if (try? JSONReader().read(Array(buffer[first..<end]))) != nil { return }
                    if firstValueParses() { cutter = DocumentCutter(at: consumed) }
                    return
                }
            }
            if inputEnded || buffer.count - consumed > maxLineBytes + 1 { return }
            fill()
        }
    }

    /// Whether the current input starts with one JSON value (within the limit) that parses:
    /// a pretty-printed object rather than NDJSON with a broken first line. Reads on as far
    /// as the value's end; what was read stays in the buffer, from `consumed`.
    private mutating func firstValueParses() -> Bool {
        var trial = DocumentCutter(at: consumed)
        while true {
            let step = buffer.withUnsafeBufferPointer { trial.next($0, ended: inputEnded, limit: maxLineBytes) }
            switch step {
            case .value(let range, _):
                return buffer.withUnsafeBytes { (try? JSONReader().read(UnsafeRawBufferPointer(rebasing: $0[range]))) != nil }
            case .needMore where !trial.discarding:
                fill(keeping: &trial)
            default:
                return false
            }
        }
    }
}

/// One snapshot's text cut from the input: an NDJSON line or a document's snapshot.
struct InputLine {
    /// What was cut.
    enum Kind: Equatable {
        /// An NDJSON line.
        case line
        /// A snapshot of a JSON document, starting at this place in its input.
        case element(DocumentCutter.Position)
        /// A line longer than the limit; its bytes were discarded unread.
        case tooLong
        /// A document's snapshot longer than the limit, discarded likewise.
        case snapshotTooLong
        /// A break in a document's structure, with the message saying where; no bytes.
        case broken(String)
    }

    /// The bytes in the batch's buffer, without a line break (empty when too long or broken).
    let range: Range<Int>
    /// Its number (see ``LineSource``).
    let number: Int
    let kind: Kind

    /// Whether the text was longer than the limit.
    var tooLong: Bool { kind == .tooLong || kind == .snapshotTooLong }
}
