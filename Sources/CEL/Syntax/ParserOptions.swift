/// Limits that keep parsing of hostile or accidental huge input cheap and safe.
public struct ParserOptions: Sendable {
    /// The deepest nesting of parentheses, calls, lists, maps, indexes, unary operators and
    /// conditionals the parser accepts.
    public var maxRecursionDepth = 250
    /// The longest source accepted, in Unicode scalars.
    public var maxExpressionSize = 100_000
    /// The deepest syntax tree accepted, counting long operator and selection chains.
    /// The checker, planner and evaluator recurse once per level: 500 levels fit an
    /// 8 MiB stack even in a debug build (about 8 KiB a level), so a main thread can
    /// evaluate anything the parser accepts.
    public var maxASTDepth = 500

    /// Creates options with the default limits.
    public init() {}
}
