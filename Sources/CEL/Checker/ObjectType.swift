/// A record type declared by the host: a JSON object whose fields are known.
///
/// At run time such a value is a map with string keys; the checker uses the declaration to
/// type field selections and to catch misspelt field names.
public struct ObjectType: Sendable {
    /// The type's name, as it appears in messages (`Customer`).
    public var name: String
    /// Known fields and their types.
    public var fields: [String: CELType]
    /// Whether fields not listed are allowed (typed `dyn`) instead of being errors.
    public var allowsOtherFields: Bool
    /// The shape the host builds values of this type with, if it does: field selections
    /// are then planned as positions (see ``MapShape``). Values built otherwise still work.
    public var shape: MapShape?

    public init(name: String, fields: [String: CELType], allowsOtherFields: Bool = false, shape: MapShape? = nil) {
        self.name = name
        self.fields = fields
        self.allowsOtherFields = allowsOtherFields
        self.shape = shape
    }
}
