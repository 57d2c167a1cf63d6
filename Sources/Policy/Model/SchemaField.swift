import CEL

/// A field of a snapshot object, read by its position in the object's shape when the map
/// has that shape (decoded snapshots do), else by name: for host code that walks snapshots
/// (the point-in-time view, vocabularies) without hashing a key per read.
public struct SchemaField: Sendable {
    public let name: String
    /// The shape and position in it, when the schema declares the field.
    @usableFromInline let shape: MapShape?
    @usableFromInline let position: Int

    /// Field `name` of objects of `schema` (nil: objects the schema does not describe).
    public init(_ name: String, of schema: ObjectSchema?) {
        self.name = name
        if let schema, let i = schema.fields.firstIndex(where: { $0.name == name }) {
            shape = schema.shape
            position = i
        } else {
            shape = nil
            position = 0
        }
    }

    /// `map` with the field's value replaced, when the map has the field.
    public func replacing(in map: MapValue, with value: Value) -> MapValue {
        if let shape, let replaced = map.replacingValue(at: position, ifShapedBy: shape, with: value) { return replaced }
        return map.replacingValue(forKey: name, with: value)
    }

    /// The schema of the objects field `name` of `schema` holds (itself, or as list
    /// elements), if any.
    public static func objects(of name: String, in schema: ObjectSchema?) -> ObjectSchema? {
        schema?.fields.first { $0.name == name }.flatMap { objects(in: $0.kind) }
    }

    /// The field's value in `map`, or nil when absent.
    @inlinable @inline(__always)
    public func read(_ map: MapValue) -> Value? {
        if let shape, let value = map.value(at: position, ifShapedBy: shape) { return value }
        return map[name]
    }

    private static func objects(in kind: FieldKind) -> ObjectSchema? {
        switch kind {
        case .object(let o): return o
        case .list(let e): return objects(in: e)
        default: return nil
        }
    }
}
