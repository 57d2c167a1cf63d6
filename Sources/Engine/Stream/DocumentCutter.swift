/// Cuts the snapshots out of an input that holds JSON documents rather than NDJSON (see
/// ``LineSource``): a top-level array gives its elements, any other top-level value is one
/// snapshot itself, and values follow one another separated by whitespace (a pretty-printed
/// object, an array, or several objects as `jq .` prints them).
///
/// Only the structure is scanned (strings with their escapes, brackets), so that each
/// snapshot's text can be handed on as an NDJSON line is: to the fast decoder, or to the slow
/// path, which says what is wrong inside it. A document is therefore never held whole, and a
/// snapshot is never parsed twice. What the cutter itself reports is a break in the structure
/// around the snapshots (a missing `,`, the input ending inside an array or a value): after
/// it, no further snapshot can be told apart.
///
/// The cutter works on its reader's buffer by index and is resumable: when it needs more
/// bytes it says so, the reader appends them (dropping what was consumed, see
/// ``dropFirst(_:)``) and calls again.
struct DocumentCutter {
    /// A place in the input, for messages: 1-based line and byte column.
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    /// What comes next in the input.
    enum Step: Equatable {
        /// A snapshot's text: its range in the buffer and where it starts in the input.
        case value(Range<Int>, Position)
        /// A snapshot longer than the limit, discarded as it was read.
        case tooLong(Position)
        /// The structure is broken here (the message says where and how); nothing after it is
        /// cut.
        case broken(String)
        /// More bytes are needed.
        case needMore
        /// The input ended between values.
        case end
    }

    /// Where the cutter is in the structure between snapshots.
    private enum Place {
        /// At the top level: a `[` opens an array of snapshots, any other value is one.
        case top
        /// Just inside an array's `[`: an element or `]`.
        case arrayStart
        /// After an element: `,` or `]`.
        case afterElement
        /// After a `,`: an element.
        case afterComma
    }

    private var place = Place.top
    /// The index in the buffer of the next byte to look at.
    private(set) var scan: Int
    /// The line of `scan`, and the index in the buffer where that line starts (negative once
    /// its start has been dropped).
    private var line = 1
    private var lineStart: Int

    /// The value being cut, when one has started.
    private var inValue = false
    private var valueStart = 0
    private var valuePosition = Position(line: 1, column: 1)
    /// The brackets still open in the value, innermost last.
    private var openers: [UInt8] = []
    private var inString = false
    private var escaped = false
    /// Whether the value is a number or literal, which ends at a delimiter.
    private var isScalar = false
    /// Whether the value is over the limit: its bytes before `scan` may be dropped.
    private(set) var discarding = false

    /// A cutter starting at index `start` of the buffer, the start of the input's line 1.
    init(at start: Int) {
        scan = start
        lineStart = start
    }

    /// The index before which the buffer's bytes are no longer needed.
    var needed: Int { inValue && !discarding ? valueStart : scan }

    /// Tells the cutter that the reader dropped the buffer's first `count` bytes (all before
    /// ``needed``).
    mutating func dropFirst(_ count: Int) {
        scan -= count
        lineStart -= count
        valueStart -= count
    }

    /// The next step, looking at `bytes` (the reader's whole buffer); `ended` when no more
    /// bytes will come. A value of more than `limit` bytes is discarded.
    mutating func next(_ bytes: UnsafeBufferPointer<UInt8>, ended: Bool, limit: Int) -> Step {
        while true {
            if inValue {
                switch scanValue(bytes, ended: ended, limit: limit) {
                case .none: return .needMore
                case .some(.failure(let broken)): return .broken(broken.message)
                case .some(.success(let end)):
                    inValue = false
                    if place != .top { place = .afterElement }
                    if discarding {
                        discarding = false
                        return .tooLong(valuePosition)
                    }
                    return .value(valueStart..<end, valuePosition)
                }
            }
            skipWhitespace(bytes)
            guard scan < bytes.count else {
                guard ended else { return .needMore }
                return place == .top ? .end : .broken(message("the input ends inside an array (expected `]`)"))
            }
            let byte = bytes[scan]
            switch place {
            case .top:
                if byte == UInt8(ascii: "[") {
                    scan += 1
                    place = .arrayStart
                    continue
                }
            case .arrayStart:
                if byte == UInt8(ascii: "]") {
                    scan += 1
                    place = .top
                    continue
                }
            case .afterElement:
                if byte == UInt8(ascii: ",") {
                    scan += 1
                    place = .afterComma
                } else if byte == UInt8(ascii: "]") {
                    scan += 1
                    place = .top
                } else {
                    return .broken(message("expected `,` or `]` after an array element"))
                }
                continue
            case .afterComma:
                if byte == UInt8(ascii: "]") || byte == UInt8(ascii: ",") {
                    return .broken(message("expected an array element after `,`"))
                }
            }
            if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ",") {
                return .broken(message("unexpected `\(Character(Unicode.Scalar(byte)))` between snapshots"))
            }
            startValue(byte)
        }
    }

    private mutating func startValue(_ first: UInt8) {
        inValue = true
        valueStart = scan
        valuePosition = Position(line: line, column: scan - lineStart + 1)
        openers.removeAll(keepingCapacity: true)
        inString = false
        escaped = false
        isScalar = first != UInt8(ascii: "{") && first != UInt8(ascii: "[") && first != UInt8(ascii: "\"")
    }

    /// Scans the value that has started: its end (the index after it), a break, or nil when
    /// more bytes are needed.
    private mutating func scanValue(_ bytes: UnsafeBufferPointer<UInt8>, ended: Bool, limit: Int) -> Result<Int, Broken>? {
        while scan < bytes.count {
            let byte = bytes[scan]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if openers.isEmpty { return .success(advance(byte)) }
                }
            } else if isScalar {
                if Self.endsScalar(byte) { return .success(scan) }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): openers.append(byte)
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard let opener = openers.popLast(), (opener == UInt8(ascii: "{")) == (byte == UInt8(ascii: "}")) else {
                        return .failure(Broken(message("`\(Character(Unicode.Scalar(byte)))` closes nothing that is open")))
                    }
                    if openers.isEmpty { return .success(advance(byte)) }
                default: break
                }
            }
            _ = advance(byte)
            if !discarding, scan - valueStart > limit { discarding = true }
        }
        guard ended else { return nil }
        if isScalar { return .success(scan) }
        let begun = "begun at line \(valuePosition.line), column \(valuePosition.column)"
        return .failure(Broken(message(inString ? "the input ends inside a string of the snapshot \(begun)"
                                                : "the input ends inside the snapshot \(begun)")))
    }

    /// Moves past `byte` (the one at `scan`), counting lines; returns the new `scan`.
    private mutating func advance(_ byte: UInt8) -> Int {
        scan += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            lineStart = scan
        }
        return scan
    }

    private mutating func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) {
        while scan < bytes.count, Self.isWhitespace(bytes[scan]) { _ = advance(bytes[scan]) }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 10 || byte == 13
    }

    /// Whether `byte` ends a number or literal (JSON's structural characters and whitespace).
    private static func endsScalar(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
            || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "\"")
    }

    /// `message` placed at `scan`, saying that what follows is not read.
    private func message(_ text: String) -> String {
        "invalid JSON document at line \(line), column \(scan - lineStart + 1): \(text); the rest of the input is not evaluated"
    }

    /// A break found inside a value.
    struct Broken: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}
