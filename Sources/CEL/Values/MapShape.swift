/// The leading string keys that many maps share, in a fixed order: the fields of a record
/// type (a snapshot's `Bill`, a policy's `params`).
///
/// A map built with a shape (``MapValue/init(shape:values:)``) shares the shape's key
/// arrays instead of allocating its own, and a field selection on a value whose checked
/// type declares the shape (``ObjectType/shape``) is planned as a position in the map's
/// values rather than a key search. To CEL such a map is an ordinary map.
public final class MapShape: Sendable {
    /// The keys, as CEL strings, in order.
    public let keys: [Value]
    /// The keys' identities, parallel to ``keys``.
    let identities: [MapKey]
    /// The keys' positions, for shapes too large to search one by one (as ``MapValue``
    /// indexes its large maps); nil for the rest, whose keys are compared in order: hashing
    /// a name costs more than comparing it with a dozen others, and hosts look fields up
    /// by name on their hot paths.
    private let positions: [ExactString: Int]?

    /// A shape with `fields` as its keys, in that order. The names must be distinct (the
    /// hosts build shapes from declarations whose names are unique by construction).
    public init(fields: [String]) {
        precondition(Set(fields.map(ExactString.init)).count == fields.count, "a map shape's field names must be distinct")
        keys = fields.map { .string($0) }
        identities = fields.map { .string(ExactString($0)) }
        positions = fields.count > MapValue.indexThreshold
            ? Dictionary(uniqueKeysWithValues: fields.enumerated().map { (ExactString($1), $0) }) : nil
    }

    /// The number of keys.
    public var count: Int { keys.count }

    /// The position of `field` (compared byte for byte, as map keys are), or nil when the
    /// shape does not have it.
    public func position(of field: String) -> Int? {
        if let positions { return positions[ExactString(field)] }
        return identities.firstIndex { key in
            if case .string(let name) = key { return name.matches(field) }
            return false
        }
    }
}
