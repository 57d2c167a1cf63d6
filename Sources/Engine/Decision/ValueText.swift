import CEL

/// Values as plain text in reasons and details: strings as they are, times in the
/// policy's zone, decimals with their scale.
enum ValueText {
    static func plain(_ value: Value, zone: TimeZoneSpec) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .bool(let b): return b ? "true" : "false"
        case .decimal(let d): return d.description
        case .date(let d): return d.description
        case .timestamp(let t): return t.rfc3339(in: zone)
        case .duration(let d): return d.description
        case .null: return "null"
        default: return value.debugText
        }
    }
}
