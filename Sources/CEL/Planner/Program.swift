/// A checked expression turned into closures, ready to evaluate many times.
///
/// Evaluation never parses, never looks a name or a function up, and is safe to run on
/// many threads at once, each with its own ``Activation``. A program is immutable and
/// shared by reference, so holding or passing one costs a single retain.
public final class Program: Sendable {
    @usableFromInline let root: Evaluator
    /// The same expression planned boxed throughout (``Activation/runsTypedPlans``).
    @usableFromInline let boxedRoot: Evaluator
    /// Slots the program needs: the environment's variables and its comprehension variables.
    public let slotCount: Int
    /// The checked type of the result.
    public let resultType: CELType
    /// Where each node is, to locate runtime errors.
    public let sourceInfo: SourceInfo
    /// What the program was planned from. One reference, so that copying a program (as
    /// evaluation loops do) costs no more than before programs could be traced.
    let origin: PlanOrigin

    init(root: @escaping Evaluator, boxedRoot: @escaping Evaluator, slotCount: Int, resultType: CELType, sourceInfo: SourceInfo, origin: PlanOrigin) {
        self.root = root
        self.boxedRoot = boxedRoot
        self.slotCount = slotCount
        self.resultType = resultType
        self.sourceInfo = sourceInfo
        self.origin = origin
    }

    /// The checked expression the program was planned from (for explaining its nodes).
    public var checked: CheckedExpr { origin.checked }

    /// The environment variables the expression reads (comprehension variables are not
    /// environment variables).
    public var variables: Set<String> {
        var names = Set<String>()
        for case .variable(let name) in checked.references.values { names.insert(name) }
        return names
    }

    /// Whether every node reports its value to ``Activation/tracer``.
    public var isTraced: Bool { origin.isTraced }

    /// Evaluates with the variable values in `activation`. (Inlinable: hosts evaluate a
    /// policy's programs dozens of times a snapshot.)
    @inlinable
    public func evaluate(_ activation: Activation) -> Value {
        activation.reserve(slotCount)
        return activation.runsTypedPlans ? root(activation) : boxedRoot(activation)
    }

    /// The same program planned again so that every node reports its value to the
    /// activation's ``Activation/tracer`` (see ``EvaluationTracer``).
    ///
    /// Planning is done on demand: the program itself stays untraced, so evaluating it
    /// never pays for tracing.
    public func traced() -> Program {
        isTraced ? self : Planner(environment: origin.environment).plan(checked, traced: true)
    }

    /// The line and column of the node a runtime error came from.
    public func location(of error: EvalError) -> (line: Int, column: Int) {
        sourceInfo.source.location(of: sourceInfo.offset(of: error.exprID))
    }
}

/// The checked expression and environment a program was planned from, so that a traced
/// variant can be planned on demand.
final class PlanOrigin: Sendable {
    let checked: CheckedExpr
    let environment: Environment
    let isTraced: Bool

    init(checked: CheckedExpr, environment: Environment, isTraced: Bool) {
        self.checked = checked
        self.environment = environment
        self.isTraced = isTraced
    }
}

/// The compiled form of one expression node.
@usableFromInline typealias Evaluator = @Sendable (Activation) -> Value
