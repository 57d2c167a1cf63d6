/// Assignability of types and substitution of type parameters, as overload resolution
/// needs them.
enum TypeRelation {
    /// Whether a value of type `arg` may be passed where `param` is expected, binding the
    /// type parameters of `param` in `bindings`.
    static func isAssignable(_ param: CELType, _ arg: CELType, _ bindings: inout [String: CELType], _ env: Environment) -> Bool {
        switch (param, arg) {
        case (_, .error), (.dyn, _), (_, .dyn):
            return true
        case (.typeParam(let name), _):
            if let bound = bindings[name] {
                if bound == .dyn { return true }
                if isAssignable(bound, arg, &bindings, env) { return true }
                // Widen a parameter bound to one type when a more general one arrives.
                var scratch = bindings
                if isAssignable(arg, bound, &scratch, env) {
                    bindings[name] = arg
                    return true
                }
                return false
            }
            bindings[name] = arg
            return true
        case (.list(let p), .list(let a)):
            return isAssignable(p, a, &bindings, env)
        case (.map(let pk, let pv), .map(let ak, let av)):
            return isAssignable(pk, ak, &bindings, env) && isAssignable(pv, av, &bindings, env)
        case (.map(let pk, let pv), .object):
            return isAssignable(pk, .string, &bindings, env) && isAssignable(pv, .dyn, &bindings, env)
        case (.type, .type):
            // Type values are all of kind `type`, whatever type they denote.
            return true
        case (.object(let p), .object(let a)):
            return p == a
        case (.object, .null):
            return true
        default:
            return param == arg
        }
    }

    /// `type` with its type parameters replaced by their bindings (unbound ones by `dyn`).
    static func substitute(_ type: CELType, _ bindings: [String: CELType]) -> CELType {
        switch type {
        case .typeParam(let name): return bindings[name] ?? .dyn
        case .list(let e): return .list(substitute(e, bindings))
        case .map(let k, let v): return .map(substitute(k, bindings), substitute(v, bindings))
        case .type(let t): return .type(substitute(t, bindings))
        default: return type
        }
    }
}

/// The fields a date value exposes to selection (`d.day`).
enum DateFields {
    static let names = Field.allCases.map(\.rawValue)

    static func type(of field: String) -> CELType? { names.contains(field) ? .int : nil }

    /// The value of field `name` of `date`, or nil when there is no such field.
    static func value(_ date: CivilDate, _ name: String) -> Value? {
        Field(rawValue: name).map { .int($0.value(of: date)) }
    }

    /// A field of a date, resolved once so that a selection planned on a date does not
    /// compare the name on every evaluation.
    enum Field: String, CaseIterable {
        case year, month, day, weekday

        func value(of date: CivilDate) -> Int64 {
            switch self {
            case .year: return Int64(date.year)
            case .month: return Int64(date.month)
            case .day: return Int64(date.day)
            case .weekday: return Int64(date.weekday)
            }
        }
    }
}
