/// The typed code of one overload: a closure over unboxed Swift values, in one of a closed
/// set of shapes named by its parameter and result types (`decimalIntToDecimal` is
/// `(CELDecimal, Int64) -> CELDecimal`).
///
/// Errors are thrown as ``EvalError`` (typed throws: cheaper than a boxed `Value.error`, see
/// benchmarks/RESULTS.md, "Typed closures: what they cost"). A shape whose parameters or
/// result are `Value` is for what is dynamic in CEL (`dyn`, heterogeneous lists); its body
/// may also return an error value. Unboxing the arguments and boxing the result is written
/// here once per shape (``apply(_:)``, ``apply(_:_:)``), so that no function states its
/// signatures a second time as `guard case` patterns. Shapes are added as functions move
/// to typed bodies, only those some overload uses.
public enum OverloadBody: Sendable {
    /// `(bool) -> bool`.
    case boolToBool(@Sendable (Bool) throws(EvalError) -> Bool)
    /// `(int) -> int`.
    case intToInt(@Sendable (Int64) throws(EvalError) -> Int64)
    /// `(double) -> double`.
    case doubleToDouble(@Sendable (Double) throws(EvalError) -> Double)
    /// `(duration) -> duration`.
    case durationToDuration(@Sendable (CELDuration) throws(EvalError) -> CELDuration)
    /// `(decimal) -> decimal`.
    case decimalToDecimal(@Sendable (CELDecimal) throws(EvalError) -> CELDecimal)
    /// `(int) -> decimal`.
    case intToDecimal(@Sendable (Int64) throws(EvalError) -> CELDecimal)
    /// `(double) -> decimal`.
    case doubleToDecimal(@Sendable (Double) throws(EvalError) -> CELDecimal)
    /// `(string) -> decimal`.
    case stringToDecimal(@Sendable (String) throws(EvalError) -> CELDecimal)
    /// `(list) -> value`.
    case listToValue(@Sendable ([Value]) throws(EvalError) -> Value)
    /// `(string) -> int`.
    case stringToInt(@Sendable (String) throws(EvalError) -> Int64)
    /// `(bytes) -> int`.
    case bytesToInt(@Sendable ([UInt8]) throws(EvalError) -> Int64)
    /// `(list) -> int`.
    case listToInt(@Sendable ([Value]) throws(EvalError) -> Int64)
    /// `(map) -> int`.
    case mapToInt(@Sendable (MapValue) throws(EvalError) -> Int64)
    /// `(timestamp) -> int`.
    case timestampToInt(@Sendable (Timestamp) throws(EvalError) -> Int64)
    /// `(date) -> date`.
    case dateToDate(@Sendable (CivilDate) throws(EvalError) -> CivilDate)
    /// `(timestamp) -> date`.
    case timestampToDate(@Sendable (Timestamp) throws(EvalError) -> CivilDate)
    /// `(string) -> date`.
    case stringToDate(@Sendable (String) throws(EvalError) -> CivilDate)
    /// `(date) -> timestamp`.
    case dateToTimestamp(@Sendable (CivilDate) throws(EvalError) -> Timestamp)
    /// `(timestamp) -> timestamp`.
    case timestampToTimestamp(@Sendable (Timestamp) throws(EvalError) -> Timestamp)
    /// `(date) -> bool`.
    case dateToBool(@Sendable (CivilDate) throws(EvalError) -> Bool)
    /// `(timestamp) -> bool`.
    case timestampToBool(@Sendable (Timestamp) throws(EvalError) -> Bool)
    /// `(duration) -> int`.
    case durationToInt(@Sendable (CELDuration) throws(EvalError) -> Int64)
    /// `(int, int) -> int`.
    case intIntToInt(@Sendable (Int64, Int64) throws(EvalError) -> Int64)
    /// `(uint, uint) -> uint`.
    case uintUintToUint(@Sendable (UInt64, UInt64) throws(EvalError) -> UInt64)
    /// `(double, double) -> double`.
    case doubleDoubleToDouble(@Sendable (Double, Double) throws(EvalError) -> Double)
    /// `(string, string) -> string`.
    case stringStringToString(@Sendable (String, String) throws(EvalError) -> String)
    /// `(string, string) -> bool`.
    case stringStringToBool(@Sendable (String, String) throws(EvalError) -> Bool)
    /// `(timestamp, string) -> int`.
    case timestampStringToInt(@Sendable (Timestamp, String) throws(EvalError) -> Int64)
    /// `(timestamp, string) -> date`.
    case timestampStringToDate(@Sendable (Timestamp, String) throws(EvalError) -> CivilDate)
    /// `(date, int) -> date`.
    case dateIntToDate(@Sendable (CivilDate, Int64) throws(EvalError) -> CivilDate)
    /// `(date, string) -> timestamp`.
    case dateStringToTimestamp(@Sendable (CivilDate, String) throws(EvalError) -> Timestamp)
    /// `(bytes, bytes) -> bytes`.
    case bytesBytesToBytes(@Sendable ([UInt8], [UInt8]) throws(EvalError) -> [UInt8])
    /// `(list, list) -> list`.
    case listListToList(@Sendable ([Value], [Value]) throws(EvalError) -> [Value])
    /// `(decimal, decimal) -> decimal`.
    case decimalDecimalToDecimal(@Sendable (CELDecimal, CELDecimal) throws(EvalError) -> CELDecimal)
    /// `(decimal, int) -> decimal`.
    case decimalIntToDecimal(@Sendable (CELDecimal, Int64) throws(EvalError) -> CELDecimal)
    /// `(int, decimal) -> decimal`.
    case intDecimalToDecimal(@Sendable (Int64, CELDecimal) throws(EvalError) -> CELDecimal)
    /// `(timestamp, timestamp) -> duration`.
    case timestampTimestampToDuration(@Sendable (Timestamp, Timestamp) throws(EvalError) -> CELDuration)
    /// `(timestamp, duration) -> timestamp`.
    case timestampDurationToTimestamp(@Sendable (Timestamp, CELDuration) throws(EvalError) -> Timestamp)
    /// `(duration, timestamp) -> timestamp`.
    case durationTimestampToTimestamp(@Sendable (CELDuration, Timestamp) throws(EvalError) -> Timestamp)
    /// `(duration, duration) -> duration`.
    case durationDurationToDuration(@Sendable (CELDuration, CELDuration) throws(EvalError) -> CELDuration)

    /// The number of parameters (the receiver of a member call counts).
    public var arity: Int {
        switch self {
        case .boolToBool, .intToInt, .doubleToDouble, .durationToDuration, .decimalToDecimal, .intToDecimal, .doubleToDecimal, .stringToDecimal, .listToValue, .stringToInt, .bytesToInt, .listToInt, .mapToInt, .timestampToInt, .dateToDate, .timestampToDate, .stringToDate, .dateToTimestamp, .timestampToTimestamp, .dateToBool, .timestampToBool, .durationToInt: return 1
        case .intIntToInt, .uintUintToUint, .doubleDoubleToDouble, .stringStringToString, .stringStringToBool, .timestampStringToInt, .timestampStringToDate, .dateIntToDate, .dateStringToTimestamp, .bytesBytesToBytes, .listListToList, .decimalDecimalToDecimal, .decimalIntToDecimal, .intDecimalToDecimal, .timestampTimestampToDuration, .timestampDurationToTimestamp, .durationTimestampToTimestamp, .durationDurationToDuration: return 2
        }
    }

    /// The body applied to `x`, boxed, when `x` has the runtime kind of the parameter;
    /// nil when it does not (or when the body takes another number of arguments).
    @inline(__always)
    func apply(_ x: Value) -> Value? {
        switch self {
        case .boolToBool(let f):
            guard case .bool(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .bool(try f(a)) }
        case .intToInt(let f):
            guard case .int(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .int(try f(a)) }
        case .doubleToDouble(let f):
            guard case .double(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .double(try f(a)) }
        case .durationToDuration(let f):
            guard case .duration(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .duration(try f(a)) }
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
        case .stringToInt(let f):
            guard case .string(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .int(try f(a)) }
        case .bytesToInt(let f):
            guard case .bytes(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .int(try f(a)) }
        case .listToInt(let f):
            guard case .list(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .int(try f(a)) }
        case .mapToInt(let f):
            guard case .map(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .int(try f(a)) }
        case .timestampToInt(let f):
            guard case .timestamp(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .int(try f(a)) }
        case .dateToDate(let f):
            guard case .date(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .date(try f(a)) }
        case .timestampToDate(let f):
            guard case .timestamp(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .date(try f(a)) }
        case .stringToDate(let f):
            guard case .string(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .date(try f(a)) }
        case .dateToTimestamp(let f):
            guard case .date(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .timestamp(try f(a)) }
        case .timestampToTimestamp(let f):
            guard case .timestamp(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .timestamp(try f(a)) }
        case .dateToBool(let f):
            guard case .date(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .bool(try f(a)) }
        case .timestampToBool(let f):
            guard case .timestamp(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .bool(try f(a)) }
        case .durationToInt(let f):
            guard case .duration(let a) = x else { return nil }
            return boxed { () throws(EvalError) in .int(try f(a)) }
        case .intIntToInt, .uintUintToUint, .doubleDoubleToDouble, .stringStringToString, .stringStringToBool, .timestampStringToInt, .timestampStringToDate, .dateIntToDate, .dateStringToTimestamp, .bytesBytesToBytes, .listListToList, .decimalDecimalToDecimal, .decimalIntToDecimal, .intDecimalToDecimal, .timestampTimestampToDuration, .timestampDurationToTimestamp, .durationTimestampToTimestamp, .durationDurationToDuration:
            return nil
        }
    }

    /// The body applied to `x` and `y`, boxed, when they have the runtime kinds of the
    /// parameters; nil when they do not (or when the body takes another number of arguments).
    @inline(__always)
    func apply(_ x: Value, _ y: Value) -> Value? {
        switch self {
        case .intIntToInt(let f):
            guard case .int(let a) = x, case .int(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .int(try f(a, b)) }
        case .uintUintToUint(let f):
            guard case .uint(let a) = x, case .uint(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .uint(try f(a, b)) }
        case .doubleDoubleToDouble(let f):
            guard case .double(let a) = x, case .double(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .double(try f(a, b)) }
        case .stringStringToString(let f):
            guard case .string(let a) = x, case .string(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .string(try f(a, b)) }
        case .stringStringToBool(let f):
            guard case .string(let a) = x, case .string(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .bool(try f(a, b)) }
        case .timestampStringToInt(let f):
            guard case .timestamp(let a) = x, case .string(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .int(try f(a, b)) }
        case .timestampStringToDate(let f):
            guard case .timestamp(let a) = x, case .string(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .date(try f(a, b)) }
        case .dateIntToDate(let f):
            guard case .date(let a) = x, case .int(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .date(try f(a, b)) }
        case .dateStringToTimestamp(let f):
            guard case .date(let a) = x, case .string(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .timestamp(try f(a, b)) }
        case .bytesBytesToBytes(let f):
            guard case .bytes(let a) = x, case .bytes(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .bytes(try f(a, b)) }
        case .listListToList(let f):
            guard case .list(let a) = x, case .list(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .list(try f(a, b)) }
        case .decimalDecimalToDecimal(let f):
            guard case .decimal(let a) = x, case .decimal(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .decimal(try f(a, b)) }
        case .decimalIntToDecimal(let f):
            guard case .decimal(let a) = x, case .int(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .decimal(try f(a, b)) }
        case .intDecimalToDecimal(let f):
            guard case .int(let a) = x, case .decimal(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .decimal(try f(a, b)) }
        case .timestampTimestampToDuration(let f):
            guard case .timestamp(let a) = x, case .timestamp(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .duration(try f(a, b)) }
        case .timestampDurationToTimestamp(let f):
            guard case .timestamp(let a) = x, case .duration(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .timestamp(try f(a, b)) }
        case .durationTimestampToTimestamp(let f):
            guard case .duration(let a) = x, case .timestamp(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .timestamp(try f(a, b)) }
        case .durationDurationToDuration(let f):
            guard case .duration(let a) = x, case .duration(let b) = y else { return nil }
            return boxed { () throws(EvalError) in .duration(try f(a, b)) }
        case .boolToBool, .intToInt, .doubleToDouble, .durationToDuration, .decimalToDecimal, .intToDecimal, .doubleToDecimal, .stringToDecimal, .listToValue, .stringToInt, .bytesToInt, .listToInt, .mapToInt, .timestampToInt, .dateToDate, .timestampToDate, .stringToDate, .dateToTimestamp, .timestampToTimestamp, .dateToBool, .timestampToBool, .durationToInt:
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
