/// Turns a ``CheckedExpr`` into a ``Program``: a tree of closures in which every variable
/// is a slot and every call is bound to its function's implementation.
///
/// A node is planned by its checked type (PlanRun+Typed.swift): where the type is a scalar,
/// to a closure over unboxed values, with the node's boxed plan, from the same planner, as
/// the fallback for what the checked type did not promise (`dyn`, a `null` field).
public struct Planner {
    let environment: Environment

    public init(environment: Environment) {
        self.environment = environment
    }

    /// Plans `checked` for evaluation.
    ///
    /// - Parameter traced: whether every node reports its value to the activation's
    ///   ``Activation/tracer``. The choice is made here, once per node: an untraced
    ///   program contains no tracing code at all.
    public func plan(_ checked: CheckedExpr, traced: Bool = false) -> Program {
        var run = PlanRun(environment: environment, checked: checked, traced: traced)
        let root = run.plan(checked.parsed.root)
        let boxedRoot = traced ? root : run.planBoxed(checked.parsed.root)
        return Program(root: root, boxedRoot: boxedRoot, slotCount: environment.firstLocalSlot + run.maxLocals,
                       resultType: checked.resultType, sourceInfo: checked.parsed.sourceInfo,
                       origin: PlanOrigin(checked: checked, environment: environment, isTraced: traced))
    }
}

/// The state of one planning pass.
struct PlanRun {
    let environment: Environment
    let checked: CheckedExpr
    /// Whether each node's evaluator is wrapped to report its value (see ``Program/traced()``).
    let traced: Bool
    /// Whether nodes of scalar types are planned typed (never in a traced plan, whose every
    /// node reports a boxed value; never inside a typed region's boxed fallback).
    var specialising: Bool
    /// Comprehension variables in scope with their slots, innermost last.
    var locals: [(name: String, slot: Int)] = []
    var maxLocals = 0
    /// Each node's plans, made once: a typed node's operands are planned typed and boxed
    /// (its fallback), and a call tried typed may end boxed, so a node is asked for again;
    /// without these, planning would grow with the depth of the nesting. A node is always
    /// planned in the same scope, so its plan is the same each time.
    var plans: [PlanKey: PlannedOperand] = [:]
    var typedPlans: [ExprID: TypedPlan?] = [:]
    /// The values of calls on literals, computed once (PlanRun+Folding.swift).
    var constants: [ExprID: Value?] = [:]

    init(environment: Environment, checked: CheckedExpr, traced: Bool) {
        self.environment = environment
        self.checked = checked
        self.traced = traced
        specialising = !traced
    }

    /// Plans one node; in a traced plan, its evaluator then reports the node's value.
    mutating func plan(_ expr: Expr) -> Evaluator {
        let key = PlanKey(id: expr.id, specialising: specialising)
        if let known = plans[key] { return known.evaluate }
        let evaluator = planUncached(expr)
        plans[key] = PlannedOperand(evaluator)
        return evaluator
    }

    private mutating func planUncached(_ expr: Expr) -> Evaluator {
        if specialising, let typed = region(expr) {
            return typed.boundary(fallback: planBoxed(expr))
        }
        let evaluator = planNode(expr)
        guard traced else { return evaluator }
        let id = expr.id
        return { activation in
            let value = evaluator(activation)
            activation.tracer?.record(id, value)
            return value
        }
    }

    mutating func planNode(_ expr: Expr) -> Evaluator {
        let id = expr.id
        switch expr.kind {
        case .literal(let literal):
            let value = literal.value
            return { _ in value }
        case .ident(let name):
            if let known = knownValue(expr) { return { _ in known } }
            if !name.hasPrefix("."), let local = locals.last(where: { $0.name == name }) {
                let slot = local.slot
                return { $0.slots[slot] }
            }
            if let reference = checked.references[id], reference.isValue { return planValue(reference, id: id) }
            return unresolved(name, id)
        case .select(let operand, let field):
            if let known = knownValue(expr) { return { _ in known } }
            if let reference = checked.references[id], reference.isValue { return planValue(reference, id: id) }
            if let (position, shape) = recordField(field, of: operand) {
                // A record built from its type's shape: the field is at a known position.
                if !traced, let slot = slot(of: operand) {
                    // A variable's field is read from its slot in place, without copying the
                    // record out first.
                    return { activation in
                        if case .map(let map) = activation.slots[slot],
                           let field = map.value(at: position, ifShapedBy: shape) { return field }
                        return selectField(activation.slots[slot], field, id: id)
                    }
                }
                let target = plan(operand)
                return { activation in
                    let value = target(activation)
                    if case .map(let map) = value, let field = map.value(at: position, ifShapedBy: shape) { return field }
                    return selectField(value, field, id: id)
                }
            }
            let target = plan(operand)
            if case .date? = checked.types[operand.id], let dateField = DateFields.Field(rawValue: field) {
                return { activation in
                    let value = target(activation)
                    if case .date(let date) = value { return .int(dateField.value(of: date)) }
                    return selectField(value, field, id: id)
                }
            }
            return { activation in
                selectField(target(activation), field, id: id)
            }
        case .presenceTest(let operand, let field):
            let target = plan(operand)
            if case .object(let typeName)? = checked.types[operand.id],
               let shape = environment.objectTypes[typeName]?.shape, shape.position(of: field) != nil {
                // A record built from its type's shape has every field of the shape.
                return { activation in
                    let value = target(activation)
                    if case .map(let map) = value, map.shape === shape { return .bool(true) }
                    return testField(value, field, id: id)
                }
            }
            return { activation in
                testField(target(activation), field, id: id)
            }
        case .call(let function, let args):
            return planCall(function, args, id: id)
        case .memberCall(let function, let target, let args):
            if case .function(let decl, _)? = checked.references[id], decl.name != function {
                // A namespaced function (`math.least(xs)`): the target is its namespace.
                return planCall(decl.name, args, id: id)
            }
            return planCall(function, [target] + args, id: id)
        case .list(let elements):
            let literals = elements.compactMap { element -> Value? in
                if case .literal(let literal) = element.kind { return literal.value }
                return nil
            }
            if literals.count == elements.count, !traced {
                // A list of literals (`n.kind in ['a', 'b']`) is built once.
                let list = Value.list(literals)
                return { _ in list }
            }
            let items = elements.map { PlannedOperand(plan($0)) }
            return { activation in
                var values: [Value] = []
                if let error = items.evaluate(activation, into: &values) { return error }
                return .list(values)
            }
        case .map(let entries):
            let planned = entries.map { (id: $0.id, key: PlannedOperand(plan($0.key)), value: PlannedOperand(plan($0.value))) }
            return { activation in
                var map = MapValue(minimumCapacity: planned.count)
                for entry in planned {
                    let k = entry.key.evaluate(activation)
                    if k.isError { return k }
                    let v = entry.value.evaluate(activation)
                    if v.isError { return v }
                    if !map.insert(k, v) {
                        switch k {
                        case .int, .uint, .bool, .string:
                            return .error(EvalError("duplicate map key \(k.debugText)", exprID: entry.id))
                        default:
                            return .error(EvalError("unsupported map key type `\(k.runtimeType)`", exprID: entry.id))
                        }
                    }
                }
                return .map(map)
            }
        case .comprehension(let c):
            return planComprehension(c, id: id)
        }
    }

    /// Plans `expr` and everything under it boxed: the fallback of a typed region, and the
    /// plan ``Program`` runs when an activation asks for boxed plans only.
    mutating func planBoxed(_ expr: Expr) -> Evaluator {
        let saved = specialising
        specialising = false
        defer { specialising = saved }
        return plan(expr)
    }

    /// The position of `field` in the shape of the record type `operand` was checked to
    /// have, and that shape; nil when `operand` is not of a record type with a shape that
    /// holds the field.
    func recordField(_ field: String, of operand: Expr) -> (position: Int, shape: MapShape)? {
        guard case .object(let typeName)? = checked.types[operand.id],
              let shape = environment.objectTypes[typeName]?.shape, let position = shape.position(of: field) else { return nil }
        return (position, shape)
    }

    /// The slot of `expr` when it is a comprehension variable or an environment variable.
    func slot(of expr: Expr) -> Int? {
        guard case .ident(let name) = expr.kind else { return nil }
        if !name.hasPrefix("."), let local = locals.last(where: { $0.name == name }) { return local.slot }
        guard case .variable(let variable)? = checked.references[expr.id] else { return nil }
        return environment.slot(of: variable)
    }

    // Evaluators are returned, never wrapped in an Optional or stored in an Array: a
    // closure in a generic container is called through reabstraction thunks, which cost on
    // every evaluation.

    /// The evaluator of a name that resolved to a value (``Reference/isValue``).
    func planValue(_ reference: Reference, id: ExprID) -> Evaluator {
        switch reference {
        case .variable(let name):
            guard let slot = environment.slot(of: name) else { return unresolved(name, id) }
            return { $0.slots[slot] }
        case .type(let t):
            let value = Value.type(t)
            return { _ in value }
        case .unresolved(let name):
            return unresolved(name, id)
        case .function(let decl, _):
            return unresolved(decl.name, id)  // not reached: callers ask `isValue` first
        }
    }

    func unresolved(_ name: String, _ id: ExprID) -> Evaluator {
        let error = Value.error(EvalError("undeclared reference to `\(name)`", exprID: id))
        return { _ in error }
    }
}

/// A node and whether it was planned specialising (see ``PlanRun/specialising``).
struct PlanKey: Hashable {
    let id: ExprID
    let specialising: Bool
}

extension Literal {
    /// The runtime value of the literal.
    var value: Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bytes(let b): return .bytes(b)
        }
    }
}
