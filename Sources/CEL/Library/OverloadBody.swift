/// The typed code of one overload: a closure over unboxed Swift values, in one of a closed
/// set of shapes named by its parameter and result types (`decimalIntToDecimal` is
/// `(CELDecimal, Int64) -> CELDecimal`).
///
/// Errors are thrown as ``EvalError`` (typed throws: cheaper than a boxed `Value.error`, see
/// benchmarks/RESULTS.md, "Typed closures: what they cost"). A shape whose parameters or
/// result are `Value` is for what is dynamic in CEL (`dyn`, heterogeneous lists); its body
/// may also return an error value. Unboxing the arguments and boxing the result is written
/// here once per shape (``apply(_:)``, ``apply(_:_:)``), so that no function states its
/// signatures a second time as `guard case` patterns.
public enum OverloadBody: Sendable {
    /// `(decimal) -> decimal`.
    case decimalToDecimal(@Sendable (CELDecimal) throws(EvalError) -> CELDecimal)
    /// `(int) -> decimal`.
    case intToDecimal(@Sendable (Int64) throws(EvalError) -> CELDecimal)
    /// `(double) -> decimal`.
    case doubleToDecimal(@Sendable (Double) throws(EvalError) -> CELDecimal)
    /// `(string) -> decimal`.
    case stringToDecimal(@Sendable (String) throws(EvalError) -> CELDecimal)
    /// `(decimal, int) -> decimal`.
    case decimalIntToDecimal(@Sendable (CELDecimal, Int64) throws(EvalError) -> CELDecimal)
    /// `(list) -> Value`: the elements, of any kinds.
    case listToValue(@Sendable ([Value]) throws(EvalError) -> Value)

    /// The number of parameters (the receiver of a member call counts).
    public var arity: Int {
        switch self {
        case .decimalToDecimal, .intToDecimal, .doubleToDecimal, .stringToDecimal, .listToValue: return 1
        case .decimalIntToDecimal: return 2
        }
    }

    /// The body applied to `x`, boxed, when `x` has the runtime kind of the parameter;
    /// nil when it does not (or when the body takes another number of arguments).
    @inline(__always)
    func apply(_ x: Value) -> Value? {
        switch self {
        case .decimalToDecimal(let f):
            guard case .decimal(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .decimal(try f(a)) }
        case .intToDecimal(let f):
            guard case .int(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .decimal(try f(a)) }
        case .doubleToDecimal(let f):
            guard case .double(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .decimal(try f(a)) }
        case .stringToDecimal(let f):
            guard case .string(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .decimal(try f(a)) }
        case .listToValue(let f):
            guard case .list(let a) = x else { return nil }
            return boxed { () throws(EvalError) in try f(a) }
        case .decimalIntToDecimal:
            return nil
        }
    }

    /// The body applied to `x` and `y`, boxed, when they have the runtime kinds of the
    /// parameters; nil when they do not (or when the body takes another number of arguments).
    @inline(__always)
    func apply(_ x: Value, _ y: Value) -> Value? {
        switch self {
        case .decimalIntToDecimal(let f):
            guard case .decimal(let a) = x, case .int(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .decimal(try f(a, b)) }
        case .decimalToDecimal, .intToDecimal, .doubleToDecimal, .stringToDecimal, .listToValue:
            return nil
        }
    }
}

/// The value `body` computes, or the error it throws as an error value.
@inline(__always)
private func boxed(_ body: () throws(EvalError) -> Value) -> Value {
    do { return try body() } catch { return .error(error) }
}

/// Runs a computation on values (decimal, date, timestamp, duration arithmetic) inside an
/// overload's body, its ``ValueError`` thrown on as an ``EvalError`` with the same message.
@inline(__always)
func evaluating<T>(_ body: () throws(ValueError) -> T) throws(EvalError) -> T {
    do { return try body() } catch { throw EvalError(error.message) }
}
