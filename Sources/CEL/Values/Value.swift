/// A CEL runtime value.
///
/// Errors are values too (``Value/error(_:)``): a failing sub-expression yields an error
/// that flows upward until `&&`, `||`, `?:` or a macro absorbs it as the CEL specification
/// says, or until it reaches the host, which reports it with its expression id.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([Value])
    case map(MapValue)
    case timestamp(Timestamp)
    case duration(CELDuration)
    /// A type as a value, as `type(1)` returns (`int`).
    case type(CELType)
    /// Extension: an exact decimal (money).
    case decimal(CELDecimal)
    /// Extension: a calendar date in the host's time zone.
    case date(CivilDate)
    /// A runtime error.
    case error(EvalError)

    /// The CEL type of this value at run time (lists and maps without parameters).
    public var runtimeType: CELType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .list: return .list(.dyn)
        case .map: return .map(.dyn, .dyn)
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .type: return .type(.dyn)
        case .decimal: return .decimal
        case .date: return .date
        case .error: return .error
        }
    }

    /// Whether this value is an error.
    @inlinable public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}

/// A runtime error: what went wrong and in which expression node.
public struct EvalError: Error, Sendable, Hashable {
    /// One line in the house style (lowercase, no final period).
    public var message: String
    /// The node that failed; 0 until the planner attributes it.
    public var exprID: ExprID {
        get { ExprID(storedExprID) }
        set { storedExprID = Int32(truncatingIfNeeded: newValue) }
    }
    // The id and the day are kept in 32 bits each so that the error, like before the day was
    // added, takes three words: a larger payload makes every copy and destruction of a
    // `Value` go through the runtime's generic tuple witnesses (~+10 % instructions in eval).
    // Node ids count the nodes of one expression, far below 2³¹.
    private var storedExprID: Int32
    /// The day as year·10000 + month·100 + day, 0 for none.
    private var uncoveredDayNumber: Int32 = 0

    public init(_ message: String, exprID: ExprID = 0) {
        self.message = message
        self.storedExprID = Int32(truncatingIfNeeded: exprID)
    }

    /// Set when the failure is a day the working-day calendar does not cover: not a fault of
    /// the policy or the data but something the host does not know (the host reports it as
    /// a warning and schedules nothing that needed the day).
    public var uncoveredDay: CivilDate? {
        get {
            guard uncoveredDayNumber != 0 else { return nil }
            let n = Int(uncoveredDayNumber)
            return try? CivilDate(year: n / 10_000, month: n / 100 % 100, day: n % 100)
        }
        set {
            uncoveredDayNumber = newValue.map { Int32($0.year * 10_000 + $0.month * 100 + $0.day) } ?? 0
        }
    }

    /// The error for a call with no matching overload.
    public static func noSuchOverload(_ function: String, _ args: [Value]) -> EvalError {
        let types = args.map { $0.runtimeType.authorName }.joined(separator: ", ")
        return EvalError("no such overload: `\(Operator.display(function))` applied to (\(types))")
    }
}

extension Value {
    /// Shorthand for an error value.
    public static func error(_ message: String) -> Value { .error(EvalError(message)) }
}
