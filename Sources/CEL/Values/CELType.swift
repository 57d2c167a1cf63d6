/// A CEL type, as the checker reasons about it and as `type(x)` returns it.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
    /// Unknown until run time; checks against anything.
    case dyn
    case null
    case bool
    case int
    case uint
    case double
    case string
    case bytes
    case timestamp
    case duration
    /// Extension: exact decimal money.
    case decimal
    /// Extension: a calendar date.
    case date
    case list(CELType)
    case map(CELType, CELType)
    /// The type of a type value (`type(int)`).
    case type(CELType)
    /// A type parameter of a generic overload, such as `A` in `size(list(A))`.
    case typeParam(String)
    /// A record declared by the host (a JSON object with known fields); a map at run time.
    case object(String)
    /// The type of an expression that failed to check.
    case error

    /// The type's name as CEL prints it (`list(int)`, `map(string, dyn)`).
    public var description: String {
        switch self {
        case .dyn: return "dyn"
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .timestamp: return "google.protobuf.Timestamp"
        case .duration: return "google.protobuf.Duration"
        case .decimal: return "decimal"
        case .date: return "date"
        case .list(let e): return e == .dyn ? "list" : "list(\(e))"
        case .map(let k, let v): return k == .dyn && v == .dyn ? "map" : "map(\(k), \(v))"
        case .type(let t): return t == .dyn ? "type" : "type(\(t))"
        case .typeParam(let n): return n
        case .object(let n): return n
        case .error: return "*error*"
        }
    }

    /// The name `type(x)` yields at run time: parameters erased (`list`, `map`, `type`).
    public var runtimeName: String {
        switch self {
        case .list: return "list"
        case .map, .object: return "map"
        case .type: return "type"
        default: return description
        }
    }

    /// The types that have a name usable as a value in expressions (`int`, `list`, …).
    static let namedTypes: [String: CELType] = [
        "bool": .bool, "int": .int, "uint": .uint, "double": .double, "string": .string,
        "bytes": .bytes, "null_type": .null, "list": .list(.dyn), "map": .map(.dyn, .dyn),
        "type": .type(.dyn), "dyn": .dyn,
        "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
        "decimal": .decimal, "date": .date,
    ]

    /// Whether values of this type can be ordered among themselves with `<` (or may be, at
    /// run time: `dyn`).
    var isOrderable: Bool {
        switch self {
        case .bool, .int, .uint, .double, .string, .bytes, .timestamp, .duration, .decimal, .date,
             .dyn, .typeParam, .error: return true
        default: return false
        }
    }

    /// Whether values of this type can be map keys.
    var isValidMapKey: Bool {
        switch self {
        case .int, .uint, .bool, .string, .dyn, .typeParam: return true
        default: return false
        }
    }
}

extension CELType {
    /// Two runtime type values are equal when their erased names are.
    static func runtimeEqual(_ a: CELType, _ b: CELType) -> Bool { a.runtimeName == b.runtimeName }
}
