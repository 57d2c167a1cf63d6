import CEL
import Engine

/// Text that tells decoded snapshots apart as strictly as the fast decoder must match the slow
/// path: every value with its kind, decimals with their scale, strings by their exact Unicode
/// scalars, maps with their keys in order and the identity of their shape. (`celEquals` is
/// too lenient: `1.0 == 1.00`, and Swift strings compare by canonical equivalence.)
enum StrictText {
    /// The whole snapshot: account id, bureau, `as_of`, the fields in order and the whole value.
    static func of(_ snapshot: DecodedSnapshot) -> String {
        var text = "account_id " + quoted(snapshot.accountID) + "\nbureau " + (snapshot.bureau.map(quoted) ?? "nil")
        text += "\nas_of " + (snapshot.asOf.map(instant) ?? "nil")
        for (name, value) in snapshot.fields { text += "\nfield " + quoted(name) + " " + of(value) }
        return text + "\nwhole " + of(snapshot.whole)
    }

    /// One value with type tags.
    static func of(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "bool(\(b))"
        case .int(let i): return "int(\(i))"
        case .uint(let u): return "uint(\(u))"
        case .double(let d): return "double(\(String(d.bitPattern, radix: 16)))"
        case .string(let s): return "string(" + quoted(s) + ")"
        case .bytes(let b): return "bytes(\(b))"
        case .list(let items): return "list[" + items.map(of).joined(separator: ", ") + "]"
        case .map(let map):
            let shape = map.shape.map { "\(ObjectIdentifier($0))" } ?? "unshaped"
            let members = zip(map.keys, map.values).map { of($0) + ": " + of($1) }
            return "map<\(shape)>{" + members.joined(separator: ", ") + "}"
        case .timestamp(let t): return "timestamp(" + instant(t) + ")"
        case .duration(let d): return "duration(\(d.totalNanoseconds))"
        case .type(let t): return "type(\(t))"
        case .decimal(let d): return "decimal(\(d.coefficient)e-\(d.scale))"
        case .date(let d): return "date(\(d.year)-\(d.month)-\(d.day))"
        case .error(let e): return "error(" + quoted(e.message) + ")"
        }
    }

    private static func instant(_ t: Timestamp) -> String { "\(t.seconds).\(t.nanos)" }

    /// The string in quotes with every scalar outside printable ASCII as `\u{…}`.
    private static func quoted(_ s: String) -> String {
        var text = "\""
        for scalar in s.unicodeScalars {
            if scalar.value >= 0x20, scalar.value < 0x7F, scalar != "\"", scalar != "\\" {
                text.unicodeScalars.append(scalar)
            } else {
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return text + "\""
    }
}
