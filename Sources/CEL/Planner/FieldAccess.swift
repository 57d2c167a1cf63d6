/// `value.field` at run time.
func selectField(_ value: Value, _ field: String, id: ExprID) -> Value {
    switch value {
    case .map(let map):
        return map[field] ?? .error(EvalError("no such key: `\(field)`", exprID: id))
    case .date(let d):
        return DateFields.value(d, field) ?? .error(EvalError("undefined field `\(field)` of `date`", exprID: id))
    case .error:
        return value
    default:
        return .error(EvalError("type `\(value.runtimeType)` has no fields to select", exprID: id))
    }
}

/// `has(value.field)` at run time.
func testField(_ value: Value, _ field: String, id: ExprID) -> Value {
    switch value {
    case .map(let map): return .bool(map[field] != nil)
    case .date: return .bool(DateFields.names.contains(field))
    case .error: return value
    default: return .error(EvalError("type `\(value.runtimeType)` has no fields to select", exprID: id))
    }
}
