#if canImport(Glibc)
import Glibc
#endif

/// A CEL map: keys of type int, uint, bool or string, kept in insertion order so that
/// iteration and output are deterministic.
///
/// Numeric keys compare by value across int and uint (and a double with an integral value
/// finds them), as CEL's heterogeneous equality says: `{1: 'a'}[1u] == 'a'`.
///
/// Most maps are small JSON objects: up to ``indexThreshold`` entries are searched
/// linearly, which beats hashing; larger maps build a hash index on first need. A map
/// built from a ``MapShape`` starts with the shape's keys and finds them by the shape.
public struct MapValue: Sendable {
    /// Keys in insertion order, as written.
    public private(set) var keys: [Value]
    /// Values, parallel to ``keys``.
    public private(set) var values: [Value]
    /// Normalised keys, parallel to ``keys``.
    private var identities: [MapKey]
    private var index: [MapKey: Int]?
    /// The shape whose keys lead ``keys``, when the map was built from one.
    public private(set) var shape: MapShape?
    static let indexThreshold = 12

    /// An empty map.
    public init() {
        keys = []
        values = []
        identities = []
    }

    /// A map with room for `capacity` entries.
    public init(minimumCapacity capacity: Int) {
        self.init()
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        identities.reserveCapacity(capacity)
    }

    /// A map with the keys of `shape` and `values` (one per key) in the same order: the
    /// keys are shared with the shape, not copied.
    public init(shape: MapShape, values: [Value]) {
        precondition(values.count == shape.count, "a shaped map needs one value per key of its shape")
        keys = shape.keys
        identities = shape.identities
        self.values = values
        self.shape = shape
    }

    /// Why ``init(uniqueKeys:values:)`` refused its keys: the first that repeats an earlier one.
    struct RepeatedKey: Error {
        /// The position of the key among the keys.
        let position: Int
    }

    /// A map of the string `keys` and `values` (one per key) in the same order, the same map as
    /// inserting them one by one would build; throws when a key repeats an earlier one.
    init(uniqueKeys keys: ArraySlice<String>, values: [Value]) throws(RepeatedKey) {
        precondition(keys.count == values.count, "a map needs one value per key")
        var identities: [MapKey] = []
        identities.reserveCapacity(keys.count)
        // Past the threshold, `insert` would have built the index; it also finds repeats.
        let indexed = keys.count > Self.indexThreshold
        var table: [MapKey: Int] = [:]
        if indexed { table.reserveCapacity(keys.count) }
        for (position, key) in zip(0..., keys) {
            let identity = MapKey.string(ExactString(key))
            let repeated = indexed ? table.updateValue(position, forKey: identity) != nil : identities.contains(identity)
            guard !repeated else { throw RepeatedKey(position: position) }
            identities.append(identity)
        }
        self.keys = keys.map { .string($0) }
        self.values = values
        self.identities = identities
        index = indexed ? table : nil
    }

    /// The value at `position` of a map built from `shape`, or nil when the map was not
    /// built from that shape (the caller then looks the key up).
    @inline(__always)
    public func value(at position: Int, ifShapedBy shape: MapShape) -> Value? {
        self.shape === shape ? values[position] : nil
    }

    /// The number of entries.
    public var count: Int { keys.count }

    /// Adds an entry; returns false (and changes nothing) when the key is already present
    /// or is not a valid key.
    @discardableResult
    public mutating func insert(_ key: Value, _ value: Value) -> Bool {
        if case .double = key { return false }
        guard let k = MapKey(key), position(of: k) == nil else { return false }
        if index != nil {
            index?[k] = keys.count
        } else if keys.count - (shape?.count ?? 0) >= Self.indexThreshold {
            buildIndex(adding: k)
        }
        keys.append(key)
        values.append(value)
        identities.append(k)
        return true
    }

    /// Adds or replaces the entry of a string key (for hosts building objects).
    public mutating func set(_ key: String, _ value: Value) {
        if let i = position(of: .string(ExactString(key))) {
            values[i] = value
        } else {
            insert(.string(key), value)
        }
    }

    /// The value of `key`, or nil when absent.
    public subscript(key: Value) -> Value? {
        guard let k = MapKey(key), let i = position(of: k) else { return nil }
        return values[i]
    }

    /// The value of a string key, or nil when absent.
    public subscript(key: String) -> Value? {
        if let shape, let i = shape.position(of: key) { return values[i] }
        if index == nil {
            for (i, identity) in identities.enumerated() {
                if case .string(let s) = identity, s.matches(key) { return values[i] }
            }
            return nil
        }
        return position(of: .string(ExactString(key))).map { values[$0] }
    }

    private func position(of key: MapKey) -> Int? {
        if let index { return index[key] }
        if let shape, case .string(let name) = key {
            if let i = shape.position(of: name.value) { return i }
            return identities[shape.count...].firstIndex(of: key)
        }
        return identities.firstIndex(of: key)
    }

    private mutating func buildIndex(adding key: MapKey) {
        var table: [MapKey: Int] = [:]
        table.reserveCapacity(identities.count * 2)
        for (i, identity) in identities.enumerated() { table[identity] = i }
        table[key] = identities.count
        index = table
    }
}

/// The hashable identity of a map key: numbers by value, whatever their CEL type.
enum MapKey: Hashable {
    case int(Int64)
    /// A uint too large for int.
    case bigUInt(UInt64)
    case bool(Bool)
    case string(ExactString)

    init?(_ value: Value) {
        switch value {
        case .int(let i): self = .int(i)
        case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .bigUInt(u)
        case .double(let d):
            guard d.rounded(.towardZero) == d else { return nil }
            if d >= -9.223372036854775808e18, d < 9.223372036854775808e18 {
                self = .int(Int64(d))
            } else if d >= 0, d < 1.8446744073709551616e19 {
                self = .bigUInt(UInt64(d))
            } else {
                return nil
            }
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(ExactString(s))
        default: return nil
        }
    }
}

/// A string compared and hashed by its UTF-8 bytes, not by canonical equivalence as
/// Swift's `String` is: CEL says `'Am\u00E9lie' != 'Ame\u0301lie'`.
struct ExactString: Hashable {
    let value: String

    init(_ value: String) { self.value = value }

    /// Whether `other` has exactly the same bytes.
    @inline(__always)
    func matches(_ other: String) -> Bool {
        let a = value.utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        let fast = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                guard let xa = x.baseAddress, let ya = y.baseAddress else { return x.isEmpty }
                return memcmp(xa, ya, x.count) == 0
            }
        }
        if let fast, let result = fast { return result }
        return a.elementsEqual(b)
    }

    static func == (a: ExactString, b: ExactString) -> Bool { a.matches(b.value) }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = value.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil {
            for byte in value.utf8 { hasher.combine(byte) }
        }
        hasher.combine(value.utf8.count)
    }
}
