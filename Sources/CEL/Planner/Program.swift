/// A checked expression turned into closures, ready to evaluate many times.
///
/// Evaluation never parses, never looks a name or a function up, and is safe to run on
/// many threads at once, each with its own ``Activation``.
public struct Program: Sendable {
    let root: Evaluator
    /// Slots the program needs: the environment's variables and its comprehension variables.
    public let slotCount: Int
    /// The checked type of the result.
    public let resultType: CELType
    /// Where each node is, to locate runtime errors.
    public let sourceInfo: SourceInfo

    /// Evaluates with the variable values in `activation`.
    public func evaluate(_ activation: Activation) -> Value {
        activation.reserve(slotCount)
        return root(activation)
    }

    /// The line and column of the node a runtime error came from.
    public func location(of error: EvalError) -> (line: Int, column: Int) {
        sourceInfo.source.location(of: sourceInfo.offset(of: error.exprID))
    }
}

/// The compiled form of one expression node.
typealias Evaluator = @Sendable (Activation) -> Value
