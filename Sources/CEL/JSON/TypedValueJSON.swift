/// The typed JSON encoding of CEL values used by the conformance suite, where every value is a
/// one-member object naming its kind, so int, uint and double stay apart:
/// `{"int64":"3"}` `{"uint64":"3"}` `{"double":1.5}` (or `"NaN"`, `"Infinity"`, `"-Infinity"`)
/// `{"string":"a"}` `{"bytes_b64":"AP8="}` `{"bool":true}` `{"null":true}` `{"list":[…]}`
/// `{"map":[[k,v],…]}` `{"timestamp":"2009-02-13T23:31:30Z"}` `{"duration":"1.5s"}` `{"type":"int"}`,
/// plus the extensions `{"decimal":"312.40"}`, `{"date":"2026-12-21"}` and `{"error":"message"}`.
public enum TypedValueJSON {
    /// Converts a typed value, as ``JSONReader`` read it, into the CEL value it denotes.
    ///
    /// `int64`, `uint64`, `double` and `decimal` also accept JSON numbers; the payload of `null`
    /// is ignored. A `double` written `-0.0` keeps its sign when read with
    /// ``JSONReaderOptions/keepsNegativeZero`` (a plain ``JSONReader`` reads it as the exact
    /// decimal 0, which has none). Throws for any other shape, an unknown kind, or an invalid payload.
    public static func decode(_ v: Value) throws(ValueError) -> Value {
        guard case .map(let object) = v, object.count == 1, case .string(let kind) = object.keys[0] else {
            throw ValueError("typed value must be an object with one member, got \(v.debugText)")
        }
        let payload = object.values[0]
        switch kind {
        case "int64":
            switch payload {
            case .int(let i): return .int(i)
            case .string(let s): if let i = Int64(s) { return .int(i) }
            default: break
            }
        case "uint64":
            switch payload {
            case .int(let i) where i >= 0: return .uint(UInt64(i))
            case .decimal(let d) where d.scale == 0:
                if let u = UInt64(exactly: d.coefficient) { return .uint(u) }
            case .string(let s): if let u = UInt64(s) { return .uint(u) }
            default: break
            }
        case "double":
            switch payload {
            case .double(let d): return .double(d)
            case .int(let i): return .double(Double(i))
            // The decimal's exact text gives the correctly rounded double.
            case .decimal(let d): if let double = Double(d.description) { return .double(double) }
            case .string("NaN"): return .double(.nan)
            case .string("Infinity"): return .double(.infinity)
            case .string("-Infinity"): return .double(-.infinity)
            default: break
            }
        case "decimal":
            switch payload {
            case .int(let i): return .decimal(CELDecimal(i))
            case .decimal(let d): return .decimal(d)
            case .string(let s): return .decimal(try CELDecimal(parsing: s))
            default: break
            }
        case "string":
            if case .string(let s) = payload { return .string(s) }
        case "bytes_b64":
            if case .string(let s) = payload, let bytes = Base64.decode(s) { return .bytes(bytes) }
        case "bool":
            if case .bool(let b) = payload { return .bool(b) }
        case "null":
            return .null
        case "list":
            if case .list(let items) = payload {
                var list: [Value] = []
                list.reserveCapacity(items.count)
                for item in items { list.append(try decode(item)) }
                return .list(list)
            }
        case "map":
            if case .list(let entries) = payload { return .map(try decodeMap(entries)) }
        case "timestamp":
            if case .string(let s) = payload { return .timestamp(try Timestamp(parsingRFC3339: s)) }
        case "duration":
            if case .string(let s) = payload { return .duration(try CELDuration(parsing: s)) }
        case "date":
            if case .string(let s) = payload { return .date(try CivilDate(parsing: s)) }
        case "type":
            if case .string(let name) = payload {
                guard let type = CELType.namedTypes[name] else { throw ValueError("unknown type name `\(name)`") }
                return .type(type)
            }
        case "error":
            if case .string(let message) = payload { return .error(message) }
        default:
            throw ValueError("unknown typed value kind `\(kind)`")
        }
        throw ValueError("invalid `\(kind)` typed value \(payload.debugText)")
    }

    /// Decodes `[[key, value], …]` pairs into a map.
    private static func decodeMap(_ entries: [Value]) throws(ValueError) -> MapValue {
        var map = MapValue(minimumCapacity: entries.count)
        for entry in entries {
            guard case .list(let pair) = entry, pair.count == 2 else {
                throw ValueError("map entry must be a [key, value] pair, got \(entry.debugText)")
            }
            let key = try decode(pair[0])
            guard map.insert(key, try decode(pair[1])) else {
                let problem = map[key] == nil ? "invalid map key" : "duplicate map key"
                throw ValueError("\(problem) \(key.debugText)")
            }
        }
        return map
    }

    /// Writes `v` in the typed encoding.
    public static func encode(_ v: Value, into writer: inout JSONWriter) {
        writer.beginObject()
        switch v {
        case .null:
            writer.key("null")
            writer.bool(true)
        case .bool(let b):
            writer.key("bool")
            writer.bool(b)
        case .int(let i):
            writer.key("int64")
            writer.string(String(i))
        case .uint(let u):
            writer.key("uint64")
            writer.string(String(u))
        case .double(let d):
            writer.key("double")
            writer.double(d)
        case .string(let s):
            writer.key("string")
            writer.string(s)
        case .bytes(let b):
            writer.key("bytes_b64")
            writer.base64(b)
        case .list(let items):
            writer.key("list")
            writer.beginArray()
            for item in items { encode(item, into: &writer) }
            writer.endArray()
        case .map(let map):
            writer.key("map")
            writer.beginArray()
            for (key, item) in zip(map.keys, map.values) {
                writer.beginArray()
                encode(key, into: &writer)
                encode(item, into: &writer)
                writer.endArray()
            }
            writer.endArray()
        case .timestamp(let t):
            writer.key("timestamp")
            writer.string(t.description)
        case .duration(let d):
            writer.key("duration")
            writer.string(d.description)
        case .type(let t):
            writer.key("type")
            writer.string(t.runtimeName)
        case .decimal(let d):
            writer.key("decimal")
            writer.string(d.description)
        case .date(let d):
            writer.key("date")
            writer.string(d.description)
        case .error(let error):
            writer.key("error")
            writer.string(error.message)
        }
        writer.endObject()
    }
}
