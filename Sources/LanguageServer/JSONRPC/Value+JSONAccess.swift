import CEL

/// Reading the JSON of LSP messages, as the CEL JSON reader gives it (objects are maps with
/// string keys, integers `.int`).
extension Value {
    /// The member `key` of an object; nil for a missing member or a value that is no object.
    subscript(member key: String) -> Value? {
        guard case .map(let map) = self else { return nil }
        return map[key]
    }

    /// The value at a path of object members.
    subscript(path keys: String...) -> Value? {
        var current: Value? = self
        for key in keys { current = current?[member: key] }
        return current
    }

    /// The string, if this is one.
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, if this is one (also a uint that fits).
    var intValue: Int? {
        switch self {
        case .int(let n): return Int(exactly: n)
        case .uint(let n): return Int(exactly: n)
        default: return nil
        }
    }

    /// The elements, if this is a list.
    var listValue: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }
}
