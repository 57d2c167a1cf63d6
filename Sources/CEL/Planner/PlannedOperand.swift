/// An evaluator kept in an array, an optional or a dictionary: as a class field it keeps the closure's
/// own calling convention, where a closure stored in a generic container is called
/// through reabstraction thunks.
final class PlannedOperand: Sendable {
    let evaluate: Evaluator

    init(_ evaluate: @escaping Evaluator) { self.evaluate = evaluate }
}
