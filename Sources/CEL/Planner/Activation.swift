/// The variable values of one evaluation, by slot (see ``Environment/slot(of:)``), plus
/// room for comprehension variables.
///
/// An activation is mutable scratch space: use one per thread, and reuse it across
/// evaluations to avoid allocating.
public final class Activation {
    /// Values by slot; unset slots hold an "unbound variable" error.
    // INVARIANT: evaluation never holds an access to `slots` across a call to an evaluator
    // (it reads one slot, or evaluates first and then writes one), so the runtime
    // exclusivity check, which costs on every variable read, is off.
    @exclusivity(unchecked) public var slots: [Value]

    /// The steps an evaluation may take (see ``resetBudget()``): a comprehension spends the
    /// number of elements it iterates over when it starts, and `+` the elements of a list
    /// it joins. Past the budget, comprehensions and joins give an "evaluation budget"
    /// error and ``isOverBudget`` is true, so a host can refuse the whole result (an error
    /// value alone may be absorbed by `||`, `&&`, `exists` or `all`).
    public var stepBudget: Int = Activation.defaultStepBudget {
        didSet { remainingSteps = stepBudget }
    }

    /// 10,000,000 steps: over twenty times what the shipped policies spend on an account with
    /// 20,000 notices (about 400,000), and well under a second of evaluation.
    public static let defaultStepBudget = 10_000_000

    /// What remains of ``stepBudget``; negative once it is exceeded.
    // Inlinable from other modules: hosts ask after every fact and rule.
    @usableFromInline @exclusivity(unchecked) var remainingSteps: Int = Activation.defaultStepBudget

    /// Whether an evaluation since the last ``resetBudget()`` exceeded the budget.
    @inlinable public var isOverBudget: Bool { remainingSteps < 0 }

    /// Gives the whole ``stepBudget`` back, as for a new snapshot.
    public func resetBudget() {
        remainingSteps = stepBudget
    }

    /// Spends `steps`; true when the budget is now exceeded.
    @inline(__always)
    func spend(_ steps: Int) -> Bool {
        remainingSteps &-= steps
        return remainingSteps < 0
    }

    /// The error of a node that found the budget exceeded.
    func overBudget(_ id: ExprID) -> Value {
        .error(overBudgetError(id))
    }

    func overBudgetError(_ id: ExprID) -> EvalError {
        EvalError("evaluation budget of \(stepBudget) steps exceeded", exprID: id)
    }

    /// Whether programs run their typed plans (the default), or their boxed plans only: the
    /// reference the typed plans are tested against (`EvalDifferentialTests`), giving the
    /// same values.
    @exclusivity(unchecked) public var runsTypedPlans = true

    /// Where a traced program (``Program/traced()``) reports node values; untraced programs
    /// never read it.
    public var tracer: (any EvaluationTracer)?

    /// An activation for `environment`, with every variable unbound.
    public init(environment: Environment) {
        slots = environment.slots.sorted { $0.value < $1.value }.map { .error("unbound variable `\($0.key)`") }
    }

    /// An activation for `environment` with the given values by name; names that are not
    /// declared are ignored.
    public convenience init(environment: Environment, bindings: [String: Value]) {
        self.init(environment: environment)
        for (name, value) in bindings {
            if let slot = environment.slot(of: name) { slots[slot] = value }
        }
    }

    /// Binds `slot` to `value`.
    ///
    /// Code outside this module binds slots through here: its own writes to ``slots`` would
    /// be checked for exclusive access at run time on every write, the attribute that turns
    /// the check off applying only to code compiled in this module. Inlinable, so that a host
    /// binding every fact of every snapshot pays no call: an inlined body keeps the access
    /// it was compiled with here, unchecked.
    ///
    /// The value is consumed: a caller's last use of it moves it into the slot, uncopied.
    @inlinable
    public func bind(_ slot: Int, to value: consuming Value) {
        slots[slot] = value
    }

    /// The value bound to `slot`, read as ``bind(_:to:)`` writes: without the run-time
    /// exclusivity check that reading ``slots`` from another module pays.
    @inlinable
    public func value(in slot: Int) -> Value {
        slots[slot]
    }

    /// Makes sure comprehension variables have room.
    @inlinable @inline(__always)
    func reserve(_ count: Int) {
        if slots.count < count { slots.append(contentsOf: repeatElement(.null, count: count - slots.count)) }
    }
}
