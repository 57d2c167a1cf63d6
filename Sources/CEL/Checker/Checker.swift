/// The CEL type checker: types every node, resolves names against the ``Environment``
/// (container, qualified names, comprehension variables) and calls to functions whose
/// overloads accept the argument types.
///
/// In lenient mode (``Checker/init(environment:lenient:)``) nothing is reported: unknown
/// names become runtime errors, which is how CEL evaluates an unchecked expression.
public struct Checker {
    let environment: Environment
    let lenient: Bool

    /// Diagnostics are capped so a pathological expression cannot flood the output.
    static let maxDiagnostics = 50

    public init(environment: Environment, lenient: Bool = false) {
        self.environment = environment
        self.lenient = lenient
    }

    /// Checks `parsed`; with `expected`, the result must be assignable to it.
    public func check(_ parsed: ParsedExpr, expecting expected: CELType? = nil) throws(DiagnosticList) -> CheckedExpr {
        var run = CheckRun(environment: environment, lenient: lenient, sourceInfo: parsed.sourceInfo)
        var resultType = run.check(parsed.root)
        if let expected, !lenient, resultType != .error {
            var bindings: [String: CELType] = [:]
            if !TypeRelation.isAssignable(expected, resultType, &bindings, environment) {
                run.report(.expectedType(expected: expected, found: resultType), at: parsed.root)
                resultType = .error
            }
        }
        if !run.diagnostics.isEmpty {
            throw DiagnosticList(source: parsed.sourceInfo.source, diagnostics: run.diagnostics)
        }
        return CheckedExpr(parsed: parsed, resultType: resultType, types: run.types, references: run.references, isLenient: lenient)
    }
}

/// The state of one checking pass.
private struct CheckRun {
    let environment: Environment
    let lenient: Bool
    let sourceInfo: SourceInfo
    var types: [ExprID: CELType] = [:]
    var references: [ExprID: Reference] = [:]
    var diagnostics: [Diagnostic] = []
    /// Comprehension variables in scope, innermost last.
    var locals: [(name: String, type: CELType)] = []

    init(environment: Environment, lenient: Bool, sourceInfo: SourceInfo) {
        self.environment = environment
        self.lenient = lenient
        self.sourceInfo = sourceInfo
    }

    mutating func report(_ message: CheckMessage, at expr: Expr) {
        guard !lenient, diagnostics.count < Checker.maxDiagnostics else { return }
        let start = sourceInfo.offset(of: expr.id)
        diagnostics.append(message.diagnostic(at: start..<(start + Self.width(of: expr))))
    }

    /// How many bytes of source a diagnostic on `expr` underlines: the name of an
    /// identifier, `.field` of a selection, the function name of a call.
    static func width(of expr: Expr) -> Int {
        switch expr.kind {
        case .ident(let name): return max(1, name.utf8.count)
        case .select(_, let field), .presenceTest(_, let field): return 1 + field.utf8.count
        case .call(let function, _), .memberCall(let function, _, _):
            return function.hasPrefix("_") || function.hasPrefix("!") || function.hasPrefix("@") ? max(1, Operator.display(function).utf8.count) : function.utf8.count
        default: return 1
        }
    }

    mutating func check(_ expr: Expr) -> CELType {
        let type = infer(expr)
        types[expr.id] = type
        return type
    }

    private mutating func infer(_ expr: Expr) -> CELType {
        switch expr.kind {
        case .literal(let literal):
            return literal.type
        case .ident(let name):
            return checkIdent(name, expr)
        case .select(let operand, let field):
            if let name = qualifiedName(of: expr), let resolved = resolveQualified(name, expr) {
                return resolved
            }
            return fieldType(of: check(operand), field, operand: operand, expr)
        case .presenceTest(let operand, let field):
            _ = fieldType(of: check(operand), field, operand: operand, expr)
            return .bool
        case .call(let function, let args):
            return checkCall(function, target: nil, args, expr)
        case .memberCall(let function, let target, let args):
            if let namespaced = namespacedFunction(function, target: target) {
                return checkCall(namespaced, target: nil, args, expr)
            }
            return checkCall(function, target: target, args, expr)
        case .list(let elements):
            return .list(join(elements.map { check($0) }))
        case .map(let entries):
            var keyTypes: [CELType] = []
            var valueTypes: [CELType] = []
            for entry in entries {
                let k = check(entry.key)
                if !k.isValidMapKey, k != .error { report(.invalidMapKey(found: k), at: entry.key) }
                keyTypes.append(k)
                valueTypes.append(check(entry.value))
            }
            return .map(join(keyTypes), join(valueTypes))
        case .comprehension(let c):
            return checkComprehension(c, expr)
        }
    }

    // MARK: Names

    private mutating func checkIdent(_ name: String, _ expr: Expr) -> CELType {
        if !name.hasPrefix("."), let local = locals.last(where: { $0.name == name }) {
            return local.type
        }
        if let resolved = environment.resolve(name) {
            references[expr.id] = resolved
            return type(of: resolved)
        }
        references[expr.id] = .unresolved(name)
        let candidates = Array(environment.variables.keys) + locals.map(\.name)
        report(.undeclaredReference(name: name, suggestion: Suggestion.closest(to: name, in: candidates)), at: expr)
        return .error
    }

    /// `a.b.c` as a dotted name when the selection chain starts at an identifier that is
    /// not a comprehension variable.
    private func qualifiedName(of expr: Expr) -> String? {
        switch expr.kind {
        case .ident(let name):
            if !name.hasPrefix("."), locals.contains(where: { $0.name == name }) { return nil }
            return name
        case .select(let operand, let field):
            return qualifiedName(of: operand).map { $0 + "." + field }
        default:
            return nil
        }
    }

    /// Resolves a dotted name as a whole (the longest declared name wins over field
    /// selection on a shorter one, as CEL specifies).
    private mutating func resolveQualified(_ name: String, _ expr: Expr) -> CELType? {
        guard let resolved = environment.resolve(name) else { return nil }
        references[expr.id] = resolved
        return type(of: resolved)
    }

    /// The name of a namespaced function (`math.least`) when `target.function` is one: the
    /// target is a dotted name that is not a variable, and the library has the whole name.
    private func namespacedFunction(_ function: String, target: Expr) -> String? {
        guard let namespace = qualifiedName(of: target), !namespace.hasPrefix("."),
              environment.resolve(namespace) == nil else { return nil }
        let name = namespace + "." + function
        return environment.library[name] == nil ? nil : name
    }

    private func type(of reference: Reference) -> CELType {
        switch reference {
        case .variable(let name): return environment.variables[name] ?? .dyn
        case .type(let t): return .type(t)
        case .function, .unresolved: return .dyn
        }
    }

    // MARK: Fields

    private mutating func fieldType(of operandType: CELType, _ field: String, operand: Expr, _ expr: Expr) -> CELType {
        switch operandType {
        case .dyn, .error, .typeParam:
            return .dyn
        case .map(let key, let value):
            if key == .string || key == .dyn { return value }
        case .object(let name):
            guard let object = environment.objectTypes[name] else { return .dyn }
            if let t = object.fields[field] { return t }
            if object.allowsOtherFields { return .dyn }
            report(.undefinedField(field: field, type: name,
                                   suggestion: Suggestion.closest(to: field, in: object.fields.keys)), at: expr)
            return .error
        case .date:
            if let t = DateFields.type(of: field) { return t }
            report(.undefinedField(field: field, type: "date", suggestion: Suggestion.closest(to: field, in: DateFields.names)), at: expr)
            return .error
        default:
            break
        }
        report(.noFields(type: operandType), at: expr)
        return .error
    }

    // MARK: Calls

    private mutating func checkCall(_ function: String, target: Expr?, _ args: [Expr], _ expr: Expr) -> CELType {
        var argTypes: [CELType] = []
        if let target { argTypes.append(check(target)) }
        for arg in args { argTypes.append(check(arg)) }

        if target == nil, let special = checkSpecialForm(function, args, argTypes) {
            return special
        }
        return checkOverloads(function, target: target, argTypes, expr)
    }

    /// `&&`, `||`, `?:` and comparisons with `null`, which no overload describes.
    private mutating func checkSpecialForm(_ function: String, _ args: [Expr], _ argTypes: [CELType]) -> CELType? {
        switch function {
        case Operator.logicalAnd, Operator.logicalOr:
            for (i, t) in argTypes.enumerated() where !isBoolLike(t) {
                report(.notBool(context: "operand of `\(Operator.display(function))`", found: t), at: args[i])
            }
            return .bool
        case Operator.conditional:
            if argTypes.count == 3 {
                if !isBoolLike(argTypes[0]) { report(.notBool(context: "condition of `?:`", found: argTypes[0]), at: args[0]) }
                return join([argTypes[1], argTypes[2]])
            }
        case Operator.equals, Operator.notEquals:
            // Comparing anything with `null` is allowed: absent JSON fields are null.
            if argTypes.contains(.null) { return .bool }
        default:
            break
        }
        return nil
    }

    private mutating func checkOverloads(_ function: String, target: Expr?, _ argTypes: [CELType], _ expr: Expr) -> CELType {
        guard let decl = environment.library[function] else {
            references[expr.id] = .unresolved(function)
            report(.undeclaredFunction(name: function, suggestion: Suggestion.closest(to: function, in: environment.library.functions.keys)), at: expr)
            return .error
        }
        references[expr.id] = .function(decl, overloads: [])
        if argTypes.contains(.error) { return .error }

        var results: [CELType] = []
        var accepted: [String] = []
        for overload in decl.overloads where overload.isMember == (target != nil) && overload.params.count == argTypes.count {
            var bindings: [String: CELType] = [:]
            let accepts = zip(overload.params, argTypes).allSatisfy { TypeRelation.isAssignable($0, $1, &bindings, environment) }
            if accepts {
                results.append(TypeRelation.substitute(overload.result, bindings))
                accepted.append(overload.id)
            }
        }
        references[expr.id] = .function(decl, overloads: accepted)
        if results.isEmpty {
            let expected = decl.overloads.filter { $0.isMember == (target != nil) }.map { overload in
                overload.call(overload.isMember ? function : Operator.display(function))
            }
            report(.noMatchingOverload(function: function, member: target != nil, argTypes: argTypes, expected: Array(expected.prefix(6))), at: expr)
            return .error
        }
        return join(results)
    }

    private func isBoolLike(_ t: CELType) -> Bool {
        switch t {
        case .bool, .dyn, .error, .typeParam: return true
        default: return false
        }
    }

    // MARK: Comprehensions

    private mutating func checkComprehension(_ c: Comprehension, _ expr: Expr) -> CELType {
        let rangeType = check(c.range)
        let elementType: CELType
        switch rangeType {
        case .list(let e): elementType = e
        case .map(let k, _): elementType = k
        case .object: elementType = .string
        case .dyn, .error, .typeParam: elementType = .dyn
        default:
            report(.notIterable(found: rangeType), at: c.range)
            elementType = .error
        }
        locals.append((c.iterVar, elementType))
        defer { locals.removeLast() }
        if let filter = c.filter {
            let t = check(filter)
            if !isBoolLike(t) { report(.notBool(context: "filter of `map`", found: t), at: filter) }
        }
        let bodyType = check(c.body)
        switch c.macro {
        case .all, .exists, .existsOne:
            if !isBoolLike(bodyType) { report(.notBool(context: "predicate of `\(c.macro.rawValue)`", found: bodyType), at: c.body) }
            return .bool
        case .filter:
            if !isBoolLike(bodyType) { report(.notBool(context: "predicate of `filter`", found: bodyType), at: c.body) }
            return .list(elementType)
        case .map:
            return .list(bodyType)
        case .sortBy, .minBy, .maxBy:
            if !bodyType.isOrderable { report(.notOrderable(context: "key of `\(c.macro.rawValue)`", found: bodyType), at: c.body) }
            return c.macro == .sortBy ? .list(elementType) : elementType
        }
    }

    /// The common type of several: itself when all agree, else `dyn`.
    private func join(_ types: [CELType]) -> CELType {
        guard let first = types.first(where: { $0 != .error }) else { return types.isEmpty ? .dyn : .error }
        return types.allSatisfy { $0 == first || $0 == .error } ? first : .dyn
    }
}

extension Literal {
    /// The CEL type of the literal.
    var type: CELType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        }
    }
}
