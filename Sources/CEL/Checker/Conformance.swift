/// Evaluation of one case of the CEL conformance suite: an expression, its variable
/// bindings, an optional container and optional declared variable types.
public enum Conformance {
    /// Parses, checks and evaluates `expression`.
    ///
    /// With `declaredTypes`, variables are checked against them; without, each binding's
    /// variable is declared with its value's runtime type. With `checked` false the
    /// expression is evaluated unchecked (names and overloads resolved at run time), as the
    /// suite's `disable_check` cases require. Returns the value, or an error message.
    public static func evaluate(
        _ expression: String, bindings: [String: Value], container: String = "",
        declaredTypes: [String: CELType]? = nil, checked: Bool = true,
        context: LibraryContext = LibraryContext(timeZone: .utc)
    ) -> Result<Value, EvalError> {
        var environment = Environment(context: context, container: container)
        for name in Set(bindings.keys).union(declaredTypes.map { Array($0.keys) } ?? []).sorted() {
            environment.declare(name, declaredTypes?[name] ?? bindings[name].map(staticType) ?? .dyn)
        }
        let source = Source(expression)
        let program: Program
        do {
            let parsed = try Parser().parse(source)
            let checkedExpr = try Checker(environment: environment, lenient: !checked).check(parsed)
            program = Planner(environment: environment).plan(checkedExpr)
        } catch {
            return .failure(EvalError(error.diagnostics.first?.message ?? "invalid expression"))
        }
        switch program.evaluate(Activation(environment: environment, bindings: bindings)) {
        case .error(let e): return .failure(e)
        case let value: return .success(value)
        }
    }

    /// The type to declare for a bound value: its runtime type, with list and map element
    /// types left `dyn`.
    static func staticType(_ value: Value) -> CELType {
        value.runtimeType
    }
}
