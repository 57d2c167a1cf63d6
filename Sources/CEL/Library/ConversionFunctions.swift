/// Type conversions: `int`, `uint`, `double`, `string`, `bytes`, `bool`, `timestamp`,
/// `duration`, `dyn` and `type`.
enum ConversionFunctions {
    static var all: [FunctionDecl] { [int, uint, double, string, bytes, bool, timestamp, duration, dyn, type] }

    static let int = FunctionDecl(
        "int", doc: "converts to int; doubles truncate toward zero, out of range is an error",
        examples: ["int(1.9) // 1", "int(-7.9) // -7", "int('987') // 987", "int(1e99) // error",
                   "int(timestamp('2009-02-13T23:31:30Z')) // 1234567890", "int(decimal('12.70')) // 12"],
        overloads: [CELType.int, .uint, .double, .string, .timestamp, .decimal].map {
            .global("\($0.runtimeName.lowercased())_to_int64", [$0], .int)
        },
        implementation: .unary { x in
            switch x {
            case .int: return x
            case .uint(let u): return u > UInt64(Int64.max) ? .error("int range error") : .int(Int64(u))
            case .double(let d):
                guard d.isFinite, d > -9.223372036854775808e18, d < 9.223372036854775807e18 else {
                    return .error("int range error")
                }
                return .int(Int64(d.rounded(.towardZero)))
            case .string(let s):
                guard let i = Int64(s) else { return .error("cannot convert `\(s)` to int") }
                return .int(i)
            case .timestamp(let t): return .int(t.seconds)
            case .decimal(let d): return catching { .int(try d.int64Value) }
            default: return .error(.noSuchOverload("int", [x]))
            }
        })

    static let uint = FunctionDecl(
        "uint", doc: "converts to uint; negative values and out of range are errors",
        examples: ["uint(1729) // 1729u", "uint(-1) // error", "uint(-0.5) // error", "uint(25.5) // 25u",
                   "uint('42') // 42u"],
        overloads: [CELType.uint, .int, .double, .string].map {
            .global("\($0.runtimeName)_to_uint64", [$0], .uint)
        },
        implementation: .unary { x in
            switch x {
            case .uint: return x
            case .int(let i): return i < 0 ? .error("uint range error") : .uint(UInt64(i))
            case .double(let d):
                guard d.isFinite, d >= 0, d < 1.8446744073709551615e19 else { return .error("uint range error") }
                return .uint(UInt64(d.rounded(.towardZero)))
            case .string(let s):
                guard let u = UInt64(s) else { return .error("cannot convert `\(s)` to uint") }
                return .uint(u)
            default: return .error(.noSuchOverload("uint", [x]))
            }
        })

    static let double = FunctionDecl(
        "double", doc: "converts to double",
        examples: ["double(3) // 3.0", "double('-0.5') // -0.5", "double('x') // error"],
        overloads: [CELType.double, .int, .uint, .string, .decimal].map {
            .global("\($0.runtimeName)_to_double", [$0], .double)
        },
        implementation: .unary { x in
            switch x {
            case .double: return x
            case .int(let i): return .double(Swift.Double(i))
            case .uint(let u): return .double(Swift.Double(u))
            case .string(let s):
                guard let d = parseDouble(s) else { return .error("cannot convert `\(s)` to double") }
                return .double(d)
            case .decimal(let d): return .double(d.doubleValue)
            default: return .error(.noSuchOverload("double", [x]))
            }
        })

    static let string = FunctionDecl(
        "string", doc: "converts to string; bytes must be valid UTF-8",
        examples: ["string(123) // '123'", "string(-4.5e-3) // '-0.0045'", "string(b'\\303\\277') // 'ÿ'",
                   "string(timestamp('2009-02-13T23:31:30Z')) // '2009-02-13T23:31:30Z'",
                   "string(decimal('312.40')) // '312.40'", "string(date('2026-12-21')) // '2026-12-21'"],
        overloads: [CELType.string, .int, .uint, .double, .bytes, .bool, .timestamp, .duration, .decimal, .date].map {
            .global("\($0.runtimeName)_to_string", [$0], .string)
        },
        implementation: .unary { x in
            switch x {
            case .string: return x
            case .int(let i): return .string(String(i))
            case .uint(let u): return .string(String(u))
            case .double(let d): return .string(formatDouble(d))
            case .bytes(let b):
                guard let s = String(validating: b, as: UTF8.self) else { return .error("invalid UTF-8 in bytes") }
                return .string(s)
            case .bool(let b): return .string(b ? "true" : "false")
            case .timestamp(let t): return .string(t.description)
            case .duration(let d): return .string(d.description)
            case .decimal(let d): return .string(d.description)
            case .date(let d): return .string(d.description)
            default: return .error(.noSuchOverload("string", [x]))
            }
        })

    static let bytes = FunctionDecl(
        "bytes", doc: "converts a string to its UTF-8 bytes",
        examples: ["bytes('ÿ') // b'\\xc3\\xbf'"],
        overloads: [.global("bytes_to_bytes", [.bytes], .bytes), .global("string_to_bytes", [.string], .bytes)],
        implementation: .unary { x in
            switch x {
            case .bytes: return x
            case .string(let s): return .bytes(Array(s.utf8))
            default: return .error(.noSuchOverload("bytes", [x]))
            }
        })

    static let bool = FunctionDecl(
        "bool", doc: "converts `true`/`false` in lower, upper or title case, `t`/`f` and `1`/`0` to bool",
        examples: ["bool('True') // true", "bool('0') // false", "bool('yes') // error"],
        overloads: [.global("bool_to_bool", [.bool], .bool), .global("string_to_bool", [.string], .bool)],
        implementation: .unary { x in
            switch x {
            case .bool: return x
            case .string(let s):
                switch s {
                case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
                case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
                default: return .error("cannot convert `\(s)` to bool")
                }
            default: return .error(.noSuchOverload("bool", [x]))
            }
        })

    static let timestamp = FunctionDecl(
        "timestamp", doc: "parses an RFC 3339 timestamp, or converts Unix seconds",
        examples: ["timestamp('2026-12-21T09:00:00+08:00') // timestamp('2026-12-21T01:00:00Z')",
                   "timestamp(0) // timestamp('1970-01-01T00:00:00Z')", "timestamp('yesterday') // error"],
        overloads: [.global("timestamp_to_timestamp", [.timestamp], .timestamp),
                    .global("string_to_timestamp", [.string], .timestamp),
                    .global("int64_to_timestamp", [.int], .timestamp)],
        implementation: .unary { x in
            switch x {
            case .timestamp: return x
            case .string(let s): return catching { .timestamp(try Timestamp(parsingRFC3339: s)) }
            case .int(let i): return catching { .timestamp(try Timestamp(seconds: i, nanos: 0)) }
            default: return .error(.noSuchOverload("timestamp", [x]))
            }
        })

    static let duration = FunctionDecl(
        "duration", doc: "parses a duration such as `1.5s`, `-2h30m` or `100ms`",
        examples: ["duration('1h') // duration('3600s')", "duration('7d') // error"],
        overloads: [.global("duration_to_duration", [.duration], .duration),
                    .global("string_to_duration", [.string], .duration)],
        implementation: .unary { x in
            switch x {
            case .duration: return x
            case .string(let s): return catching { .duration(try CELDuration(parsing: s)) }
            default: return .error(.noSuchOverload("duration", [x]))
            }
        })

    static let dyn = FunctionDecl(
        "dyn", doc: "the argument unchanged, typed `dyn` for the checker",
        examples: ["dyn(1) // 1"],
        overloads: [.global("to_dyn", [.typeParam("A")], .dyn)],
        implementation: .unary { $0 })

    static let type = FunctionDecl(
        "type", doc: "the type of a value",
        examples: ["type(1) // int", "type('a') == string // true", "type(int) // type"],
        overloads: [.global("type", [.typeParam("A")], .type(.typeParam("A")))],
        implementation: .unary { .type($0.runtimeType) })

    /// Parses a double as CEL's `double(string)` does, also accepting `NaN` and `Infinity`.
    static func parseDouble(_ s: String) -> Swift.Double? {
        switch s {
        case "NaN": return .nan
        case "Infinity", "+Infinity", "Inf", "+Inf", "inf": return .infinity
        case "-Infinity", "-Inf", "-inf": return -.infinity
        default:
            guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || "+-.eE".utf8.contains($0) }) else { return nil }
            return Swift.Double(s)
        }
    }

    /// Formats a double as CEL does: shortest round-trip digits, no trailing `.0`.
    static func formatDouble(_ d: Swift.Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        let text = d.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
