/// The text of one expression, with its lines indexed for position look-ups.
///
/// Offsets are UTF-8 byte offsets into ``text``. A ``Source`` may remember where the
/// expression stands inside a larger file (``baseLine``, ``baseColumn``) so that positions
/// of an expression embedded in YAML are reported in file coordinates.
public struct Source: Sendable {
    /// The expression text.
    public let text: String
    /// A name for messages, such as a file path or `<expr>`.
    public let name: String
    /// UTF-8 offsets at which each line starts; the first is 0.
    public let lineStarts: [Int]

    /// Creates a source for `text`.
    public init(_ text: String, name: String = "<expr>") {
        self.text = text
        self.name = name
        // Scanned in place: iterating `text.utf8.enumerated()` cost some 70 instructions a
        // byte, 3 % of `policyctl check`.
        var text = text
        lineStarts = text.withUTF8 { bytes in
            var starts = [0]
            for offset in bytes.indices where bytes[offset] == UInt8(ascii: "\n") { starts.append(offset + 1) }
            return starts
        }
    }

    /// The 0-based line holding UTF-8 offset `offset` (clamped to the text).
    public func lineIndex(of offset: Int) -> Int {
        let clamped = max(0, min(offset, text.utf8.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The 1-based line and column (counted in Unicode scalars) of a UTF-8 offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, text.utf8.count))
        let low = lineIndex(of: clamped)
        let start = lineStarts[low]
        let utf8 = Array(text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: start)...]
            .prefix(clamped - start))
        let column = String(decoding: utf8, as: UTF8.self).unicodeScalars.count + 1
        return (low + 1, column)
    }

    /// The text of a 1-based line, without its line break.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        // Read in place: copying the text's bytes out on every call made locating each node
        // of a policy file cost as much as reading the whole file (a third of `check`).
        var text = self.text
        return text.withUTF8 { bytes in
            let start = lineStarts[number - 1]
            var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<max(start, end)]), as: UTF8.self)
        }
    }
}

/// The source positions of a parsed expression's nodes.
public struct SourceInfo: Sendable {
    /// The text the nodes were parsed from.
    public let source: Source
    /// UTF-8 offset of each node, indexed by ``ExprID``; `-1` where unknown.
    public private(set) var offsets: [Int]

    /// Creates an empty table for `source`.
    public init(source: Source) {
        self.source = source
        offsets = []
    }

    /// Records the offset of node `id`.
    public mutating func record(_ id: ExprID, offset: Int) {
        if id >= offsets.count { offsets.append(contentsOf: repeatElement(-1, count: id - offsets.count + 1)) }
        offsets[id] = offset
    }

    /// The UTF-8 offset of node `id`, or 0 when unknown.
    public func offset(of id: ExprID) -> Int {
        id >= 0 && id < offsets.count && offsets[id] >= 0 ? offsets[id] : 0
    }
}
