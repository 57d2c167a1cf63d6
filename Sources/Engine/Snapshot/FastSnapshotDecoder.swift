import CEL
import Policy

/// Decodes the JSON text of a snapshot into a ``DecodedSnapshot`` in one pass, led by
/// ``SnapshotSchema``: the typed values are built straight from the bytes (decimal money,
/// dates and timestamps parsed from the text in place, objects built with their schema's
/// shape), with no generic value tree in between. Unknown fields and `.any` fields are read
/// as generic values by ``JSONReader``, except `.any` fields that no policy reads
/// (``CEL/RecordUse``), which are only checked.
///
/// This is only a fast path: ``JSONReader`` followed by ``SnapshotDecoder`` remains the one
/// definition of a snapshot and the one source of errors. For every input the fast decoder
/// accepts, it returns exactly what they return (the same values of the same kinds, decimal
/// scales, key order with unknown fields last, account id, bureau and `as_of`; `null` for
/// the fields left unread). For anything
/// else — malformed JSON, a value the schema refuses, a duplicate key, nesting or strings
/// beyond the reader's limits, or merely something unusual, such as an allowed value that is
/// only canonically equal to it — it returns nil, builds no message, and the caller takes the
/// slow path, which accepts what is merely unusual and reports what is wrong.
public struct FastSnapshotDecoder {
    /// The reader whose limits apply.
    private let reader: JSONReader
    private let plan: ObjectPlan
    /// The state of decoding, kept from one snapshot to the next for its working memory.
    private var pass: Pass

    /// A decoder with the limits of `reader`, which must be the reader of the slow path.
    ///
    /// - Parameter use: how the expressions that will read the snapshots use its records
    ///   (the union of the policies' ``CompiledPolicy/recordUse``): an `.any` field none of
    ///   them reads is checked but not built, and reads as `null`; by default, every field is
    ///   built, exactly as the slow path builds it.
    public init(reader: JSONReader, use: RecordUse = .everything) {
        self.reader = reader
        plan = ObjectPlan(SnapshotSchema.snapshot, use: use)
        pass = Pass(reader: reader)
    }

    /// The snapshot in `bytes` (one JSON document, UTF-8), or nil when the slow path must decide.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) -> DecodedSnapshot? {
        guard let typed = object(bytes, plan),
              case .string(let accountID) = typed.values[DecodedSnapshot.TopLevel.accountID], !accountID.isEmpty
        else { return nil }
        return DecodedSnapshot(accountID: accountID, typed: typed)
    }

    /// The document in `bytes`, an object typed by `plan` as `SnapshotDecoder` types it, or nil.
    mutating func object(_ bytes: UnsafeRawBufferPointer, _ plan: ObjectPlan) -> MapValue? {
        pass.scanner = reader.scanner(for: bytes)
        pass.skippedKeys.removeAll(keepingCapacity: true)  // what a declined document left
        do {
            pass.scanner.skipWhitespace()
            let typed = try pass.object(plan, depth: 1)
            pass.scanner.skipWhitespace()
            return pass.scanner.current == nil ? typed : nil
        } catch {
            return nil
        }
    }
}

/// Thrown inside a pass as soon as the input is not a snapshot the fast decoder accepts.
private struct Declined: Error {}

/// The decoding of a document: a scanner over it, and the reader of generic values. Every
/// method starts at the first byte of its value.
private struct Pass {
    /// The scanner over the document being decoded (only during ``FastSnapshotDecoder/decode(_:)``).
    var scanner: JSONScanner
    /// Reads unknown and `.any` fields with the reader's rules and limits.
    var generic: JSONValueReader
    let maxDepth: Int
    /// The keys of the objects being skipped (``skip(depth:)``), innermost last: kept from
    /// one value to the next so that skipping allocates nothing.
    var skippedKeys: [KnownText.Words] = []
    /// The texts of string fields lately read, kept from one snapshot to the next.
    let recentTexts = RecentTexts()

    init(reader: JSONReader) {
        scanner = reader.scanner(for: UnsafeRawBufferPointer(start: nil, count: 0))
        generic = JSONValueReader(reader)
        maxDepth = reader.options.maxDepth
    }

    /// Reads an object of `plan` whose `{` is the current byte; `depth` counts it.
    mutating func object(_ plan: ObjectPlan, depth: Int) throws(Declined) -> MapValue {
        guard depth <= maxDepth else { throw Declined() }
        try expect(UInt8(ascii: "{"))
        let fieldCount = plan.names.count
        // The fields' values in the schema's order, so far; fields skipped are absent.
        var values: [Value] = []
        values.reserveCapacity(fieldCount)
        var seen: UInt64 = 0
        var unknown: [(key: String, value: Value)] = []
        scanner.skipWhitespace()
        if !scanner.skip(UInt8(ascii: "}")) {
            repeat {
                scanner.skipWhitespace()
                guard scanner.current == UInt8(ascii: "\"") else { throw Declined() }
                let keyStart = scanner.index
                // Keys usually come plainly written in the schema's order: try the next field's first.
                let expected = values.count
                let found: Int?
                if expected < fieldCount, plan.names[expected].skip(in: &scanner) {
                    found = expected
                } else {
                    do { found = try scanner.readString { plan.position(of: $0) } } catch { throw Declined() }
                }
                guard let position = found else {
                    scanner.index = keyStart
                    let key = try string { String(decoding: $0, as: UTF8.self) }
                    try colon()
                    unknown.append((key, try generic(depth: depth)))
                    scanner.skipWhitespace()
                    continue
                }
                let bit: UInt64 = 1 << position
                guard seen & bit == 0 else { throw Declined() }
                seen |= bit
                try colon()
                let value = try null() ? plan.absentValues[position] : try self.value(plan.readings[position], depth: depth)
                if position < values.count {
                    values[position] = value
                } else {
                    while values.count < position { values.append(plan.absentValues[values.count]) }
                    values.append(value)
                }
                scanner.skipWhitespace()
            } while scanner.skip(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        }
        while values.count < fieldCount { values.append(plan.absentValues[values.count]) }
        var map = MapValue(shape: plan.shape, values: values)
        for (key, value) in unknown {
            guard map.insert(.string(key), value) else { throw Declined() }
        }
        return map
    }

    /// Reads a value that is not `null` as `reading` says, inside `depth` open containers.
    private mutating func value(_ reading: Reading, depth: Int) throws(Declined) -> Value {
        guard let byte = scanner.current else { throw Declined() }
        switch reading {
        case .any:
            return try generic(depth: depth)
        case .unread:
            try skip(depth: depth)
            return .null
        case .string:
            let texts = recentTexts
            return .string(try string { texts.text($0) })
        case .oneOf(let allowed):
            // The payloads are lent, not retained (`Declined` says nothing, so `try?` loses nothing).
            let text: String? = allowed._withUnsafeGuaranteedRef { allowed in
                try? string { text in
                    let words = KnownText.Words(text)
                    return allowed.texts.first { $0.matches(text, words) }?.text
                }
            }
            guard let text else { throw Declined() }
            return .string(text)
        case .decimal:
            if byte == UInt8(ascii: "\"") { return .decimal(try string { try? CELDecimal(parsing: $0) }) }
            switch try number() {
            case .int(let whole): return .decimal(CELDecimal(whole))
            case .decimal(let amount): return .decimal(amount)
            default: throw Declined()
            }
        case .int:
            guard case .int(let number) = try number() else { throw Declined() }
            return .int(number)
        case .bool:
            let isTrue = byte == UInt8(ascii: "t")
            try literal(isTrue ? "true" : "false")
            return .bool(isTrue)
        case .date:
            return .date(try string { try? CivilDate(parsing: $0) })
        case .timestamp:
            return .timestamp(try string { try? Timestamp(parsingRFC3339: $0) })
        case .object(let plan):
            let map: MapValue? = plan._withUnsafeGuaranteedRef { plan in try? object(plan, depth: depth + 1) }
            guard let map else { throw Declined() }
            return .map(map)
        case .list(let plan):
            let list: Value? = plan._withUnsafeGuaranteedRef { plan in try? self.list(plan, depth: depth + 1) }
            guard let list else { throw Declined() }
            return list
        }
    }

    /// Reads an array of `plan`'s elements whose `[` is the current byte; `depth` counts it.
    private mutating func list(_ plan: ListPlan, depth: Int) throws(Declined) -> Value {
        guard depth <= maxDepth else { throw Declined() }
        try expect(UInt8(ascii: "["))
        scanner.skipWhitespace()
        if scanner.skip(UInt8(ascii: "]")) { return .list([]) }
        var items: [Value] = []
        items.reserveCapacity(4)
        repeat {
            scanner.skipWhitespace()
            items.append(try null() ? plan.absentElement : try value(plan.element, depth: depth))
            scanner.skipWhitespace()
        } while scanner.skip(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return .list(items)
    }

    /// Steps over a value of any kind, declining whatever ``JSONReader`` might refuse (an
    /// object key that may repeat another, nesting near the limit), so that a value left
    /// unread is never one the slow path would call an error.
    private mutating func skip(depth: Int) throws(Declined) {
        guard let byte = scanner.current else { throw Declined() }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth + 1 < maxDepth else { throw Declined() }
            scanner.index += 1
            scanner.skipWhitespace()
            if scanner.skip(UInt8(ascii: "}")) { return }
            // This object's keys follow those of the objects it is nested in.
            let first = skippedKeys.count
            repeat {
                scanner.skipWhitespace()
                let key: KnownText.Words = try string { KnownText.Words($0) }
                // Up to 16 bytes the words are the key; a longer key whose words repeat
                // another's might be a duplicate: the slow path decides.
                guard skippedKeys.count - first < 16, !skippedKeys[first...].contains(key) else { throw Declined() }
                skippedKeys.append(key)
                try colon()
                try skip(depth: depth + 1)
                scanner.skipWhitespace()
            } while scanner.skip(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
            skippedKeys.removeSubrange(first...)
        case UInt8(ascii: "["):
            guard depth + 1 < maxDepth else { throw Declined() }
            scanner.index += 1
            scanner.skipWhitespace()
            if scanner.skip(UInt8(ascii: "]")) { return }
            repeat {
                scanner.skipWhitespace()
                try skip(depth: depth + 1)
                scanner.skipWhitespace()
            } while scanner.skip(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
        case UInt8(ascii: "\""):
            try string { _ in () }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            _ = try number()
        }
    }

    // MARK: Tokens

    /// Reads a value of any kind as ``JSONReader`` does (so with its checks and limits).
    private mutating func generic(depth: Int) throws(Declined) -> Value {
        do { return try generic.read(from: &scanner, depth: depth) } catch { throw Declined() }
    }

    /// Reads a string and returns what `make` makes of its bytes; declines when that is nil.
    @inline(__always)
    private mutating func string<T>(_ make: (UnsafeBufferPointer<UInt8>) -> T?) throws(Declined) -> T {
        guard scanner.current == UInt8(ascii: "\"") else { throw Declined() }
        let made: T?
        do { made = try scanner.readString(make) } catch { throw Declined() }
        guard let made else { throw Declined() }
        return made
    }

    /// Reads a number, kept exact as ``JSONReader`` keeps it.
    @inline(__always)
    private mutating func number() throws(Declined) -> Value {
        guard let byte = scanner.current, JSONScanner.startsNumber(byte) else { throw Declined() }
        do { return try scanner.readNumber() } catch { throw Declined() }
    }

    /// Reads `null` if it comes next, and says whether it did.
    @inline(__always)
    private mutating func null() throws(Declined) -> Bool {
        guard scanner.current == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    @inline(__always)
    private mutating func literal(_ text: StaticString) throws(Declined) {
        do { try scanner.readLiteral(text) } catch { throw Declined() }
    }

    /// Reads `:` after a key, with the whitespace around it.
    @inline(__always)
    private mutating func colon() throws(Declined) {
        scanner.skipWhitespace()
        try expect(UInt8(ascii: ":"))
        scanner.skipWhitespace()
    }

    @inline(__always)
    private mutating func expect(_ byte: UInt8) throws(Declined) {
        guard scanner.skip(byte) else { throw Declined() }
    }
}
