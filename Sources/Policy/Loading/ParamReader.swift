import CEL
@preconcurrency import Yams

/// Reads parameter values, typing each by how it is written: integers are `int`, numbers
/// with a fraction exact `decimal`, `7d`/`24h`/`30m` `duration`, `YYYY-MM-DD` `date`,
/// `true`/`false` `bool`, quoted or other text `string`; lists and maps recursively. Unquoted
/// text shaped like a date that names no day (`2026-10-32`) is an error, not a string.
extension NodeReader {
    mutating func paramValue(_ node: Node, depth: Int = 0) -> (Value, CELType)? {
        guard depth < Self.maxDepth else {
            report(.tooDeep(limit: Self.maxDepth), at: node)
            return nil
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, let date = DateText.problem(scalar.string) {
                report(.invalidDate(text: scalar.string, problem: date.problem, hint: date.hint), at: node)
                return nil
            }
            return Self.scalarValue(scalar.string, quoted: scalar.style != .plain)
        case .sequence(let items):
            var values: [Value] = []
            var types: [CELType] = []
            for item in items {
                guard let (v, t) = paramValue(item, depth: depth + 1) else { return nil }
                values.append(v)
                types.append(t)
            }
            let element = types.first.map { first in types.allSatisfy { $0 == first } ? first : .dyn } ?? .dyn
            return (.list(values), .list(element))
        case .mapping:
            var map = MapValue()
            var types: [CELType] = []
            for (name, _, value) in namedEntries(node, in: "a parameter") {
                guard let (v, t) = paramValue(value, depth: depth + 1) else { return nil }
                map.insert(.string(name), v)
                types.append(t)
            }
            let element = types.first.map { first in types.allSatisfy { $0 == first } ? first : .dyn } ?? .dyn
            return (.map(map), .map(.string, element))
        case .alias:
            report(.anchorNotAllowed, at: node)
            return nil
        }
    }

    /// The typed value of a scalar's text.
    static func scalarValue(_ text: String, quoted: Bool) -> (Value, CELType) {
        if quoted { return (.string(text), .string) }
        if text == "true" { return (.bool(true), .bool) }
        if text == "false" { return (.bool(false), .bool) }
        if let i = Int64(text) { return (.int(i), .int) }
        if text.contains("."), let d = try? CELDecimal(parsing: text) { return (.decimal(d), .decimal) }
        if let d = try? CELDuration(parsingPolicyLength: text) { return (.duration(d), .duration) }
        if text.utf8.count == 10, let d = try? CivilDate(parsing: text) { return (.date(d), .date) }
        return (.string(text), .string)
    }
}
