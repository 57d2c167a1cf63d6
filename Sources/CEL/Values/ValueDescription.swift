extension Value {
    /// The value written as a CEL expression (`"a"`, `[1, 2u]`, `timestamp("…")`), for
    /// messages and the `expr` command.
    public var debugText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d):
            if d.isNaN { return "double(\"NaN\")" }
            if d.isInfinite { return d < 0 ? "double(\"-Infinity\")" : "double(\"Infinity\")" }
            return d.description
        case .string(let s): return quoted(s)
        case .bytes(let b):
            return "b\"" + b.map { byte in
                byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
                    ? String(UnicodeScalar(byte)) : "\\x" + hex2(byte)
            }.joined() + "\""
        case .list(let items): return "[" + items.map(\.debugText).joined(separator: ", ") + "]"
        case .map(let map):
            return "{" + zip(map.keys, map.values).map { "\($0.debugText): \($1.debugText)" }.joined(separator: ", ") + "}"
        case .timestamp(let t): return "timestamp(\"\(t.description)\")"
        case .duration(let d): return "duration(\"\(d.description)\")"
        case .type(let t): return t.runtimeName
        case .decimal(let d): return "decimal(\"\(d.description)\")"
        case .date(let d): return "date(\"\(d.description)\")"
        case .error(let e): return "error(\(quoted(e.message)))"
        }
    }
}

private func hex2(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

/// A string literal with the escapes CEL reads back.
private func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\x" + hex2(UInt8(scalar.value))
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
