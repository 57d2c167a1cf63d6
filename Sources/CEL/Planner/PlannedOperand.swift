/// An evaluator kept in an array, an optional or a dictionary: as a class field it keeps the closure's
/// own calling convention, where a closure stored in a generic container is called
/// through reabstraction thunks.
final class PlannedOperand: Sendable {
    let evaluate: Evaluator

    init(_ evaluate: @escaping Evaluator) { self.evaluate = evaluate }
}

extension Array where Element == PlannedOperand {
    /// The operands evaluated in order, into `values`; the first error met, if any (the
    /// operands after it are not evaluated).
    @inline(__always)
    func evaluate(_ activation: Activation, into values: inout [Value]) -> Value? {
        values.reserveCapacity(count)
        for operand in self {
            let v = operand.evaluate(activation)
            if v.isError { return v }
            values.append(v)
        }
        return nil
    }
}
