/// Limits that keep parsing of hostile or accidental huge input cheap and safe.
public struct ParserOptions: Sendable {
    /// The deepest nesting of parentheses, calls, lists, maps, indexes, unary operators and
    /// conditionals the parser accepts.
    public var maxRecursionDepth = 250
    /// The longest source accepted, in Unicode scalars.
    public var maxExpressionSize = 100_000
    /// The deepest syntax tree accepted, counting long operator and selection chains.
    public var maxASTDepth = 1_000

    /// Creates options with the default limits.
    public init() {}
}
