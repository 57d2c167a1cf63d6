/// The catalogue of type-checking diagnostics. Each case carries the data of its message;
/// ``diagnostic(at:)`` renders it in the house style with a stable code. Types are named as
/// policy authors write them (``CELType/authorName``: `timestamp`, not
/// `google.protobuf.Timestamp`).
enum CheckMessage {
    case undeclaredReference(name: String, suggestion: String?)
    case undeclaredFunction(name: String, suggestion: String?)
    case noMatchingOverload(function: String, member: Bool, argTypes: [CELType], expected: [String])
    case undefinedField(field: String, type: String, suggestion: String?)
    case noFields(type: CELType)
    case notBool(context: String, found: CELType)
    case notIterable(found: CELType)
    case notOrderable(context: String, found: CELType)
    case invalidMapKey(found: CELType)
    case expectedType(expected: CELType, found: CELType)

    var code: String {
        switch self {
        case .undeclaredReference: return "check.undeclared-reference"
        case .undeclaredFunction: return "check.undeclared-function"
        case .noMatchingOverload: return "check.no-matching-overload"
        case .undefinedField: return "check.undefined-field"
        case .noFields: return "check.no-fields"
        case .notBool: return "check.not-bool"
        case .notIterable: return "check.not-iterable"
        case .notOrderable: return "check.not-orderable"
        case .invalidMapKey: return "check.invalid-map-key"
        case .expectedType: return "check.wrong-result-type"
        }
    }

    var message: String {
        switch self {
        case .undeclaredReference(let name, _):
            return "undeclared reference to `\(name)`"
        case .undeclaredFunction(let name, _):
            return "undeclared function `\(name)`"
        case .noMatchingOverload(let function, let member, let argTypes, _):
            let shown = Operator.display(function)
            if member, let receiver = argTypes.first {
                let rest = argTypes.dropFirst().map(\.authorName).joined(separator: ", ")
                return "no matching overload for `\(receiver.authorName).\(shown)(\(rest))`"
            }
            let args = argTypes.map(\.authorName).joined(separator: ", ")
            return "no matching overload for `\(shown)` applied to (\(args))"
        case .undefinedField(let field, let type, _):
            return "undefined field `\(field)` of `\(type)`"
        case .noFields(let type):
            return "type `\(type.authorName)` has no fields to select"
        case .notBool(let context, let found):
            return "\(context) must be `bool`, found `\(found.authorName)`"
        case .notIterable(let found):
            return "cannot iterate over `\(found.authorName)`: expected a list or a map"
        case .notOrderable(let context, let found):
            return "\(context) must be orderable, found `\(found.authorName)`"
        case .invalidMapKey(let found):
            return "`\(found.authorName)` cannot be a map key: use int, uint, bool or string"
        case .expectedType(let expected, let found):
            return "expression must be `\(expected.authorName)`, found `\(found.authorName)`"
        }
    }

    var help: String? {
        switch self {
        case .undeclaredReference(_, let s), .undeclaredFunction(_, let s), .undefinedField(_, _, let s):
            return Suggestion.help(for: s)
        case .noMatchingOverload(_, _, _, let expected) where !expected.isEmpty:
            return "expected one of: " + expected.joined(separator: "; ")
        case .notOrderable:
            return "use int, uint, double, decimal, string, bytes, bool, timestamp, duration or date"
        default:
            return nil
        }
    }

    func diagnostic(at range: Range<Int>) -> Diagnostic {
        Diagnostic(code: code, message: message, help: help, range: range)
    }
}
