/// The identifier of one node of a parsed expression. Ids are dense, start at 1 and are
/// unique within one parse; positions (``SourceInfo``) and types (``CheckedExpr``) are
/// keyed by them.
public typealias ExprID = Int

/// One node of a parsed CEL expression.
///
/// Operators are represented as global calls with the operator names of the CEL
/// specification (see ``Operator``); macros (`has`, `all`, `exists`, `exists_one`, `map`,
/// `filter`) are expanded by the parser into ``Expr/Kind/presenceTest(_:field:)`` and
/// ``Expr/Kind/comprehension(_:)`` nodes.
public struct Expr: Sendable {
    /// The node's id, unique within its parse.
    public var id: ExprID
    /// What the node is.
    public var kind: Kind

    /// Creates a node.
    public init(id: ExprID, kind: Kind) {
        self.id = id
        self.kind = kind
    }

    /// The shapes an expression node can take.
    public indirect enum Kind: Sendable {
        /// A literal constant: `1`, `2u`, `3.0`, `"s"`, `b"b"`, `true`, `null`.
        case literal(Literal)
        /// A bare name. A leading dot (`.x`) is kept and means "resolve from the root,
        /// ignoring the container".
        case ident(String)
        /// Field selection `operand.field`.
        case select(Expr, field: String)
        /// The presence test `has(operand.field)`.
        case presenceTest(Expr, field: String)
        /// A global call `f(args)`, including operators (`_+_`, `_[_]`, `!_`, …).
        case call(function: String, args: [Expr])
        /// A receiver-style call `target.f(args)`.
        case memberCall(function: String, target: Expr, args: [Expr])
        /// A list literal `[a, b]`.
        case list([Expr])
        /// A map literal `{k: v}`; each entry keeps its own id for error positions.
        case map([MapEntry])
        /// An expanded macro (`all`, `exists`, `exists_one`, `map`, `filter`).
        case comprehension(Comprehension)
    }
}

/// A constant written in the source.
public enum Literal: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
}

/// One `key: value` entry of a map literal.
public struct MapEntry: Sendable {
    /// The entry's own id (its position is the colon).
    public var id: ExprID
    public var key: Expr
    public var value: Expr

    public init(id: ExprID, key: Expr, value: Expr) {
        self.id = id
        self.key = key
        self.value = value
    }
}

/// An expanded iteration macro over a list (elements) or a map (keys).
public struct Comprehension: Sendable {
    /// Which macro this node came from; it fixes how ``filter`` and ``body`` combine.
    public enum Macro: String, Sendable, CaseIterable {
        /// `r.all(x, body)`: every element satisfies `body`.
        case all
        /// `r.exists(x, body)`: some element satisfies `body`.
        case exists
        /// `r.exists_one(x, body)`: exactly one element satisfies `body`.
        case existsOne = "exists_one"
        /// `r.map(x, body)` or, with ``Comprehension/filter``, `r.map(x, filter, body)`.
        case map
        /// `r.filter(x, body)`: the elements that satisfy `body`.
        case filter
        /// `r.sortBy(x, key)` (extension): the elements, stably sorted by `key`.
        case sortBy
        /// `r.min_by(x, key)` (extension): the first element with the least `key`.
        case minBy = "min_by"
        /// `r.max_by(x, key)` (extension): the first element with the greatest `key`.
        case maxBy = "max_by"

        /// How a call is written, with the types of its parts (`x` is the variable bound to
        /// each element): `list(A).all(x, bool) -> bool`.
        public var signature: String {
            switch self {
            case .all: return "list(A).all(x, bool) -> bool"
            case .exists: return "list(A).exists(x, bool) -> bool"
            case .existsOne: return "list(A).exists_one(x, bool) -> bool"
            case .map: return "list(A).map(x, [bool,] B) -> list(B)"
            case .filter: return "list(A).filter(x, bool) -> list(A)"
            case .sortBy: return "list(A).sortBy(x, key) -> list(A)"
            case .minBy: return "list(A).min_by(x, key) -> A"
            case .maxBy: return "list(A).max_by(x, key) -> A"
            }
        }
    }

    public var macro: Macro
    /// The iteration variable's name.
    public var iterVar: String
    /// The list or map iterated over.
    public var range: Expr
    /// The predicate of a three-argument `map`; `nil` otherwise.
    public var filter: Expr?
    /// The predicate (all, exists, exists_one, filter), the transform (map) or the key
    /// (sortBy, min_by, max_by).
    public var body: Expr

    public init(macro: Macro, iterVar: String, range: Expr, filter: Expr? = nil, body: Expr) {
        self.macro = macro
        self.iterVar = iterVar
        self.range = range
        self.filter = filter
        self.body = body
    }
}

/// The function names the parser gives to operators, as in the CEL specification.
public enum Operator {
    public static let conditional = "_?_:_"
    public static let logicalAnd = "_&&_"
    public static let logicalOr = "_||_"
    public static let logicalNot = "!_"
    public static let negate = "-_"
    public static let equals = "_==_"
    public static let notEquals = "_!=_"
    public static let less = "_<_"
    public static let lessEquals = "_<=_"
    public static let greater = "_>_"
    public static let greaterEquals = "_>=_"
    public static let add = "_+_"
    public static let subtract = "_-_"
    public static let multiply = "_*_"
    public static let divide = "_/_"
    public static let modulo = "_%_"
    public static let index = "_[_]"
    public static let `in` = "@in"

    /// How an operator reads in source, for messages (`_+_` → `+`).
    public static func display(_ function: String) -> String {
        switch function {
        case conditional: return "?:"
        case logicalNot: return "!"
        case negate: return "-"
        case index: return "[]"
        case `in`: return "in"
        default:
            if function.hasPrefix("_"), function.hasSuffix("_"), function.count > 2 {
                return String(function.dropFirst().dropLast())
            }
            return function
        }
    }
}

/// A parsed expression with the positions of its nodes.
public struct ParsedExpr: Sendable {
    /// The root node.
    public var root: Expr
    /// The source text and each node's position in it.
    public var sourceInfo: SourceInfo
    /// One more than the largest id used, so later phases may allocate fresh ids.
    public var nextID: ExprID

    public init(root: Expr, sourceInfo: SourceInfo, nextID: ExprID) {
        self.root = root
        self.sourceInfo = sourceInfo
        self.nextID = nextID
    }
}

extension Expr {
    /// Calls `body` on this node and every node below it, parents first.
    public func forEachNode(_ body: (Expr) -> Void) {
        var stack = [self]
        while let node = stack.popLast() {
            body(node)
            switch node.kind {
            case .literal, .ident: break
            case .select(let operand, _), .presenceTest(let operand, _): stack.append(operand)
            case .call(_, let args): stack.append(contentsOf: args.reversed())
            case .memberCall(_, let target, let args):
                stack.append(contentsOf: args.reversed())
                stack.append(target)
            case .list(let items): stack.append(contentsOf: items.reversed())
            case .map(let entries):
                for entry in entries.reversed() { stack.append(entry.value); stack.append(entry.key) }
            case .comprehension(let c):
                stack.append(c.body)
                if let filter = c.filter { stack.append(filter) }
                stack.append(c.range)
            }
        }
    }

    /// The names this expression reads as variables (`x` of `x.y`), and the fields it
    /// selects directly on each (`params.a` gives `params` → `a`). Comprehension variables
    /// are included; callers subtract what they do not declare.
    public var referencedNames: (names: Set<String>, selections: [String: Set<String>]) {
        var names = Set<String>()
        var selections: [String: Set<String>] = [:]
        forEachNode { node in
            switch node.kind {
            case .ident(let name): names.insert(name)
            case .select(let operand, let field), .presenceTest(let operand, let field):
                if case .ident(let name) = operand.kind { selections[name, default: []].insert(field) }
            default: break
            }
        }
        return (names, selections)
    }
}
