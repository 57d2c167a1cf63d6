extension Implementation {
    /// The boxed implementation of function `name`, derived from the typed bodies of its
    /// overloads: the first overload whose parameter kinds match the arguments' runtime
    /// kinds runs (cel-cpp's `ArgumentKindsMatch`); when none does, the call gives
    /// ``EvalError/noSuchOverload(_:_:)``.
    ///
    /// Every overload must have a body: the declarations are the library's own code, checked
    /// by every test that evaluates a call. Bodies of one arity give a unary or binary
    /// implementation, of several a variadic one.
    static func dispatching(_ name: String, over overloads: [OverloadDecl]) -> Implementation {
        let bodies = bodies(of: overloads, name)
        if Set(bodies.map(\.arity)).count > 1 {
            // Overloads of several arities (`getHours(t)`, `getHours(t, zone)`).
            return .variadic { args in
                for body in bodies where body.arity == args.count {
                    switch args.count {
                    case 1: if let result = body.apply(args[0]) { return result }
                    case 2: if let result = body.apply(args[0], args[1]) { return result }
                    default: break
                    }
                }
                return .error(.noSuchOverload(name, args))
            }
        }
        switch bodies.first?.arity {
        case 1?:
            return .unary { x in
                for body in bodies { if let result = body.apply(x) { return result } }
                return .error(.noSuchOverload(name, [x]))
            }
        case 2?:
            return .binary(binaryDispatch(name, bodies))
        default:
            preconditionFailure("no derived dispatch for the overloads of `\(name)`")
        }
    }

    /// The derived dispatch of a function of two arguments (see ``dispatching(_:over:)``),
    /// for a host that calls it directly: `sum` adds with `+`'s.
    static func binaryDispatch(_ name: String, over overloads: [OverloadDecl]) -> @Sendable (Value, Value) -> Value {
        binaryDispatch(name, bodies(of: overloads, name))
    }

    private static func binaryDispatch(_ name: String, _ bodies: [OverloadBody]) -> @Sendable (Value, Value) -> Value {
        precondition(bodies.allSatisfy { $0.arity == 2 }, "the overloads of `\(name)` do not all take two arguments")
        return { x, y in
            for body in bodies { if let result = body.apply(x, y) { return result } }
            return .error(.noSuchOverload(name, [x, y]))
        }
    }

    /// The bodies of `overloads`, which must all have one.
    private static func bodies(of overloads: [OverloadDecl], _ name: String) -> [OverloadBody] {
        let bodies = overloads.map { overload -> OverloadBody in
            guard let body = overload.body else { preconditionFailure("overload `\(overload.id)` of `\(name)` has no body") }
            return body
        }
        return bodies
    }
}
