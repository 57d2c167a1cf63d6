/// The six comparison operators, for planning a comparison of two values of the same kind
/// without going through the generic implementation.
enum ComparisonOperator: Sendable {
    case equals, notEquals, less, lessEquals, greater, greaterEquals

    init?(function: String) {
        switch function {
        case Operator.equals: self = .equals
        case Operator.notEquals: self = .notEquals
        case Operator.less: self = .less
        case Operator.lessEquals: self = .lessEquals
        case Operator.greater: self = .greater
        case Operator.greaterEquals: self = .greaterEquals
        default: return nil
        }
    }

    /// Whether the operator is `==` or `!=`, which are defined between any two values.
    var isEquality: Bool { self == .equals || self == .notEquals }

    /// The operator applied to two values of one ordered type.
    @inline(__always)
    func holds<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool {
        switch self {
        case .equals: return lhs == rhs
        case .notEquals: return lhs != rhs
        case .less: return lhs < rhs
        case .lessEquals: return lhs <= rhs
        case .greater: return lhs > rhs
        case .greaterEquals: return lhs >= rhs
        }
    }
}
