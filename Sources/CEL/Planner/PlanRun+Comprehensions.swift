// The comprehensions of a planning pass (`all`, `exists`, `exists_one`, `map`, `filter`,
// `sortBy`, `min_by`, `max_by`): planned with their variable in a slot of the activation.
extension PlanRun {
    mutating func planComprehension(_ c: Comprehension, id: ExprID) -> Evaluator {
        let range = plan(c.range)
        let slot = environment.firstLocalSlot + locals.count
        locals.append((c.iterVar, slot))
        maxLocals = max(maxLocals, locals.count)
        let filter = c.filter.map { PlannedOperand(plan($0)) }
        let body = plan(c.body)
        locals.removeLast()
        let macro = c.macro
        return { activation in
            let elements: [Value]
            switch range(activation) {
            case .list(let items): elements = items
            case .map(let map): elements = map.keys
            case .error(let e): return .error(e)
            case let other:
                return .error(EvalError("cannot iterate over `\(other.runtimeType)`: expected a list or a map", exprID: id))
            }
            if activation.spend(elements.count) { return activation.overBudget(id) }
            return runComprehension(macro, elements, slot: slot, filter: filter, body: body, activation, id: id)
        }
    }
}

/// Evaluates a macro over `elements`, binding each to `slot`.
fileprivate func runComprehension(
    _ macro: Comprehension.Macro, _ elements: [Value], slot: Int,
    filter: PlannedOperand?, body: Evaluator, _ activation: Activation, id: ExprID
) -> Value {
    switch macro {
    case .all, .exists:
        // `all` stops at the first false, `exists` at the first true; an error elsewhere
        // is the result only if no element decides.
        let decisive = macro == .exists
        var firstError: Value?
        for element in elements {
            activation.slots[slot] = element
            switch body(activation) {
            case .bool(let b):
                if b == decisive { return .bool(decisive) }
            case .error(let e):
                if firstError == nil { firstError = .error(e) }
            case let other:
                if firstError == nil { firstError = .error(EvalError.noSuchOverload(macro.rawValue, [other]).at(id)) }
            }
        }
        return firstError ?? .bool(!decisive)
    case .existsOne:
        var count = 0
        for element in elements {
            activation.slots[slot] = element
            switch body(activation) {
            case .bool(let b): if b { count += 1 }
            case .error(let e): return .error(e)
            case let other: return .error(EvalError.noSuchOverload(macro.rawValue, [other]).at(id))
            }
        }
        return .bool(count == 1)
    case .filter:
        // No list is made while every element is kept: a filter that keeps them all gives
        // its range back (shared, not copied), one that keeps none the empty list.
        var kept: [Value]?
        for (position, element) in elements.enumerated() {
            activation.slots[slot] = element
            switch body(activation) {
            case .bool(true):
                kept?.append(element)
            case .bool(false):
                if kept == nil { kept = Array(elements[..<position]) }
            case .error(let e): return .error(e)
            case let other: return .error(EvalError.noSuchOverload(macro.rawValue, [other]).at(id))
            }
        }
        return .list(kept ?? elements)
    case .map:
        var result: [Value] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            activation.slots[slot] = element
            let keep = filter?.evaluate(activation) ?? .bool(true)
            switch keep {
            case .bool(true): break
            case .bool(false): continue
            case .error(let e): return .error(e)
            case let other: return .error(EvalError.noSuchOverload(macro.rawValue, [other]).at(id))
            }
            let v = body(activation)
            if v.isError { return v }
            result.append(v)
        }
        return .list(result)
    case .sortBy, .minBy, .maxBy:
        var keys: [Value] = []
        keys.reserveCapacity(elements.count)
        for element in elements {
            activation.slots[slot] = element
            let key = body(activation)
            if key.isError { return key }
            keys.append(key)
        }
        switch macro {
        case .sortBy:
            return ListOrder.sorted(elements, byKeys: keys).map(Value.list) ?? .error(ListOrder.orderError(keys).at(id))
        default:
            guard !elements.isEmpty else { return .error(EvalError("`\(macro.rawValue)` of an empty list", exprID: id)) }
            let position = ListOrder.extreme(keys, greatest: macro == .maxBy)
            return position.map { elements[$0] } ?? .error(ListOrder.orderError(keys).at(id))
        }
    }
}
