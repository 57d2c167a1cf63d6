import CEL

/// The type a param's value has, as an override in a policy that `extends` must keep it.
///
/// Scalars have their type (`int`, `decimal`, `duration`, `date`, `bool`, `string`). A
/// list's elements have what all of them have in common (an empty list fits any list); a
/// map is a record whose fields are compared one by one, on the fields both sides have.
indirect enum ParamShape: Equatable {
    case scalar(CELType)
    /// Nil: the list is empty, so any list fits.
    case list(ParamShape?)
    case record([String: ParamShape])
    /// Elements of different types: anything fits.
    case any

    /// The shape of a param value (read by ``NodeReader/paramValue(_:depth:)``).
    init(_ value: Value) {
        switch value {
        case .list(let items):
            self = .list(items.dropFirst().reduce(items.first.map(ParamShape.init)) { shape, item in shape?.merged(with: ParamShape(item)) })
        case .map(let map):
            var fields: [String: ParamShape] = [:]
            for (key, field) in zip(map.keys, map.values) {
                if case .string(let name) = key { fields[name] = ParamShape(field) }
            }
            self = .record(fields)
        default:
            self = .scalar(value.runtimeType)
        }
    }

    /// What this shape and `other` have in common.
    func merged(with other: ParamShape) -> ParamShape {
        switch (self, other) {
        case _ where self == other: return self
        case (.list(nil), .list): return other
        case (.list, .list(nil)): return self
        case (.list(let a?), .list(let b?)): return .list(a.merged(with: b))
        case (.record(let a), .record(let b)): return .record(a.merging(b) { $0.merged(with: $1) })
        default: return .any
        }
    }

    /// The name of the shape for authors: `int`, `list(date)`, `record`.
    var name: String {
        switch self {
        case .scalar(let type): return type.authorName
        case .list(let element?) where element != .any: return "list(\(element.name))"
        case .list: return "list"
        case .record: return "record"
        case .any: return "any value"
        }
    }
}

/// Where an overriding param's value leaves the type of the base's.
struct ParamMismatch {
    /// Inside the value: empty for the value itself, else `[0].to`-style.
    let path: String
    /// The value found there, and its shape.
    let value: Value
    let given: ParamShape
    let base: ParamShape

    /// The first place where `value` does not have the type of `base`, or nil when it has.
    static func find(_ value: Value, against base: ParamShape, path: String = "") -> ParamMismatch? {
        switch (value, base) {
        case (_, .any): return nil
        case (.list(let items), .list(let element)):
            guard let element else { return nil }
            for (i, item) in items.enumerated() {
                if let found = find(item, against: element, path: "\(path)[\(i)]") { return found }
            }
            return nil
        case (.map(let map), .record(let fields)):
            for (key, field) in zip(map.keys, map.values) {
                guard case .string(let name) = key, let expected = fields[name] else { continue }
                if let found = find(field, against: expected, path: "\(path).\(name)") { return found }
            }
            return nil
        default:
            let given = ParamShape(value)
            return given == base ? nil : ParamMismatch(path: path, value: value, given: given, base: base)
        }
    }

    /// How to write the value with the base's type, for the likely slips.
    var hint: String? {
        guard case .scalar(let expected) = base, case .scalar(let found) = given else { return nil }
        switch (found, expected) {
        case (.string, _):
            guard case .string(let text) = value, NodeReader.scalarValue(text, quoted: false).1 == expected else { return nil }
            return "remove the quotes to give \(expected == .int ? "an" : "a") `\(expected.authorName)`"
        case (.int, .decimal):
            return "write a fraction to give a `decimal`, such as `\(PolicyText.describe(value)).0`"
        case (.decimal, .int):
            return "write a whole number to give an `int`"
        case (.int, .duration):
            return "give a length with its unit, such as `\(PolicyText.describe(value))d` (`d`, `h`, `m` or `s`)"
        case (.duration, .int):
            return "write a plain number, without a unit, to give an `int`"
        default:
            return nil
        }
    }
}
