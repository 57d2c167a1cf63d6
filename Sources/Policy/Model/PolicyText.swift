import CEL

/// Values written the way policy authors write them (`7d`, `312.40`, `2026-02-10`).
public enum PolicyText {
    /// The text of a value for messages.
    public static func describe(_ value: Value) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .decimal(let d): return d.description
        case .date(let d): return d.description
        case .bool(let b): return b ? "true" : "false"
        case .duration(let d): return length(d)
        default: return value.debugText
        }
    }

    /// A duration as `1d12h`, `30m`, `0s`.
    public static func length(_ d: CELDuration) -> String {
        var seconds = d.totalSeconds
        guard seconds != 0 || d.nanos != 0 else { return "0s" }
        let sign = seconds < 0 ? "-" : ""
        seconds = abs(seconds)
        var out = sign
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where seconds >= size {
            out += "\(seconds / size)\(unit)"
            seconds %= size
        }
        return out == sign ? d.description : out
    }
}
