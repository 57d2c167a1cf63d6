/// Gives an error produced by a function the id of the call node.
@inline(__always)
func attributed(_ value: Value, _ id: ExprID) -> Value {
    if case .error(let e) = value, e.exprID == 0 { return .error(e.at(id)) }
    return value
}

@inline(__always)
func attributed(_ error: EvalError, _ id: ExprID) -> EvalError {
    error.exprID == 0 ? error.at(id) : error
}

extension EvalError {
    /// The same error attributed to node `id`.
    func at(_ id: ExprID) -> EvalError {
        var copy = self
        copy.exprID = id
        return copy
    }
}
