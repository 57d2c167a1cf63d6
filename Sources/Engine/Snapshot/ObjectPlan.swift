import CEL
import Policy

/// An object of the snapshot schema prepared for ``FastSnapshotDecoder``: its fields' names as
/// UTF-8 to match keys against, how to read each field, and its shape.
final class ObjectPlan: Sendable {
    /// The shape decoded objects are built with.
    let shape: MapShape
    /// The fields' names, in the schema's order.
    let names: [KnownText]
    /// How to read each field's value when it is not `null`, parallel to ``names``.
    let readings: [Reading]
    /// Each field's value when absent or `null`, parallel to ``names``.
    let absentValues: [Value]
    /// The plans ``readings`` refer to unretained (nested objects and lists, allowed texts),
    /// kept alive here.
    private let nested: [any AnyObject & Sendable]

    /// The plan of `schema` and the objects nested in it, for expressions that use records
    /// as `use` says: an `.any` field they never read is left unread (``Reading/unread``).
    /// `whole`: the record is used whole, so every field may be read.
    init(_ schema: ObjectSchema, use: RecordUse, whole: Bool = false) {
        precondition(schema.fields.count <= UInt64.bitWidth, "the fast decoder tracks at most 64 fields per object")
        shape = schema.shape
        names = schema.fields.map { KnownText($0.name) }
        let isWhole = whole || use.whole.contains(schema.name)
        var nested: [any AnyObject & Sendable] = []
        readings = schema.fields.map { field in
            if case .any = field.kind, !isWhole, !use.mayRead(field.name, of: schema.name) { return .unread }
            return Reading(field.kind, use: use, whole: isWhole, owner: &nested)
        }
        absentValues = schema.fields.map { SnapshotDecoder.absentValue(of: $0.kind) }
        self.nested = nested
    }

    /// The position of the field named `key`, or nil when the schema does not name it.
    func position(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        let words = KnownText.Words(key)
        return names.firstIndex { $0.matches(key, words) }
    }
}

/// A list of the snapshot schema prepared for ``FastSnapshotDecoder``.
final class ListPlan: Sendable {
    /// How to read an element that is not `null`.
    let element: Reading
    /// An element's value when it is `null`.
    let absentElement: Value
    /// What ``element`` refers to unretained, kept alive here.
    private let nested: [any AnyObject & Sendable]

    init(_ element: FieldKind, use: RecordUse, whole: Bool) {
        var nested: [any AnyObject & Sendable] = []
        self.element = Reading(element, use: use, whole: whole, owner: &nested)
        absentElement = SnapshotDecoder.absentValue(of: element)
        self.nested = nested
    }
}

/// The texts a ``Reading/oneOf(_:)`` field allows.
final class AllowedTexts: Sendable {
    let texts: [KnownText]

    init(_ texts: [KnownText]) { self.texts = texts }
}

/// How ``FastSnapshotDecoder`` reads a value of a ``FieldKind`` that is not `null`: the kind,
/// with texts to match and nested objects and lists prepared.
///
/// A reading holds its payloads unretained, their owner (the plan whose field it reads)
/// keeping them alive: the decoder copies a reading per field of every snapshot, and a
/// counted reference there was a retain and a release of a plan per field decoded.
enum Reading: Sendable {
    case string
    /// One of these strings.
    case oneOf(Unmanaged<AllowedTexts>)
    case decimal
    case int
    case bool
    case date
    case timestamp
    case object(Unmanaged<ObjectPlan>)
    case list(Unmanaged<ListPlan>)
    case any
    /// An `.any` field no expression reads: checked to be JSON the reader accepts, never
    /// built (its value is `null`, which nothing sees).
    case unread

    /// The reading of `kind`, whose payload `owner` keeps.
    init(_ kind: FieldKind, use: RecordUse, whole: Bool, owner: inout [any AnyObject & Sendable]) {
        func held<T: AnyObject & Sendable>(_ object: T) -> Unmanaged<T> {
            owner.append(object)
            return Unmanaged.passUnretained(object)
        }
        switch kind {
        case .string: self = .string
        case .oneOf(let allowed): self = .oneOf(held(AllowedTexts(allowed.map(KnownText.init))))
        case .decimal: self = .decimal
        case .int: self = .int
        case .bool: self = .bool
        case .date: self = .date
        case .timestamp: self = .timestamp
        case .object(let schema): self = .object(held(ObjectPlan(schema, use: use, whole: whole)))
        case .list(let element): self = .list(held(ListPlan(element, use: use, whole: whole)))
        case .any: self = .any
        }
    }
}

/// A text known in advance (a field name, an allowed value) as the fast decoder matches input
/// against it, byte for byte: its length and (up to 16 bytes, all of) its UTF-8 as plain
/// words, so that matching touches no memory the text owns; longer texts are compared in full.
struct KnownText: Sendable {
    /// Up to 16 bytes of UTF-8 in two words: the first and last 8 bytes (overlapping below 16),
    /// or the first and last 4 bytes (below 8), or every byte (below 4).
    struct Words: Equatable {
        let count: Int
        let head: UInt64
        let tail: UInt64

        @inline(__always)
        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            count = bytes.count
            guard let base = bytes.baseAddress, count >= 4 else {
                var packed: UInt64 = 0
                for byte in bytes.reversed() { packed = packed << 8 | UInt64(byte) }
                (head, tail) = (packed, 0)
                return
            }
            let raw = UnsafeRawPointer(base)
            if count >= 8 {
                head = raw.loadUnaligned(as: UInt64.self)
                tail = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else {
                head = UInt64(raw.loadUnaligned(as: UInt32.self))
                tail = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            }
        }
    }

    let words: Words
    /// The whole text, for texts longer than the words hold.
    let utf8: [UInt8]
    /// The text, to use for input that matches it.
    let text: String
    /// Whether JSON writes the text as it is, with no escapes.
    let isPlain: Bool

    init(_ text: String) {
        self.text = text
        utf8 = Array(text.utf8)
        words = utf8.withUnsafeBufferPointer(Words.init)
        isPlain = utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }

    /// Steps over the string at the scanner's position when it is this text, written plainly.
    @inline(__always)
    func skip(in scanner: inout JSONScanner) -> Bool {
        isPlain && scanner.skipString(length: words.count) { matches($0, Words($0)) }
    }

    /// Whether `input`, whose words are `inputWords`, is this text.
    @inline(__always)
    func matches(_ input: UnsafeBufferPointer<UInt8>, _ inputWords: Words) -> Bool {
        guard words == inputWords else { return false }
        return inputWords.count <= 16 || utf8.elementsEqual(input)
    }
}
