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
    /// The entries, in one reference so that copying a map (as every field read does)
    /// costs one retain; written only when not shared (copy on write).
    @usableFromInline var storage: MapStorage
    static let indexThreshold = 12

    /// An empty map.
    public init() {
        storage = MapStorage(keys: [], values: [], identities: [], shape: nil)
    }

    /// A map with room for `capacity` entries.
    public init(minimumCapacity capacity: Int) {
        self.init()
        storage.keys.reserveCapacity(capacity)
        storage.values.reserveCapacity(capacity)
        storage.identities.reserveCapacity(capacity)
    }

    /// A map with the keys of `shape` and `values` (one per key) in the same order: the
    /// keys are shared with the shape, not copied.
    public init(shape: MapShape, values: [Value]) {
        precondition(values.count == shape.count, "a shaped map needs one value per key of its shape")
        storage = MapStorage(keys: shape.keys, values: values, identities: shape.identities, shape: shape)
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
        storage = MapStorage(keys: keys.map { .string($0) }, values: values, identities: identities, shape: nil,
                             index: indexed ? table : nil)
    }

    /// Keys in insertion order, as written.
    public var keys: [Value] { storage.keys }
    /// Values, parallel to ``keys``.
    public var values: [Value] { storage.values }
    /// The shape whose keys lead ``keys``, when the map was built from one.
    public var shape: MapShape? { storage.shape }

    /// The value at `position` of a map built from `shape`, or nil when the map was not
    /// built from that shape (the caller then looks the key up).
    // Inlinable: hosts read snapshot fields by position on their hot paths.
    @inlinable @inline(__always)
    public func value(at position: Int, ifShapedBy shape: MapShape) -> Value? {
        storage.shape === shape ? storage.values[position] : nil
    }

    /// Whether the value at `position` of a map built from `shape` is `null`, read in place;
    /// nil when the map was not built from that shape.
    @inline(__always)
    func isNull(at position: Int, ifShapedBy shape: MapShape) -> Bool? {
        guard storage.shape === shape else { return nil }
        if case .null = storage.values[position] { return true }
        return false
    }

    /// The number of entries.
    public var count: Int { storage.keys.count }

    /// Adds an entry; returns false (and changes nothing) when the key is already present
    /// or is not a valid key.
    @discardableResult
    public mutating func insert(_ key: Value, _ value: Value) -> Bool {
        if case .double = key { return false }
        guard let k = MapKey(key), storage.position(of: k) == nil else { return false }
        makeUnique()
        storage.append(key, k, value)
        return true
    }

    /// Adds or replaces the entry of a string key (for hosts building objects).
    public mutating func set(_ key: String, _ value: Value) {
        if let i = storage.position(of: .string(ExactString(key))) {
            makeUnique()
            storage.values[i] = value
        } else {
            insert(.string(key), value)
        }
    }

    /// The value of `key`, or nil when absent.
    public subscript(key: Value) -> Value? {
        guard let k = MapKey(key), let i = storage.position(of: k) else { return nil }
        return storage.values[i]
    }

    /// The value of a string key, or nil when absent.
    public subscript(key: String) -> Value? {
        storage.position(of: key).map { storage.values[$0] }
    }

    /// A copy with the value of the string key `key` replaced; the same map when `key` is absent.
    public func replacingValue(forKey key: String, with value: Value) -> MapValue {
        guard let i = storage.position(of: key) else { return self }
        return replacingValue(at: i, with: value)
    }

    /// A copy with the value at `position` of a map built from `shape` replaced (see
    /// ``value(at:ifShapedBy:)``); nil when the map was not built from that shape.
    public func replacingValue(at position: Int, ifShapedBy shape: MapShape, with value: Value) -> MapValue? {
        storage.shape === shape ? replacingValue(at: position, with: value) : nil
    }

    private func replacingValue(at i: Int, with value: Value) -> MapValue {
        var copy = self
        copy.makeUnique()
        copy.storage.values[i] = value
        return copy
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }
}

/// The entries of a ``MapValue``.
// SAFETY (@unchecked Sendable): a storage is mutated only through a MapValue that holds
// the sole reference to it (MapValue.makeUnique), so a storage reachable from two threads
// is never written.
// The runtime exclusivity check, which costs on every read of a field, is off for the
// same reason: a storage is written only while uniquely referenced, and no access to one
// of its fields is held across another access.
@usableFromInline final class MapStorage: @unchecked Sendable {
    @exclusivity(unchecked) var keys: [Value]
    @usableFromInline @exclusivity(unchecked) var values: [Value]
    /// Normalised keys, parallel to ``keys``.
    @exclusivity(unchecked) var identities: [MapKey]
    /// A hash index, built once the map outgrows a linear search.
    @exclusivity(unchecked) var index: [MapKey: Int]?
    @usableFromInline let shape: MapShape?

    init(keys: [Value], values: [Value], identities: [MapKey], shape: MapShape?, index: [MapKey: Int]? = nil) {
        self.keys = keys
        self.values = values
        self.identities = identities
        self.shape = shape
        self.index = index
    }

    func copy() -> MapStorage {
        MapStorage(keys: keys, values: values, identities: identities, shape: shape, index: index)
    }

    func append(_ key: Value, _ identity: MapKey, _ value: Value) {
        if index != nil {
            index?[identity] = keys.count
        } else if keys.count - (shape?.count ?? 0) >= MapValue.indexThreshold {
            var table: [MapKey: Int] = [:]
            table.reserveCapacity(identities.count * 2)
            for (i, existing) in identities.enumerated() { table[existing] = i }
            table[identity] = identities.count
            index = table
        }
        keys.append(key)
        values.append(value)
        identities.append(identity)
    }

    func position(of key: MapKey) -> Int? {
        if let index { return index[key] }
        if let shape, case .string(let name) = key {
            if let i = shape.position(of: name.value) { return i }
            return identities[shape.count...].firstIndex(of: key)
        }
        return identities.firstIndex(of: key)
    }

    /// The position of a string key: by the shape, else by comparing bytes (small maps)
    /// or through the index.
    func position(of key: String) -> Int? {
        if let shape, let i = shape.position(of: key) { return i }
        if index == nil {
            let start = shape?.count ?? 0
            for i in start..<identities.count {
                if case .string(let s) = identities[i], s.matches(key) { return i }
            }
            return nil
        }
        return position(of: .string(ExactString(key)))
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
    func matches(_ other: String) -> Bool { value.hasSameUTF8(as: other) }

    static func == (a: ExactString, b: ExactString) -> Bool { a.matches(b.value) }

    func hash(into hasher: inout Hasher) {
        var text = value
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(value.utf8.count)
    }
}
