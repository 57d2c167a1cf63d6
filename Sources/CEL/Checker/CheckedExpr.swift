/// A parsed expression with the type of every node and the resolution of every name and
/// call, ready for planning.
public struct CheckedExpr: Sendable {
    /// The parsed expression.
    public let parsed: ParsedExpr
    /// The type of the whole expression.
    public let resultType: CELType
    /// Types by node id.
    let types: [ExprID: CELType]
    /// Resolved names and calls by node id.
    let references: [ExprID: Reference]
    /// Whether type errors were tolerated (evaluation then dispatches on runtime values
    /// and reports unknown names as runtime errors).
    public let isLenient: Bool

    /// The type the checker gave node `id`, if it reached it.
    public func type(of id: ExprID) -> CELType? { types[id] }
}
