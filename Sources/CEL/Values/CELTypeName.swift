extension CELType {
    /// Parses a type name as CEL writes it: `int`, `list(string)`, `map(string, dyn)`,
    /// `google.protobuf.Timestamp` (or `timestamp`), `decimal`, `date`. Nil when malformed.
    public init?(parsing text: String) {
        var reader = TypeNameReader(text: Array(text.unicodeScalars))
        guard let type = reader.readType(), reader.atEnd else { return nil }
        self = type
    }
}

/// A small recursive reader of type names.
private struct TypeNameReader {
    let text: [Unicode.Scalar]
    var position = 0
    var depth = 0

    var atEnd: Bool {
        mutating get {
            skipSpaces()
            return position == text.count
        }
    }

    mutating func skipSpaces() {
        while position < text.count, text[position] == " " { position += 1 }
    }

    mutating func readName() -> String {
        skipSpaces()
        var name = ""
        while position < text.count, text[position].properties.isAlphabetic || text[position] == "_"
                || text[position] == "." || ("0"..."9").contains(text[position]) {
            name.unicodeScalars.append(text[position])
            position += 1
        }
        return name
    }

    mutating func expect(_ scalar: Unicode.Scalar) -> Bool {
        skipSpaces()
        guard position < text.count, text[position] == scalar else { return false }
        position += 1
        return true
    }

    mutating func readType() -> CELType? {
        depth += 1
        defer { depth -= 1 }
        guard depth < 32 else { return nil }
        let name = readName()
        switch name {
        case "list":
            guard expect("("), let element = readType(), expect(")") else { return nil }
            return .list(element)
        case "map":
            guard expect("("), let key = readType(), expect(","), let value = readType(), expect(")") else { return nil }
            return .map(key, value)
        case "type":
            if expect("(") {
                guard let inner = readType(), expect(")") else { return nil }
                return .type(inner)
            }
            return .type(.dyn)
        case "timestamp": return .timestamp
        case "duration": return .duration
        case "null": return .null
        default:
            if let known = CELType.namedTypes[name] {
                if case .list = known { return .list(.dyn) }
                return known
            }
            return nil
        }
    }
}

extension CELType {
    /// The type's name for messages to policy authors: as CEL writes it (``description``),
    /// except that the protobuf names of timestamps and durations are `timestamp` and
    /// `duration`, and the null type is `null`, as expressions write them.
    public var authorName: String {
        switch self {
        case .timestamp: return "timestamp"
        case .duration: return "duration"
        case .null: return "null"
        case .list(let e): return e == .dyn ? "list" : "list(\(e.authorName))"
        case .map(let k, let v): return k == .dyn && v == .dyn ? "map" : "map(\(k.authorName), \(v.authorName))"
        case .type(let t): return t == .dyn ? "type" : "type(\(t.authorName))"
        default: return description
        }
    }
}
