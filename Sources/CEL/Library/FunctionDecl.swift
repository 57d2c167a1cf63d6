/// A CEL function: its name, documentation, typed overloads for the checker, and one
/// implementation that the planner binds to every call at plan time.
///
/// The implementation receives the arguments already evaluated (never errors: the planner
/// propagates an erroneous argument before calling it), with a receiver first for
/// receiver-style calls, and dispatches on the runtime values; a combination that no
/// overload accepts yields ``EvalError/noSuchOverload(_:_:)``. When every overload has a
/// typed ``OverloadDecl/body``, the implementation is derived from the bodies
/// (``init(_:doc:examples:isExtension:overloads:)``); the functions not yet moved to typed
/// bodies still write it by hand.
public struct FunctionDecl: Sendable {
    /// The name as written in expressions (`startsWith`, `_+_`).
    public let name: String
    /// One line saying what the function does.
    public let doc: String
    /// Examples `"expression // expected"`, where `expected` is a CEL expression or `error`;
    /// a test evaluates every one.
    public let examples: [String]
    /// The signatures the checker accepts.
    public let overloads: [OverloadDecl]
    /// The implementation shared by all overloads.
    public let implementation: Implementation
    /// Whether this function is one of the project's extensions to standard CEL.
    public let isExtension: Bool

    public init(
        _ name: String, doc: String, examples: [String] = [], isExtension: Bool = false,
        overloads: [OverloadDecl], implementation: Implementation
    ) {
        self.name = name
        self.doc = doc
        self.examples = examples
        self.overloads = overloads
        self.implementation = implementation
        self.isExtension = isExtension
    }

    /// A function whose overloads all carry a typed ``OverloadDecl/body``: its
    /// implementation is derived from them (``Implementation/dispatching(_:over:)``).
    public init(
        _ name: String, doc: String, examples: [String] = [], isExtension: Bool = false,
        overloads: [OverloadDecl]
    ) {
        self.init(name, doc: doc, examples: examples, isExtension: isExtension, overloads: overloads,
                  implementation: .dispatching(name, over: overloads))
    }
}

/// One signature of a function.
public struct OverloadDecl: Sendable {
    /// A stable id such as `starts_with_string`.
    public let id: String
    /// Whether it is called as `receiver.f(args)`; the receiver is the first parameter.
    public let isMember: Bool
    /// Parameter types (receiver first for members); may use ``CELType/typeParam(_:)``.
    public let params: [CELType]
    /// The result type.
    public let result: CELType
    /// The typed code of this overload; nil for the functions whose implementation is
    /// still written by hand over `Value`s.
    public let body: OverloadBody?

    /// A global overload `f(params) -> result`, with its typed `body`.
    public static func global(_ id: String, _ params: [CELType], _ result: CELType, _ body: OverloadBody? = nil) -> OverloadDecl {
        OverloadDecl(id: id, isMember: false, params: params, result: result, body: body)
    }

    /// A receiver-style overload `params[0].f(params[1...]) -> result`, with its typed `body`.
    public static func member(_ id: String, _ params: [CELType], _ result: CELType, _ body: OverloadBody? = nil) -> OverloadDecl {
        OverloadDecl(id: id, isMember: true, params: params, result: result, body: body)
    }

    /// How a call of this overload of function `name` is written, with parameter types:
    /// `string.startsWith(string)`, `size(list(A))`.
    public func call(_ name: String) -> String {
        isMember
            ? "\(params.first?.authorName ?? "").\(name)(\(params.dropFirst().map(\.authorName).joined(separator: ", ")))"
            : "\(name)(\(params.map(\.authorName).joined(separator: ", ")))"
    }

    /// ``call(_:)`` and the result type: `string.startsWith(string) -> bool`.
    public func signature(_ name: String) -> String {
        "\(call(name)) -> \(result.authorName)"
    }

    /// Whether a receiver of type `type` may call this member overload.
    public func acceptsReceiver(_ type: CELType, in environment: Environment) -> Bool {
        guard isMember, let first = params.first else { return false }
        var bindings: [String: CELType] = [:]
        return TypeRelation.isAssignable(first, type, &bindings, environment)
    }
}

/// The code of a function, by arity so that calls avoid building argument arrays.
///
/// An implementation is pure: its value depends on its arguments alone. The planner relies
/// on it, evaluating a call whose arguments are all literals once, when it plans the call
/// (PlanRun+Folding.swift).
public enum Implementation: Sendable {
    case unary(@Sendable (Value) -> Value)
    case binary(@Sendable (Value, Value) -> Value)
    case ternary(@Sendable (Value, Value, Value) -> Value)
    case variadic(@Sendable ([Value]) -> Value)
}

/// A set of functions by name.
public struct FunctionLibrary: Sendable {
    /// The functions, by name.
    public private(set) var functions: [String: FunctionDecl] = [:]

    /// An empty library.
    public init() {}

    /// Adds functions; a later declaration of the same name replaces the earlier one.
    public mutating func add(_ decls: [FunctionDecl]) {
        for decl in decls { functions[decl.name] = decl }
    }

    /// The function called `name`, if any.
    public subscript(name: String) -> FunctionDecl? { functions[name] }
}
