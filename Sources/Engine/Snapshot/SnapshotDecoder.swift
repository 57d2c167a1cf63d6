import CEL
import Policy

/// A snapshot read and typed by the contract's schema: money as decimals, dates as dates,
/// times as timestamps; absent fields as `null` (lists as empty) so that policies decide
/// what absence means.
public struct DecodedSnapshot: Sendable {
    public let accountID: String
    public let bureau: String?
    public let asOf: Timestamp?
    /// The whole typed snapshot, a map of ``SnapshotSchema/snapshot``'s shape: the schema's
    /// fields first, in its order, then the unknown fields.
    public let typed: MapValue

    /// The whole typed snapshot as a value, unknown fields included.
    public var whole: Value { .map(typed) }

    /// Typed top-level fields by name, in the schema's order.
    public var fields: [(name: String, value: Value)] {
        zip(TopLevel.names, typed.values).map { (name: $0, value: $1) }
    }
}

extension DecodedSnapshot {
    /// The snapshot whose top-level object, typed by ``SnapshotSchema/snapshot``, is `typed`:
    /// a map of the schema's shape, so the fields are its leading values.
    init(accountID: String, typed: MapValue) {
        precondition(typed.shape === TopLevel.shape, "a typed snapshot has the snapshot's shape")
        let values = typed.values
        var bureau: String?
        if case .string(let b) = values[TopLevel.bureau] { bureau = b }
        var asOf: Timestamp?
        if case .timestamp(let t) = values[TopLevel.asOf] { asOf = t }
        self.init(accountID: accountID, bureau: bureau, asOf: asOf, typed: typed)
    }

    /// The layout of a typed snapshot: the fields' names and where some of them are.
    enum TopLevel {
        static let shape = SnapshotSchema.snapshot.shape
        static let names = SnapshotSchema.snapshot.fields.map(\.name)
        static let accountID = position("account_id")
        static let bureau = position("bureau")
        static let asOf = position("as_of")

        private static func position(_ name: String) -> Int {
            guard let position = shape.position(of: name) else { preconditionFailure("the snapshot schema has `\(name)`") }
            return position
        }
    }
}

/// Why a snapshot was refused: the JSON path and what is wrong there.
public struct SnapshotError: Error, Sendable {
    public let path: String
    public let message: String
    /// The account id, when it could be read.
    public let accountID: String?
}

/// Decodes JSON values into ``DecodedSnapshot``s by ``SnapshotSchema``.
public enum SnapshotDecoder {
    /// Decodes a snapshot read by `JSONReader`.
    public static func decode(_ json: Value) throws(SnapshotError) -> DecodedSnapshot {
        guard case .map(let object) = json else {
            throw SnapshotError(path: "", message: "a snapshot must be a JSON object", accountID: nil)
        }
        var accountID: String?
        if case .string(let id)? = object["account_id"], !id.isEmpty { accountID = id }
        do throws(FieldError) {
            guard let accountID else {
                throw FieldError(path: "account_id", message: object["account_id"] == nil
                                 ? "missing required field `account_id`" : "`account_id` must be a non-empty string")
            }
            let typed = try decodeObject(object, SnapshotSchema.snapshot, path: "")
            guard case .map(let map) = typed else { throw FieldError(path: "", message: "a snapshot must be a JSON object") }
            return DecodedSnapshot(accountID: accountID, typed: map)
        } catch {
            throw SnapshotError(path: error.path, message: error.message, accountID: accountID)
        }
    }

    /// What is wrong where in a snapshot.
    struct FieldError: Error {
        let path: String
        let message: String
    }

    private static func join(_ path: String, _ field: String) -> String { path.isEmpty ? field : path + "." + field }

    /// The value of a field of `kind` that is absent or `null`: absent means empty, so an empty
    /// list, an object whose fields are all absent, or `null`.
    static func absentValue(of kind: FieldKind) -> Value {
        switch kind {
        case .list: return .list([])
        case .object(let schema): return .map(MapValue(shape: schema.shape, values: schema.fields.map { absentValue(of: $0.kind) }))
        default: return .null
        }
    }

    /// `object` typed by `schema`, at `path`.
    static func decodeObject(_ object: MapValue, _ schema: ObjectSchema, path: String) throws(FieldError) -> Value {
        var values: [Value] = []
        values.reserveCapacity(schema.fields.count)
        for (name, kind) in schema.fields {
            if let value = object[name] {
                values.append(try decode(value, kind, path: join(path, name)))
            } else {
                values.append(absentValue(of: kind))
            }
        }
        var result = MapValue(shape: schema.shape, values: values)
        // Fields the contract does not name stay available, as they are.
        for (key, value) in zip(object.keys, object.values) where result[key] == nil {
            result.insert(key, value)
        }
        return .map(result)
    }

    private static func decode(_ value: Value, _ kind: FieldKind, path: String) throws(FieldError) -> Value {
        if case .null = value { return absentValue(of: kind) }
        switch (kind, value) {
        case (.any, _): return value
        case (.string, .string): return value
        case (.oneOf(let allowed), .string(let s)):
            guard allowed.contains(s) else {
                throw FieldError(path: path, message: "`\(s)` is not one of \(allowed.map { "`\($0)`" }.joined(separator: ", "))")
            }
            return value
        case (.decimal, .decimal): return value
        case (.decimal, .int(let i)): return .decimal(CELDecimal(i))
        case (.decimal, .string(let s)):
            do { return .decimal(try CELDecimal(parsing: s)) } catch {
                throw FieldError(path: path, message: "`\(s)` is not a decimal amount")
            }
        case (.int, .int): return value
        case (.bool, .bool): return value
        case (.date, .string(let s)):
            do { return .date(try CivilDate(parsing: s)) } catch {
                throw FieldError(path: path, message: "`\(s)` is not a date (YYYY-MM-DD)")
            }
        case (.timestamp, .string(let s)):
            do { return .timestamp(try Timestamp(parsingRFC3339: s)) } catch {
                throw FieldError(path: path, message: "`\(s)` is not an RFC 3339 time with offset")
            }
        case (.object(let schema), .map(let map)):
            return try decodeObject(map, schema, path: path)
        case (.list(let element), .list(let items)):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { out.append(try decode(item, element, path: "\(path)[\(i)]")) }
            return .list(out)
        default:
            throw FieldError(path: path, message: "expected \(describe(kind)), found \(describe(value))")
        }
    }

    private static func describe(_ kind: FieldKind) -> String {
        switch kind {
        case .string, .oneOf: return "a string"
        case .decimal: return "a decimal amount (string or number)"
        case .int: return "an integer"
        case .bool: return "true or false"
        case .date: return "a date string"
        case .timestamp: return "an RFC 3339 time string"
        case .object: return "an object"
        case .list: return "an array"
        case .any: return "a value"
        }
    }

    private static func describe(_ value: Value) -> String {
        switch value {
        case .string: return "a string"
        case .int, .uint, .double, .decimal: return "a number"
        case .bool: return "a boolean"
        case .list: return "an array"
        case .map: return "an object"
        default: return "`\(value.runtimeType)`"
        }
    }
}
