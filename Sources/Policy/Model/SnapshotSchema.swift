import CEL

/// The shape of an account snapshot (contract §1): which fields exist, how each is read
/// from JSON, and the CEL type policies see. The checker uses it to catch misspelt field
/// names; the engine uses it to decode and validate snapshots.
public indirect enum FieldKind: Sendable {
    case string
    /// One of a fixed set of strings.
    case oneOf([String])
    /// Exact decimal: a decimal string (`"312.40"`) or a JSON number read from its text.
    case decimal
    case int
    case bool
    /// `YYYY-MM-DD`.
    case date
    /// RFC 3339 with an offset.
    case timestamp
    case object(ObjectSchema)
    case list(FieldKind)
    /// Any JSON value, untouched.
    case any

    /// The CEL type policies see.
    public var celType: CELType {
        switch self {
        case .string, .oneOf: return .string
        case .decimal: return .decimal
        case .int: return .int
        case .bool: return .bool
        case .date: return .date
        case .timestamp: return .timestamp
        case .object(let o): return .object(o.name)
        case .list(let e): return .list(e.celType)
        case .any: return .dyn
        }
    }
}

/// An object of the snapshot: a name for messages and its known fields, in order.
public struct ObjectSchema: Sendable {
    public let name: String
    public let fields: [(name: String, kind: FieldKind)]
    /// The shape decoded objects are built with: the fields' names in order.
    public let shape: MapShape

    init(name: String, fields: [(name: String, kind: FieldKind)]) {
        self.name = name
        self.fields = fields
        shape = MapShape(fields: fields.map(\.name))
    }

    /// The CEL declaration (closed: a misspelt field is a check error; fields the contract
    /// does not name are read through `snapshot`).
    public var objectType: ObjectType {
        ObjectType(name: name, fields: Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.kind.celType) }), shape: shape)
    }

    /// This object and every object nested in it.
    public var allObjects: [ObjectSchema] {
        var result = [self]
        for (_, kind) in fields { result += Self.objects(in: kind) }
        return result
    }

    private static func objects(in kind: FieldKind) -> [ObjectSchema] {
        switch kind {
        case .object(let o): return o.allObjects
        case .list(let e): return objects(in: e)
        default: return []
        }
    }
}

/// The snapshot format of the contract, v1.
public enum SnapshotSchema {
    static let protection = ObjectSchema(name: "Protection", fields: [
        ("kind", .string), ("until", .date), ("ref", .string),
    ])
    static let customer = ObjectSchema(name: "Customer", fields: [
        ("name", .string), ("class", .oneOf(["residential", "non_residential"])), ("category", .string),
        ("voltage_kv", .decimal), ("important_grade", .oneOf(["特级", "一级", "二级", "临时"])),
        ("month_end_payer", .bool), ("contacts", .any), ("protections", .list(.object(protection))),
    ])
    static let bill = ObjectSchema(name: "Bill", fields: [
        ("period", .string), ("amount", .decimal), ("due_date", .date), ("paid", .decimal),
        // Not in the contract: read by the baseline's `disputed-bill`, typed by its vocabulary.
        ("disputed", .any),
    ])
    static let payment = ObjectSchema(name: "Payment", fields: [("at", .timestamp), ("amount", .decimal)])
    static let notice = ObjectSchema(name: "Notice", fields: [
        ("kind", .string), ("channel", .string), ("sent_at", .timestamp), ("delivered_at", .timestamp),
        ("signed", .bool), ("refused", .bool), ("planned_cut_at", .timestamp), ("outage_id", .string),
    ])
    static let approval = ObjectSchema(name: "Approval", fields: [("action", .string), ("by", .string), ("at", .timestamp)])
    static let supply = ObjectSchema(name: "Supply", fields: [
        ("status", .oneOf(["on", "suspended", "restricted"])), ("since", .timestamp),
    ])
    static let outage = ObjectSchema(name: "Outage", fields: [
        ("id", .string), ("kind", .oneOf(["planned", "temporary", "rationing", "hazard", "fault"])),
        ("start", .timestamp), ("end", .timestamp), ("reason", .string),
    ])

    /// The whole snapshot. Every top-level field is also a variable of policy expressions.
    public static let snapshot = ObjectSchema(name: "Snapshot", fields: [
        ("account_id", .string), ("bureau", .string), ("as_of", .timestamp),
        ("customer", .object(customer)), ("bills", .list(.object(bill))), ("payments", .list(.object(payment))),
        ("notices", .list(.object(notice))), ("approvals", .list(.object(approval))),
        ("supply", .object(supply)), ("outages", .list(.object(outage))),
    ])
}
