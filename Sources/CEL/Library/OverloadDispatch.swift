extension Implementation {
    /// The boxed implementation of function `name`, derived from the typed bodies of its
    /// overloads: the first overload whose parameter kinds match the arguments' runtime
    /// kinds runs (cel-cpp's `ArgumentKindsMatch`); when none does, the call gives
    /// ``EvalError/noSuchOverload(_:_:)``.
    ///
    /// Every overload must have a body, and all bodies the same arity: the declarations
    /// are the library's own code, checked by every test that evaluates a call.
    static func dispatching(_ name: String, over overloads: [OverloadDecl]) -> Implementation {
        let bodies = overloads.map { overload -> OverloadBody in
            guard let body = overload.body else { preconditionFailure("overload `\(overload.id)` of `\(name)` has no body") }
            return body
        }
        let arities = Set(bodies.map(\.arity))
        precondition(arities.count == 1, "the overloads of `\(name)` take different numbers of arguments")
        switch arities.first {
        case 1?:
            return .unary { x in
                for body in bodies { if let result = body.apply(x) { return result } }
                return .error(.noSuchOverload(name, [x]))
            }
        case 2?:
            return .binary { x, y in
                for body in bodies { if let result = body.apply(x, y) { return result } }
                return .error(.noSuchOverload(name, [x, y]))
            }
        default:
            preconditionFailure("no derived dispatch for the overloads of `\(name)`")
        }
    }
}
