import CEL
import Policy

/// Values as a reviewer reads them on a worksheet: strings quoted, money with its
/// decimals, times in the policy's zone, durations as `7d`, and long lists and records
/// shortened to their size.
enum WorksheetValue {
    /// The longest list or record written out in full.
    static let limit = 72

    static func text(_ value: Value, zone: TimeZoneSpec, limit: Int = WorksheetValue.limit) -> String {
        let full = self.full(value, zone: zone)
        guard full.count > limit else { return full }
        switch value {
        case .list(let items): return "[\(count(items.count, "item"))]"
        case .map(let map): return "{\(count(map.count, "field"))}"
        default: return full
        }
    }

    /// The whole text of a value.
    private static func full(_ value: Value, zone: TimeZoneSpec) -> String {
        switch value {
        case .string(let s): return "\"" + s + "\""
        case .timestamp(let t): return t.rfc3339(in: zone)
        case .duration(let d): return PolicyText.length(d)
        case .error(let e): return "error: " + e.message
        case .list(let items):
            return "[" + items.map { full($0, zone: zone) }.joined(separator: ", ") + "]"
        case .map(let map):
            return "{" + zip(map.keys, map.values).map { key, item in
                let name: String
                if case .string(let s) = key { name = s } else { name = key.debugText }
                return name + ": " + full(item, zone: zone)
            }.joined(separator: ", ") + "}"
        default:
            return ValueText.plain(value, zone: zone)
        }
    }

    /// A fact's value: a declared decimal with at least two fractional digits, as in the decision.
    static func fact(_ fact: ExplainedFact, zone: TimeZoneSpec) -> String {
        text(DecisionJSON.factValue(fact.value, fact.type), zone: zone)
    }

    /// `1 item`, `3 items`.
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
