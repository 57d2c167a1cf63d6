import CEL
#if canImport(Glibc)
import Glibc
#endif

/// Reads inputs (file descriptors, one after the other) and cuts them into batches of
/// lines, in bounded memory.
///
/// NDJSON is the normal case. When the input starts with `[`, or its first line is not a
/// JSON value by itself (a pretty-printed object), the whole input is read and parsed as one
/// JSON document: an array gives one snapshot per element, an object one snapshot.
struct LineSource {
    let inputs: [Int32]
    private var inputIndex = 0
    private var buffer: [UInt8] = []
    private var consumed = 0
    private var atEOF = false
    private var modeChosen = false
    private var documentValues: [Value]?
    /// Set when reading failed (the output is then incomplete: an I/O error).
    private(set) var readFailed = false
    static let chunk = 1 << 20

    init(inputs: [Int32]) {
        self.inputs = inputs
    }

    /// The next batch of at most `maxLines` snapshots, or nil at the end.
    mutating func nextBatch(maxLines: Int, startLine: Int) -> BatchWork? {
        if !modeChosen { chooseMode() }
        if var values = documentValues {
            guard !values.isEmpty else { return nil }
            let take = Array(values.prefix(maxLines))
            values.removeFirst(take.count)
            documentValues = values
            return .values(take, firstLine: startLine)
        }
        var lines: [Range<Int>] = []
        var out: [UInt8] = []
        while lines.count < maxLines {
            guard let line = nextLine() else { break }
            let start = out.count
            out.append(contentsOf: line)
            lines.append(start..<out.count)
        }
        return lines.isEmpty ? nil : .lines(buffer: out, lines: lines, firstLine: startLine)
    }

    /// The next non-blank line without its line break.
    private mutating func nextLine() -> ArraySlice<UInt8>? {
        while true {
            if let newline = newlineIndex(from: consumed) {
                var line = buffer[consumed..<newline]
                consumed = newline + 1
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                if line.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
                return line
            }
            if atEOF {
                guard consumed < buffer.count else { return nil }
                let line = buffer[consumed...]
                consumed = buffer.count
                if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { return nil }
                return line
            }
            fill()
        }
    }

    /// The index of the first line break at or after `start`, found with `memchr` (the
    /// generic `firstIndex(of:)` compares one byte at a time).
    private func newlineIndex(from start: Int) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            guard start < bytes.count, let base = bytes.baseAddress,
                  let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Reads one more chunk, compacting consumed bytes first.
    private mutating func fill() {
        if consumed > 0 {
            buffer.removeFirst(consumed)
            consumed = 0
        }
        while inputIndex < inputs.count {
            let before = buffer.count
            buffer.reserveCapacity(before + Self.chunk)
            var count = 0
            let scratch = [UInt8](unsafeUninitializedCapacity: Self.chunk) { ptr, initialized in
                var n: Int
                repeat { n = read(inputs[inputIndex], ptr.baseAddress, Self.chunk) } while n < 0 && errno == EINTR
                count = n
                initialized = max(0, n)
            }
            if count < 0 { readFailed = true }
            if count <= 0 {
                inputIndex += 1
                // A file that does not end with a newline still ends its last line.
                if let last = buffer.last, last != UInt8(ascii: "\n") { buffer.append(UInt8(ascii: "\n")) }
                continue
            }
            buffer.append(contentsOf: scratch)
            return
        }
        atEOF = true
    }

    /// Decides between NDJSON and one whole document by looking at the first line.
    private mutating func chooseMode() {
        modeChosen = true
        while !atEOF, newlineIndex(from: consumed) == nil { fill() }
        let rest = buffer[consumed...]
        guard let firstByte = rest.first(where: { !($0 == 32 || $0 == 9 || $0 == 10 || $0 == 13) }) else { return }
        let firstLineEnd = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
        let firstLine = Array(buffer[consumed..<firstLineEnd])
        let firstLineParses = (try? JSONReader().read(firstLine)) != nil
        guard firstByte == UInt8(ascii: "[") || !firstLineParses else { return }
        while !atEOF { fill() }
        guard let whole = try? JSONReader().read(Array(buffer[consumed...])) else { return }
        switch whole {
        case .list(let items): documentValues = items
        case .map: documentValues = [whole]
        default: return
        }
        consumed = buffer.count
    }
}
