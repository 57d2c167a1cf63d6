// A hand-written, deterministic JSON writer (RFC 8259) appending UTF-8 to a byte buffer.
//
// Written by hand instead of using Foundation's JSONSerialization or JSONEncoder: those are too
// slow for policyctl's NDJSON throughput and cannot write exact decimals; this writer appends
// straight into a reusable buffer (`JSONOutput`), escapes only what RFC 8259 requires, and
// always produces the same bytes for the same calls.

/// Writes JSON into ``bytes``, inserting commas (and, when pretty, newlines and two-space
/// indentation) automatically.
///
/// Call ``beginObject()``, then ``key(_:)`` before each member's value, then ``endObject()``;
/// arrays likewise without keys. Several top-level values are written back to back with no
/// separator (``endLine()`` ends a line of NDJSON). Strings escape `"`, `\` and control characters;
/// other text, including non-ASCII, is written as UTF-8.
public struct JSONWriter: @unchecked Sendable {
    // @unchecked: `output` is a class, copied on write (see `makeUnique()`), so a writer is a
    // value like any other.
    private var output: JSONOutput
    /// Whether members go on their own lines with two-space indentation.
    public let pretty: Bool
    /// The number of open containers.
    private(set) var depth = 0
    /// Whether the innermost open container already holds an item (so the next needs a comma).
    private(set) var hasItems = false
    /// Whether a key was just written (so the next value needs no separator).
    private(set) var afterKey = false

    /// A writer with room for `capacity` bytes; `pretty` selects indented output.
    public init(capacity: Int = 1024, pretty: Bool = false) {
        output = JSONOutput(capacity: capacity)
        self.pretty = pretty
    }

    /// The UTF-8 output so far.
    public var bytes: [UInt8] { output.array }

    /// Calls `body` with the output so far in place, without copying it; the bytes are valid
    /// only during the call.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: output.base, count: output.count))
    }

    /// The bytes the writer can hold before its memory grows (kept by ``removeAll()``).
    public var capacity: Int { output.capacity }

    /// The output so far as a string.
    public var text: String {
        String(decoding: UnsafeBufferPointer(start: output.base, count: output.count), as: UTF8.self)
    }

    /// Forgets the output so far, keeping its memory (between top-level values).
    public mutating func removeAll() {
        makeUnique()
        output.removeAll()
    }

    /// Ends a line of NDJSON: appends a line break.
    public mutating func endLine() {
        makeUnique()
        output.append(JSONByte.newline)
    }

    /// Copies the output if another writer shares it. Every write starts here (through
    /// `separate()` or `close(_:)`), so the check is made once per token, not per byte.
    @inline(__always)
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&output) { output = output.copy() }
    }

    // MARK: Structure

    /// Starts an object.
    public mutating func beginObject() {
        open(UInt8(ascii: "{"))
    }

    /// Ends the innermost object.
    public mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    /// Starts an array.
    public mutating func beginArray() {
        open(UInt8(ascii: "["))
    }

    /// Ends the innermost array.
    public mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// Writes an object member's key; the next call writes its value.
    public mutating func key(_ k: String) {
        separate()
        appendQuoted(k, colon: true)
        if pretty { output.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Writes an object member's key encoded beforehand; the next call writes its value.
    public mutating func key(_ k: JSONKey) {
        separate()
        k.encoded.withUnsafeBufferPointer { output.append($0) }
        if pretty { output.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    /// Writes the tokens of `fragment`: compact, its bytes in one copy; pretty, token by token.
    public mutating func fragment(_ fragment: JSONFragment) {
        guard !pretty else { return fragment.tokens(&self) }
        makeUnique()
        // The comma `separate()` would write before the first token.
        let bytes = !afterKey && depth > 0 && hasItems ? fragment.afterItem : fragment.first
        bytes.withUnsafeBufferPointer { output.append($0) }
        depth += fragment.depthChange
        hasItems = fragment.endsWithItems
        afterKey = fragment.endsAfterKey
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        output.append(bracket)
        depth += 1
        hasItems = false
    }

    private mutating func close(_ bracket: UInt8) {
        makeUnique()
        depth -= 1
        if pretty, hasItems { newlineAndIndent() }
        output.append(bracket)
        hasItems = true
    }

    /// Writes what goes before a value or key: nothing after a key or at the top level, else a
    /// comma after earlier items and, when pretty, a new indented line.
    @inline(__always)
    private mutating func separate() {
        makeUnique()
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        if hasItems { output.append(UInt8(ascii: ",")) }
        hasItems = true
        if pretty { newlineAndIndent() }
    }

    private mutating func newlineAndIndent() {
        output.append(UInt8(ascii: "\n"))
        for _ in 0..<2 * depth { output.append(UInt8(ascii: " ")) }
    }

    // MARK: Scalars

    /// Writes a string value.
    public mutating func string(_ s: String) {
        separate()
        appendQuoted(s)
    }

    /// Writes a string value encoded beforehand.
    public mutating func string(_ s: JSONString) {
        separate()
        s.encoded.withUnsafeBufferPointer { output.append($0) }
    }

    /// Writes an integer.
    public mutating func int(_ i: Int64) {
        separate()
        appendDigits(i.magnitude, negative: i < 0)
    }

    /// Writes an unsigned integer.
    public mutating func uint(_ u: UInt64) {
        separate()
        appendDigits(u, negative: false)
    }

    /// Writes a number in its shortest round-trip form (`1.5`, `1e-07`); NaN and the infinities,
    /// which JSON cannot hold, are written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public mutating func double(_ d: Double) {
        separate()
        if d.isFinite {
            appendText(d.description)
        } else {
            appendQuoted(d.isNaN ? "NaN" : d < 0 ? "-Infinity" : "Infinity")
        }
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ b: Bool) {
        separate()
        appendStatic(b ? "true" : "false")
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        appendStatic("null")
    }

    /// Writes a decimal as the string of its exact text (`"312.40"`).
    public mutating func decimal(_ d: CELDecimal) {
        unescapedString(maxLength: CELDecimal.maxTextLength) { d.write(into: $0) }
    }

    /// Writes a timestamp as the string of its RFC 3339 text on the wall clock of `zone`.
    public mutating func timestamp(_ t: Timestamp, in zone: TimeZoneSpec = .utc) {
        unescapedString(maxLength: Timestamp.maxRFC3339Length) { t.writeRFC3339(in: zone, into: $0) }
    }

    /// Writes a date as the string `"YYYY-MM-DD"`.
    public mutating func date(_ d: CivilDate) {
        // 11: a date read off a wall clock ahead of UTC at the end of 9999 is in year 10000.
        unescapedString(maxLength: 11) { d.write(into: $0, at: 0) }
    }

    /// Writes a string whose text `format` writes straight into the output: at most
    /// `maxLength` bytes, none that JSON escapes (digits and punctuation); `format` returns
    /// how many it wrote. No `String` is made, which for numbers and times costs more
    /// than writing them.
    @inline(__always)
    private mutating func unescapedString(maxLength: Int, _ format: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        separate()
        let target = output.reserve(maxLength + 2)
        target[0] = JSONByte.quote
        let length = format(UnsafeMutableBufferPointer(start: target + 1, count: maxLength))
        target[length + 1] = JSONByte.quote
        output.commit(length + 2)
    }

    /// Writes `data` as a base64 string (standard alphabet, padded).
    public mutating func base64(_ data: [UInt8]) {
        separate()
        var encoded: [UInt8] = [JSONByte.quote]
        Base64.encode(data, into: &encoded)
        encoded.append(JSONByte.quote)
        encoded.withUnsafeBufferPointer { output.append($0) }
    }

    /// Writes already-encoded JSON text as one value, unchanged.
    public mutating func raw(_ utf8: String) {
        separate()
        appendText(utf8)
    }

    /// Appends the UTF-8 of `text`, a literal, as it is.
    @inline(__always)
    private func appendStatic(_ text: StaticString) {
        output.append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends the UTF-8 of `text` as it is.
    private func appendText(_ text: String) {
        var text = text
        text.withUTF8 { output.append($0) }
    }

    /// Appends the decimal digits of `magnitude`, after a `-` when `negative`.
    private mutating func appendDigits(_ magnitude: UInt64, negative: Bool) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { buffer in
            var position = buffer.count
            var rest = magnitude
            repeat {
                position -= 1
                buffer[position] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                rest /= 10
            } while rest != 0
            if negative {
                position -= 1
                buffer[position] = UInt8(ascii: "-")
            }
            output.append(UnsafeBufferPointer(rebasing: buffer[position...]))
        }
    }

    /// Appends `s` as a JSON string literal, followed by a colon when `colon`.
    private mutating func appendQuoted(_ s: String, colon: Bool = false) {
        // `withUTF8` reads a native string in place (small strings from the stack), without
        // the generic `withContiguousStorageIfAvailable` path.
        var text = s
        text.withUTF8 { utf8 in
            guard !JSONWriter.needsEscaping(utf8) else {
                output.append(JSONByte.quote)
                appendEscaped(utf8)
                output.append(JSONByte.quote)
                if colon { output.append(JSONByte.colon) }
                return
            }
            // The common case: the text as it is, quoted, written in one go.
            let length = utf8.count + (colon ? 3 : 2)
            let target = output.reserve(length)
            target[0] = JSONByte.quote
            if let base = utf8.baseAddress { (target + 1).update(from: base, count: utf8.count) }
            target[utf8.count + 1] = JSONByte.quote
            if colon { target[utf8.count + 2] = JSONByte.colon }
            output.commit(length)
        }
    }

    /// Whether `utf8` holds a byte a JSON string must escape: `"`, `\` or a control character.
    private static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        var position = 0
        while position &+ 8 <= utf8.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            if JSONScanner.escapedBytes(word) != 0 { return true }
            position &+= 8
        }
        while position < utf8.count {
            let byte = base[position]
            if byte < 0x20 || byte == JSONByte.quote || byte == JSONByte.backslash { return true }
            position &+= 1
        }
        return false
    }

    /// Appends `utf8` with `"`, `\` and control characters escaped, copying unescaped runs whole.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for position in utf8.indices {
            let byte = utf8[position]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            output.append(UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
            runStart = position + 1
            output.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            case 0x09: output.append(UInt8(ascii: "t"))
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            default:
                let hex = UInt8(ascii: "0")
                output.append(UInt8(ascii: "u"))
                output.append(hex)
                output.append(hex)
                output.append(hex &+ byte >> 4)
                let low = byte & 0xF
                output.append(low < 10 ? hex &+ low : UInt8(ascii: "a") &+ low &- 10)
            }
        }
        output.append(UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }

    // MARK: Values

    /// Writes a CEL value as plain JSON: numbers as numbers, decimals as strings of their exact
    /// text (`"312.40"`), bytes as base64, maps as objects (int, uint and bool keys as their text),
    /// timestamps as RFC 3339, durations as `"1.5s"`, dates as `"YYYY-MM-DD"`, types by name, and
    /// errors as `{"error": message}`.
    public mutating func value(_ v: Value) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .uint(let u): uint(u)
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .bytes(let b): base64(b)
        case .decimal(let d): decimal(d)
        case .timestamp(let t): timestamp(t)
        case .duration(let d): string(d.description)
        case .date(let d): date(d)
        case .type(let t): string(t.runtimeName)
        case .list(let items):
            beginArray()
            for item in items { value(item) }
            endArray()
        case .map(let map):
            beginObject()
            for (mapKey, item) in zip(map.keys, map.values) {
                key(JSONWriter.keyText(mapKey))
                value(item)
            }
            endObject()
        case .error(let error):
            beginObject()
            key("error")
            string(error.message)
            endObject()
        }
    }

    /// The object key for a map key: strings as they are, numbers and booleans as their text.
    private static func keyText(_ key: Value) -> String {
        switch key {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .bool(let b): return b ? "true" : "false"
        default: return key.debugText
        }
    }
}
