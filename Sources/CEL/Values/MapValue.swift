/// A CEL map: keys of type int, uint, bool or string, kept in insertion order so that
/// iteration and output are deterministic.
///
/// Numeric keys compare by value across int and uint (and a double with an integral value
/// finds them), as CEL's heterogeneous equality says: `{1: 'a'}[1u] == 'a'`.
public struct MapValue: Sendable {
    /// Keys in insertion order, as written.
    public private(set) var keys: [Value]
    /// Values, parallel to ``keys``.
    public private(set) var values: [Value]
    private var index: [MapKey: Int]

    /// An empty map.
    public init() {
        keys = []
        values = []
        index = [:]
    }

    /// A map with room for `capacity` entries.
    public init(minimumCapacity capacity: Int) {
        self.init()
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        index.reserveCapacity(capacity)
    }

    /// The number of entries.
    public var count: Int { keys.count }

    /// Adds an entry; returns false (and changes nothing) when the key is already present
    /// or is not a valid key.
    @discardableResult
    public mutating func insert(_ key: Value, _ value: Value) -> Bool {
        if case .double = key { return false }
        guard let k = MapKey(key), index[k] == nil else { return false }
        index[k] = keys.count
        keys.append(key)
        values.append(value)
        return true
    }

    /// Adds or replaces the entry of a string key (for hosts building objects).
    public mutating func set(_ key: String, _ value: Value) {
        if let i = index[.string(ExactString(key))] {
            values[i] = value
        } else {
            insert(.string(key), value)
        }
    }

    /// The value of `key`, or nil when absent.
    public subscript(key: Value) -> Value? {
        guard let k = MapKey(key), let i = index[k] else { return nil }
        return values[i]
    }

    /// The value of a string key, or nil when absent.
    public subscript(key: String) -> Value? {
        if keys.count <= Self.linearSearchLimit {
            // Comparing a few keys is cheaper than hashing one (field selection on records).
            for (i, k) in keys.enumerated() {
                if case .string(let s) = k, s.hasSameUTF8(as: key) { return values[i] }
            }
            return nil
        }
        guard let i = index[.string(ExactString(key))] else { return nil }
        return values[i]
    }

    /// Up to this many entries, string keys are found by comparison instead of hashing.
    static var linearSearchLimit: Int { 8 }
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

/// A string compared and hashed by its Unicode scalars, not by canonical equivalence as
/// Swift's `String` is: CEL says `'Am\u00E9lie' != 'Ame\u0301lie'`.
struct ExactString: Hashable {
    let value: String

    init(_ value: String) { self.value = value }

    static func == (a: ExactString, b: ExactString) -> Bool { a.value.hasSameUTF8(as: b.value) }

    func hash(into hasher: inout Hasher) {
        let hashed: Void? = value.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil {
            for byte in value.utf8 { hasher.combine(byte) }
        }
        hasher.combine(value.utf8.count)
    }
}
