// Folds over `map` without the list (#12's move 4): `xs.map(x, e).sum()`,
// `math.least(xs.map(x, e))` and `math.greatest(xs.map(x, e))`, where the mapped expression
// `e` has a typed plan, fold its values as they come instead of collecting them into a list
// that the function then reads.
//
// A fold means what the map and the call mean: the same range (an error, a map or another
// kind is left to the unfused plan), the same steps spent, the first error of `e` as the
// result, `sum`'s additions by `+`'s implementation as `sumOfList` makes them, and the first
// of equal least (greatest) values as `ListOrder.extreme` picks it. Where the typed plan of
// `e` cannot take a value (`null`, `dyn`), the steps are given back and the unfused plan,
// the node's plan without this specialisation, says what the call means.
extension PlanRun {
    /// The fold of a call of `function` on `args` at node `id`, or nil when the call is not
    /// one of the folded forms; `unfused` is the call's plan, its fallback.
    mutating func fold(_ function: String, _ args: [Expr], resolved: [String], id: ExprID,
                       unfused: @escaping Evaluator) -> Evaluator? {
        guard specialising, args.count == 1, resolved.count == 1, case .comprehension(let c) = args[0].kind,
              c.macro == .map, c.filter == nil else { return nil }
        let operation: FoldOperation
        switch function {
        case DecimalFunctions.sum.name where DecimalFunctions.sum.overloads.contains(where: { $0.id == resolved[0] }):
            operation = .sum
        case ListFunctions.least.name where ListFunctions.least.overloads.contains(where: { $0.id == resolved[0] }):
            operation = .extreme(greatest: false, name: function)
        case ListFunctions.greatest.name where ListFunctions.greatest.overloads.contains(where: { $0.id == resolved[0] }):
            operation = .extreme(greatest: true, name: function)
        default:
            return nil
        }
        // The map's range and variable, planned as the map itself plans them.
        let range = plan(c.range)
        let slot = environment.firstLocalSlot + locals.count
        locals.append((c.iterVar, slot))
        maxLocals = max(maxLocals, locals.count)
        let mapped = typed(c.body)
        locals.removeLast()
        let loop = MapLoop(range: range, slot: slot, mapID: args[0].id, unfused: unfused)
        // One closure per kind, written where its types are concrete (see TypedPlan.swift).
        switch (operation, mapped) {
        case (.sum, .decimal(let f)?):
            return { a in loop.sum(a, id) { a throws(TypedFault) in .decimal(try f(a)) } }
        case (.sum, .int(let f)?):
            return { a in loop.sum(a, id) { a throws(TypedFault) in .int(try f(a)) } }
        case (.extreme(let greatest, let name), .decimal(let f)?):
            return { a in loop.extreme(a, greatest, name, id, f, box: Value.decimal) }
        case (.extreme(let greatest, let name), .int(let f)?):
            return { a in loop.extreme(a, greatest, name, id, f, box: Value.int) }
        case (.extreme(let greatest, let name), .date(let f)?):
            return { a in loop.extreme(a, greatest, name, id, f, box: Value.date) }
        case (.extreme(let greatest, let name), .timestamp(let f)?):
            return { a in loop.extreme(a, greatest, name, id, f, box: Value.timestamp) }
        case (.extreme(let greatest, let name), .duration(let f)?):
            return { a in loop.extreme(a, greatest, name, id, f, box: Value.duration) }
        default:
            return nil
        }
    }
}

/// What a fold does with the mapped values.
private enum FoldOperation {
    /// `sum`: adds them.
    case sum
    /// `math.least` or `math.greatest` (`name`): keeps the first least or greatest.
    case extreme(greatest: Bool, name: String)
}

/// The iteration of a folded `map`: its range, its variable's slot, its node (for the budget
/// error), and the unfused plan of the call around it.
private struct MapLoop: Sendable {
    let range: Evaluator
    let slot: Int
    let mapID: ExprID
    let unfused: Evaluator

    /// Runs `body` on each element as the map does; nil when the unfused plan must decide,
    /// else the fold's result or the map's error.
    @inline(__always)
    func run(_ a: Activation, _ body: (Activation) throws(TypedFault) -> Void) -> Value? {
        let steps = a.remainingSteps
        guard case .list(let elements) = range(a) else {
            a.remainingSteps = steps
            return unfused(a)
        }
        if a.spend(elements.count) { return a.overBudget(mapID) }
        for element in elements {
            a.slots[slot] = element
            do throws(TypedFault) { try body(a) } catch {
                switch error {
                case .error(let e): return .error(e)
                case .unboxable:
                    a.remainingSteps = steps
                    return unfused(a)
                }
            }
        }
        return nil
    }

    /// `sum` of the mapped values, added as `DecimalFunctions.sumOfList` adds them.
    @inline(__always)
    func sum(_ a: Activation, _ id: ExprID, _ mapped: (Activation) throws(TypedFault) -> Value) -> Value {
        var total: Value?
        if let decided = run(a, { a throws(TypedFault) in
            let item = try mapped(a)
            guard let sum = total else { total = item; return }
            let next = OperatorFunctions.addValues(sum, item)
            if case .error(let e) = next { throw .error(attributed(e, id)) }
            total = next
        }) { return decided }
        return total ?? .int(0)
    }

    /// The first least (greatest) mapped value, as `ListOrder.extreme` picks it; the
    /// function's error for an empty range.
    @inline(__always)
    func extreme<T: Comparable>(_ a: Activation, _ greatest: Bool, _ name: String, _ id: ExprID,
                                _ mapped: Typed<T>, box: (T) -> Value) -> Value {
        var best: T?
        if let decided = run(a, { a throws(TypedFault) in
            let item = try mapped(a)
            if let current = best, greatest ? !(item > current) : !(item < current) { return }
            best = item
        }) { return decided }
        guard let best else { return attributed(.error("`\(name)` of an empty list"), id) }
        return box(best)
    }
}
