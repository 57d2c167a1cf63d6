// A hand-written, strict RFC 8259 JSON reader that produces CEL `Value`s.
//
// Written by hand instead of using Foundation's JSONSerialization or JSONDecoder: those are too
// slow for policyctl's NDJSON throughput (hundreds of thousands of account snapshots per second)
// and they lose the exact text of numbers, while money must stay exact (`312.40` is read as a
// decimal with scale 2, never through a Double). The reader keeps an explicit stack instead of
// recursing (deep nesting fails cleanly); its tokens come from `JSONScanner`, which works on raw
// bytes with an index and builds strings straight from validated UTF-8 slices.

/// Limits applied while reading a JSON document, and how a negative zero reads.
public struct JSONReaderOptions: Sendable {
    /// The deepest nesting of arrays and objects accepted; the outermost container is level 1.
    public var maxDepth = 256
    /// The longest string accepted, in UTF-8 bytes after unescaping.
    public var maxStringBytes = 8 << 20
    /// Whether a negative zero with a fraction or exponent (`-0.0`, `-0e0`) reads as the double
    /// −0.0 (for documents whose numbers are doubles, such as typed values) instead of the
    /// decimal 0, which has no sign. `-0` is the int 0 either way.
    public var keepsNegativeZero = false

    /// Options with the given limits (by default 256 levels and 8 MiB strings).
    public init(maxDepth: Int = 256, maxStringBytes: Int = 8 << 20) {
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }

    /// The default options, but reading `-0.0` as the double −0.0 (see ``keepsNegativeZero``).
    public static var keepingNegativeZero: JSONReaderOptions {
        var options = JSONReaderOptions()
        options.keepsNegativeZero = true
        return options
    }
}

/// Reads one JSON document (RFC 8259, strict) into a CEL ``Value``.
///
/// Objects become `.map` with string keys in document order (a duplicate key is an error),
/// arrays `.list`, strings `.string`, `true`/`false` `.bool`, `null` `.null`. Numbers keep their
/// exact text: an integer literal that fits `Int64` is `.int` (`-0` is `.int(0)`); any other number
/// (fraction, exponent, or too large) is `.decimal` when ``CELDecimal`` can hold it exactly, else
/// `.double` (and −0.0 with ``JSONReaderOptions/keepsNegativeZero``). Surrounding whitespace is
/// allowed; anything else after the value is an error.
public struct JSONReader: Sendable {
    /// The limits this reader applies.
    public var options: JSONReaderOptions

    /// A reader with the given limits.
    public init(options: JSONReaderOptions = .init()) {
        self.options = options
    }

    /// Reads the document in `bytes` (UTF-8).
    public func read(_ bytes: UnsafeRawBufferPointer) throws(JSONReadError) -> Value {
        var parser = JSONParser(scanner: scanner(for: bytes), maxDepth: options.maxDepth,
                                keepsNegativeZero: options.keepsNegativeZero)
        return try parser.parseDocument()
    }

    /// Reads the document in `bytes` (UTF-8).
    public func read(_ bytes: [UInt8]) throws(JSONReadError) -> Value {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONReadError) -> Value in try read(buffer) }
        }.get()
    }

    /// Reads the document in `text`.
    public func read(_ text: String) throws(JSONReadError) -> Value {
        let contiguous = text.utf8.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONReadError) -> Value in try read(UnsafeRawBufferPointer(buffer)) }
        }
        return try (contiguous ?? Result { () throws(JSONReadError) -> Value in try read(Array(text.utf8)) }).get()
    }

    /// A scanner at the start of `bytes` with this reader's string limit.
    package func scanner(for bytes: UnsafeRawBufferPointer) -> JSONScanner {
        JSONScanner(bytes, maxStringBytes: options.maxStringBytes)
    }
}

/// Reads single values for a host that reads the documents around them with a ``JSONScanner``,
/// by the rules and limits of a ``JSONReader``, keeping its working memory from one value to
/// the next.
package struct JSONValueReader {
    private var parser: JSONParser
    private let maxDepth: Int

    /// A value reader with the limits of `reader`.
    package init(_ reader: JSONReader) {
        parser = JSONParser(scanner: reader.scanner(for: UnsafeRawBufferPointer(start: nil, count: 0)), maxDepth: 0,
                            keepsNegativeZero: reader.options.keepsNegativeZero)
        maxDepth = reader.options.maxDepth
    }

    /// Reads the value at the scanner's position (no whitespace before it) and leaves the scanner
    /// just after it. `depth` containers are open around the value and count toward the depth
    /// limit. An error's path is relative to the value.
    package mutating func read(from scanner: inout JSONScanner, depth: Int) throws(JSONReadError) -> Value {
        parser.restart(maxDepth: maxDepth - depth)
        swap(&parser.scanner, &scanner)
        defer { swap(&parser.scanner, &scanner) }
        return try parser.parseValue()
    }
}

/// An open array or object on the parser's stack.
private struct Frame {
    /// Where this container's values start on the value stack.
    let valueStart: Int
    /// Where this container's keys start on the key stack (objects only).
    let keyStart: Int
    /// Whether this is an object.
    let isObject: Bool
}

/// Which member of the innermost container an error's path names.
private enum PathEnd {
    /// None: the path is the innermost container's own.
    case container
    /// The member being read (the next array index, or the last key read).
    case pending
    /// The member just finished (the last array element, or the last key read).
    case completed
}

/// The parsing state for one document: the scanner, and explicit stacks of open containers,
/// their values and keys (no recursion, so nesting depth never threatens the stack).
private struct JSONParser {
    var scanner: JSONScanner
    var maxDepth: Int
    var frames: [Frame] = []
    /// Finished values of all open containers, innermost last.
    var values: [Value] = []
    /// Keys of all open objects, parallel to their values.
    var keys: [String] = []
    /// The offset of each key on the key stack, for duplicate-key errors.
    var keyOffsets: [Int] = []

    /// See ``JSONReaderOptions/keepsNegativeZero``.
    let keepsNegativeZero: Bool

    init(scanner: JSONScanner, maxDepth: Int, keepsNegativeZero: Bool) {
        self.scanner = scanner
        self.maxDepth = maxDepth
        self.keepsNegativeZero = keepsNegativeZero
    }

    /// Empties the stacks (keeping their memory) after a value read or refused, for the next
    /// value, to be read with `maxDepth`.
    mutating func restart(maxDepth: Int) {
        self.maxDepth = maxDepth
        frames.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        keyOffsets.removeAll(keepingCapacity: true)
    }

    /// The scanner's position.
    private var index: Int {
        @inline(__always) get { scanner.index }
        @inline(__always) set { scanner.index = newValue }
    }

    /// The number of input bytes.
    private var count: Int { scanner.count }

    /// The byte at `position`; callers check `position < count` first.
    @inline(__always)
    private subscript(position: Int) -> UInt8 {
        scanner[position]
    }

    /// Runs a scanner primitive, turning its problem into an error at the member being read.
    @inline(__always)
    private mutating func scan<T>(_ primitive: (inout JSONScanner) throws(JSONScanError) -> T) throws(JSONReadError) -> T {
        do {
            return try primitive(&scanner)
        } catch {
            throw failure(error.message, at: error.offset, .pending)
        }
    }

    // MARK: Structure

    /// Reads the whole input: one value with optional whitespace around it.
    mutating func parseDocument() throws(JSONReadError) -> Value {
        scanner.skipWhitespace()
        let value = try parseValue()
        scanner.skipWhitespace()
        guard index == count else {
            throw failure("unexpected trailing characters after the JSON value", at: index, .container)
        }
        return value
    }

    /// Reads the value at the scanner's position and leaves the scanner just after it.
    mutating func parseValue() throws(JSONReadError) -> Value {
        parsing: while true {
            guard index < count else {
                throw failure("unexpected end of input, expected a value", at: index, .pending)
            }
            var value: Value
            switch self[index] {
            case JSONByte.quote:
                value = .string(try scan { scanner throws(JSONScanError) in try scanner.readString() })
            case JSONByte.openBrace:
                try open(isObject: true)
                if index < count, self[index] == JSONByte.closeBrace {
                    index += 1
                    frames.removeLast()
                    value = .map(MapValue())
                } else {
                    try readKey(afterComma: false)
                    continue parsing
                }
            case JSONByte.openBracket:
                try open(isObject: false)
                if index < count, self[index] == JSONByte.closeBracket {
                    index += 1
                    frames.removeLast()
                    value = .list([])
                } else {
                    continue parsing
                }
            case JSONByte.minus, JSONByte.zero...UInt8(ascii: "9"):
                let negative = self[index] == JSONByte.minus
                value = try scan { scanner throws(JSONScanError) in try scanner.readNumber() }
                if negative, keepsNegativeZero, case .decimal(let d) = value, d.isZero { value = .double(-0.0) }
            case UInt8(ascii: "t"):
                try scan { scanner throws(JSONScanError) in try scanner.readLiteral("true") }
                value = .bool(true)
            case UInt8(ascii: "f"):
                try scan { scanner throws(JSONScanError) in try scanner.readLiteral("false") }
                value = .bool(false)
            case UInt8(ascii: "n"):
                try scan { scanner throws(JSONScanError) in try scanner.readLiteral("null") }
                value = .null
            case let byte:
                throw failure("unexpected \(JSONByte.describe(byte)), expected a value", at: index, .pending)
            }
            // Hand the finished value to its container, closing every container that ends here.
            while let frame = frames.last {
                values.append(value)
                scanner.skipWhitespace()
                let closer = frame.isObject ? JSONByte.closeBrace : JSONByte.closeBracket
                guard index < count, self[index] == JSONByte.comma || self[index] == closer else {
                    let expected = frame.isObject
                        ? "`,` or `}` after an object member" : "`,` or `]` after an array element"
                    let prefix = index < count ? "" : "unexpected end of input, "
                    throw failure(prefix + "expected " + expected, at: index, .completed)
                }
                let separator = self[index]
                index += 1
                scanner.skipWhitespace()
                if separator == JSONByte.comma {
                    if frame.isObject { try readKey(afterComma: true) }
                    continue parsing
                }
                value = frame.isObject ? .map(try closeObject(frame)) : .list(closeArray(frame))
                frames.removeLast()
            }
            return value
        }
    }

    /// Opens a container at `index` (its `{` or `[`), checking the depth limit.
    private mutating func open(isObject: Bool) throws(JSONReadError) {
        guard frames.count < maxDepth else {
            throw failure("nesting deeper than \(maxDepth) levels", at: index, .pending)
        }
        if frames.isEmpty, values.capacity == 0 {
            // Room for typical documents, instead of growing each stack from one element.
            frames.reserveCapacity(8)
            values.reserveCapacity(16)
            keys.reserveCapacity(8)
            keyOffsets.reserveCapacity(8)
        }
        frames.append(Frame(valueStart: values.count, keyStart: keys.count, isObject: isObject))
        index += 1
        scanner.skipWhitespace()
    }

    /// Reads `"key" :` and the whitespace after it.
    private mutating func readKey(afterComma: Bool) throws(JSONReadError) {
        guard index < count, self[index] == JSONByte.quote else {
            let expected = afterComma ? "expected a string key" : "expected a string key or `}`"
            let prefix = index < count ? "" : "unexpected end of input, "
            throw failure(prefix + expected, at: index, .container)
        }
        let offset = index
        let key = try scan { scanner throws(JSONScanError) in try scanner.readString() }
        keys.append(key)
        keyOffsets.append(offset)
        scanner.skipWhitespace()
        guard index < count, self[index] == JSONByte.colon else {
            throw failure("expected `:` after an object key", at: index, .pending)
        }
        index += 1
        scanner.skipWhitespace()
    }

    /// Pops the innermost object's members into a map; throws at the first duplicate key.
    private mutating func closeObject(_ frame: Frame) throws(JSONReadError) -> MapValue {
        let memberCount = keys.count - frame.keyStart
        let map: MapValue
        do {
            map = try MapValue(uniqueKeys: keys[frame.keyStart...], values: popValues(from: frame.valueStart))
        } catch {
            let key = keys[frame.keyStart + error.position]
            var failure = failure("duplicate key `\(key)`", at: keyOffsets[frame.keyStart + error.position], .container)
            appendPathKey(key, to: &failure.path)
            throw failure
        }
        keys.removeLast(memberCount)
        keyOffsets.removeLast(memberCount)
        return map
    }

    /// Pops the innermost array's elements.
    private mutating func closeArray(_ frame: Frame) -> [Value] {
        popValues(from: frame.valueStart)
    }

    /// Pops the values from `start` on, moving them rather than copying.
    private mutating func popValues(from start: Int) -> [Value] {
        let count = values.count - start
        let popped = values.withUnsafeMutableBufferPointer { stack in
            [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
                guard let target = buffer.baseAddress, let source = stack.baseAddress else { return }
                target.moveInitialize(from: source + start, count: count)
                // Leave trivially destroyed placeholders behind for `removeLast`.
                (source + start).initialize(repeating: .null, count: count)
                initialized = count
            }
        }
        values.removeLast(count)
        return popped
    }

    // MARK: Errors

    /// An error at `offset` with its line, column and path.
    private func failure(_ message: String, at offset: Int, _ end: PathEnd) -> JSONReadError {
        var line = 1
        var lineStart = 0
        for position in 0..<min(offset, count) where self[position] == JSONByte.newline {
            line += 1
            lineStart = position + 1
        }
        return JSONReadError(
            message: message, offset: offset, line: line, column: offset - lineStart + 1, path: path(end))
    }

    /// The JSON path of the open containers' current members.
    private func path(_ end: PathEnd) -> String {
        var path = ""
        for level in frames.indices {
            let frame = frames[level]
            let innermost = level == frames.count - 1
            if innermost, end == .container { break }
            if frame.isObject {
                let keyEnd = innermost ? keys.count : frames[level + 1].keyStart
                guard keyEnd > frame.keyStart else { break }
                appendPathKey(keys[keyEnd - 1], to: &path)
            } else {
                let valueEnd = innermost ? values.count : frames[level + 1].valueStart
                let position = valueEnd - frame.valueStart - (innermost && end == .completed ? 1 : 0)
                path += "[\(position)]"
            }
        }
        return path
    }

    /// Appends `.key` for identifier-like keys (no dot at the root), else `["key"]`.
    private func appendPathKey(_ key: String, to path: inout String) {
        var isIdentifier = !key.isEmpty
        for (offset, byte) in key.utf8.enumerated() {
            let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
            let digit = byte &- JSONByte.zero < 10
            if !(letter || (digit && offset > 0)) {
                isIdentifier = false
                break
            }
        }
        if isIdentifier {
            path += path.isEmpty ? key : "." + key
        } else {
            var writer = JSONWriter(capacity: key.utf8.count + 2)
            writer.string(key)
            path += "[" + writer.text + "]"
        }
    }
}
