import CEL
import Policy

/// A snapshot read and typed by the contract's schema: money as decimals, dates as dates,
/// times as timestamps; absent fields as `null` (lists as empty) so that policies decide
/// what absence means.
public struct DecodedSnapshot: Sendable {
    public let accountID: String
    public let bureau: String?
    public let asOf: Timestamp?
    /// Typed top-level fields by name, in the schema's order.
    public let fields: [(name: String, value: Value)]
    /// The whole typed snapshot, unknown fields included.
    public let whole: Value
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
            var fields: [(String, Value)] = []
            for (name, _) in SnapshotSchema.snapshot.fields { fields.append((name, map[name] ?? .null)) }
            var bureau: String?
            if case .string(let b)? = map["bureau"] { bureau = b }
            var asOf: Timestamp?
            if case .timestamp(let t)? = map["as_of"] { asOf = t }
            return DecodedSnapshot(accountID: accountID, bureau: bureau, asOf: asOf, fields: fields, whole: typed)
        } catch {
            throw SnapshotError(path: error.path, message: error.message, accountID: accountID)
        }
    }

    private struct FieldError: Error {
        let path: String
        let message: String
    }

    private static func join(_ path: String, _ field: String) -> String { path.isEmpty ? field : path + "." + field }

    private static func decodeObject(_ object: MapValue, _ schema: ObjectSchema, path: String) throws(FieldError) -> Value {
        var values: [Value] = []
        values.reserveCapacity(schema.fields.count)
        for (name, kind) in schema.fields {
            let fieldPath = join(path, name)
            if let value = object[name] {
                values.append(try decode(value, kind, path: fieldPath))
            } else if case .list = kind {
                values.append(.list([]))
            } else if case .object(let nested) = kind {
                values.append(try decodeObject(MapValue(), nested, path: fieldPath))
            } else {
                values.append(.null)
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
        if case .null = value {
            // Absent means empty: an empty list, an object whose fields are all absent.
            if case .list = kind { return .list([]) }
            if case .object(let schema) = kind { return try decodeObject(MapValue(), schema, path: path) }
            return .null
        }
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
