// `cel-benchmark closures`: what the shape of a planned closure costs, before the planner is
// built on one (design/fast-path.md, Risks). The same tree for `a + b < c` is planned three
// ways and evaluated many times:
//
// - `boxed`: today's planner shape, `(frame) -> Value`, errors as `Value.error`;
// - `typed`: `(frame) throws(EvalError) -> CELDecimal` (or `Int64`, `Bool`), errors thrown;
// - `result`: `(frame) -> Result<CELDecimal, EvalError>`, errors as the other case.
//
// Run it under callgrind with a fixed `--iterations` and subtract a run with `--iterations 0`
// (benchmarks/RESULTS.md, "Typed closures: what they cost").

import CEL

/// The expression tree the closures are planned from, chosen at run time so that the
/// optimiser cannot fold the plan away.
indirect enum ShapeNode {
    case slot(Int)
    case add(ShapeNode, ShapeNode)
    case less(ShapeNode, ShapeNode)
}

/// The variables of one evaluation: boxed values and typed banks side by side.
final class ShapeFrame {
    // INVARIANT: evaluation reads one slot at a time, never holding an access across a call.
    @exclusivity(unchecked) var values: [Value]
    @exclusivity(unchecked) var decimals: [CELDecimal]
    @exclusivity(unchecked) var ints: [Int64]

    init(values: [Value], decimals: [CELDecimal], ints: [Int64]) {
        self.values = values
        self.decimals = decimals
        self.ints = ints
    }
}

/// Today's shape: every node gives a `Value`.
typealias BoxedNode = @Sendable (ShapeFrame) -> Value

/// A decimal (or int, or bool) node with errors as typed throws.
typealias TypedDecimal = @Sendable (ShapeFrame) throws(EvalError) -> CELDecimal
typealias TypedInt = @Sendable (ShapeFrame) throws(EvalError) -> Int64
typealias TypedBool = @Sendable (ShapeFrame) throws(EvalError) -> Bool

/// A decimal (or int, or bool) node with errors as the failure of a `Result`.
typealias ResultDecimal = @Sendable (ShapeFrame) -> Result<CELDecimal, EvalError>
typealias ResultInt = @Sendable (ShapeFrame) -> Result<Int64, EvalError>
typealias ResultBool = @Sendable (ShapeFrame) -> Result<Bool, EvalError>

@inline(never)
func planBoxed(_ node: ShapeNode) -> BoxedNode {
    switch node {
    case .slot(let i):
        return { $0.values[i] }
    case .add(let l, let r):
        let (a, b) = (planBoxed(l), planBoxed(r))
        return { frame in
            let x = a(frame)
            if x.isError { return x }
            let y = b(frame)
            if y.isError { return y }
            switch x {
            case .int(let p):
                if case .int(let q) = y {
                    let (s, o) = p.addingReportingOverflow(q)
                    return o ? .error("integer overflow") : .int(s)
                }
            case .decimal(let p):
                if case .decimal(let q) = y {
                    do throws(ValueError) { return .decimal(try p.adding(q)) } catch { return .error(error.message) }
                }
            default: break
            }
            return .error(.noSuchOverload("_+_", [x, y]))
        }
    case .less(let l, let r):
        let (a, b) = (planBoxed(l), planBoxed(r))
        return { frame in
            let x = a(frame)
            if x.isError { return x }
            let y = b(frame)
            if y.isError { return y }
            switch x {
            case .int(let p): if case .int(let q) = y { return .bool(p < q) }
            case .decimal(let p): if case .decimal(let q) = y { return .bool(p < q) }
            default: break
            }
            return .error(.noSuchOverload("_<_", [x, y]))
        }
    }
}

@inline(never)
func planTypedDecimal(_ node: ShapeNode) -> TypedDecimal {
    switch node {
    case .slot(let i):
        return { $0.decimals[i] }
    case .add(let l, let r):
        let (a, b) = (planTypedDecimal(l), planTypedDecimal(r))
        return { frame throws(EvalError) in
            let x = try a(frame)
            let y = try b(frame)
            do throws(ValueError) { return try x.adding(y) } catch { throw EvalError(error.message) }
        }
    case .less:
        fatalError("a comparison is not a decimal")
    }
}

@inline(never)
func planTypedInt(_ node: ShapeNode) -> TypedInt {
    switch node {
    case .slot(let i):
        return { $0.ints[i] }
    case .add(let l, let r):
        let (a, b) = (planTypedInt(l), planTypedInt(r))
        return { frame throws(EvalError) in
            let (s, o) = try a(frame).addingReportingOverflow(try b(frame))
            if o { throw EvalError("integer overflow") }
            return s
        }
    case .less:
        fatalError("a comparison is not an int")
    }
}

@inline(never)
func planTypedLess(_ node: ShapeNode, decimal: Bool) -> TypedBool {
    guard case .less(let l, let r) = node else { fatalError("not a comparison") }
    if decimal {
        let (a, b) = (planTypedDecimal(l), planTypedDecimal(r))
        return { frame throws(EvalError) in try a(frame) < b(frame) }
    }
    let (a, b) = (planTypedInt(l), planTypedInt(r))
    return { frame throws(EvalError) in try a(frame) < b(frame) }
}

@inline(never)
func planResultDecimal(_ node: ShapeNode) -> ResultDecimal {
    switch node {
    case .slot(let i):
        return { .success($0.decimals[i]) }
    case .add(let l, let r):
        let (a, b) = (planResultDecimal(l), planResultDecimal(r))
        return { frame in
            guard case .success(let x) = a(frame) else { return a(frame) }
            guard case .success(let y) = b(frame) else { return b(frame) }
            do throws(ValueError) { return .success(try x.adding(y)) } catch { return .failure(EvalError(error.message)) }
        }
    case .less:
        fatalError("a comparison is not a decimal")
    }
}

@inline(never)
func planResultInt(_ node: ShapeNode) -> ResultInt {
    switch node {
    case .slot(let i):
        return { .success($0.ints[i]) }
    case .add(let l, let r):
        let (a, b) = (planResultInt(l), planResultInt(r))
        return { frame in
            let x: Int64, y: Int64
            switch a(frame) { case .success(let v): x = v; case .failure(let e): return .failure(e) }
            switch b(frame) { case .success(let v): y = v; case .failure(let e): return .failure(e) }
            let (s, o) = x.addingReportingOverflow(y)
            return o ? .failure(EvalError("integer overflow")) : .success(s)
        }
    case .less:
        fatalError("a comparison is not an int")
    }
}

@inline(never)
func planResultLess(_ node: ShapeNode, decimal: Bool) -> ResultBool {
    guard case .less(let l, let r) = node else { fatalError("not a comparison") }
    if decimal {
        let (a, b) = (planResultDecimal(l), planResultDecimal(r))
        return { frame in
            let x: CELDecimal, y: CELDecimal
            switch a(frame) { case .success(let v): x = v; case .failure(let e): return .failure(e) }
            switch b(frame) { case .success(let v): y = v; case .failure(let e): return .failure(e) }
            return .success(x < y)
        }
    }
    let (a, b) = (planResultInt(l), planResultInt(r))
    return { frame in
        let x: Int64, y: Int64
        switch a(frame) { case .success(let v): x = v; case .failure(let e): return .failure(e) }
        switch b(frame) { case .success(let v): y = v; case .failure(let e): return .failure(e) }
        return .success(x < y)
    }
}

/// `cel-benchmark closures --shape boxed|typed|result --kind decimal|int --iterations N`:
/// evaluates `a + b < c` N times with the chosen closure shape and prints how many were true.
func runClosureShapes(_ arguments: [String]) {
    var shape = "boxed", kind = "decimal", iterations = 1_000_000
    var rest = arguments[...]
    while let flag = rest.popFirst() {
        guard let value = rest.popFirst() else { fail("`\(flag)` needs a value") }
        switch flag {
        case "--shape": shape = value
        case "--kind": kind = value
        case "--iterations":
            guard let n = Int(value), n >= 0 else { fail("`--iterations` needs a number") }
            iterations = n
        default: fail("unknown option `\(flag)`; usage: cel-benchmark closures --shape S --kind K --iterations N")
        }
    }
    let decimal = kind == "decimal"
    let tree = ShapeNode.less(.add(.slot(0), .slot(1)), .slot(2))
    let decimals: [CELDecimal]
    do { decimals = try ["312.40", "12.05", "400.00"].map { try CELDecimal(parsing: $0) } } catch { fail("\(error)") }
    let ints: [Int64] = [31240, 1205, 40000]
    let frame = ShapeFrame(values: decimal ? decimals.map(Value.decimal) : ints.map(Value.int),
                           decimals: decimals, ints: ints)
    var trues = 0
    switch shape {
    case "boxed":
        let root = planBoxed(tree)
        for _ in 0..<iterations { if case .bool(true) = root(frame) { trues &+= 1 } }
    case "typed":
        let root = planTypedLess(tree, decimal: decimal)
        for _ in 0..<iterations { if (try? root(frame)) == true { trues &+= 1 } }
    case "result":
        let root = planResultLess(tree, decimal: decimal)
        for _ in 0..<iterations { if case .success(true) = root(frame) { trues &+= 1 } }
    default:
        fail("unknown shape `\(shape)`: boxed, typed or result")
    }
    print("closures: \(shape) \(kind): \(trues) of \(iterations) true")
}
