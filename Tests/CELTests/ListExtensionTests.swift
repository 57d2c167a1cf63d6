import XCTest
@testable import CEL

/// The list extensions (`sortBy`, `min_by`, `max_by`, `sort`, `math.least`,
/// `math.greatest`, `sets.intersects`) and the evaluation step budget.
final class ListExtensionTests: XCTestCase {
    private func environment() -> Environment {
        var env = Environment()
        env.declare("xs", .list(.int))
        env.declare("rows", .list(.map(.string, .dyn)))
        env.declare("values", .list(.dyn))
        return env
    }

    /// The value of `text`, or the error as `error: message`.
    private func eval(_ text: String, _ bindings: [String: Value] = [:], budget: Int? = nil,
                      file: StaticString = #filePath, line: UInt = #line) -> Value {
        let env = environment()
        do {
            let activation = Activation(environment: env, bindings: bindings)
            if let budget { activation.stepBudget = budget }
            return try env.compile(text).evaluate(activation)
        } catch {
            XCTFail("`\(text)`: \(error.diagnostics.map(\.message))", file: file, line: line)
            return .null
        }
    }

    private func rows(_ pairs: [(Int64, String)]) -> Value {
        .list(pairs.map { key, name in
            var map = MapValue()
            map.set("k", .int(key))
            map.set("name", .string(name))
            return .map(map)
        })
    }

    // MARK: Macros

    func testMinByAndMaxByPickTheFirstOfEqualKeys() {
        let bindings = ["rows": rows([(2, "a"), (1, "b"), (3, "c"), (1, "d"), (3, "e")])]
        XCTAssertEqual(eval("rows.min_by(r, r.k).name", bindings).debugText, "\"b\"")
        XCTAssertEqual(eval("rows.max_by(r, r.k).name", bindings).debugText, "\"c\"")
        // The same elements the quadratic idiom picks.
        XCTAssertEqual(eval("rows.filter(r, rows.all(s, s.k <= r.k))[0].name", bindings).debugText, "\"c\"")
    }

    func testMinByOfAnEmptyListIsAnError() {
        XCTAssertEqual(eval("xs.min_by(x, x)", ["xs": .list([])]).debugText, "error(\"`min_by` of an empty list\")")
        XCTAssertTrue(eval("xs.max_by(x, x)", ["xs": .list([])]).isError)
    }

    func testKeysThatDoNotCompareAreAnError() {
        let bindings = ["values": Value.list([.int(1), .string("a")])]
        XCTAssertEqual(eval("values.max_by(v, v)", bindings).debugText,
                       "error(\"no such overload: `<` applied to (int, string)\")")
        // Even one element must have an orderable key, as `<` would require.
        XCTAssertTrue(eval("values.min_by(v, v)", ["values": .list([.null])]).isError)
        // A decimal and a double never compare, though each compares with an int.
        XCTAssertTrue(eval("values.sortBy(v, v)", ["values": .list([.int(1), .decimal(CELDecimal(2)), .double(0.5)])]).isError)
        XCTAssertTrue(eval("values.sortBy(v, v)", ["values": .list([.double(.nan)])]).isError)
    }

    func testSortByIsStable() {
        let bindings = ["rows": rows([(2, "a"), (1, "b"), (2, "c"), (1, "d")])]
        XCTAssertEqual(eval("rows.sortBy(r, r.k).map(r, r.name)", bindings).debugText, "[\"b\", \"d\", \"a\", \"c\"]")
        XCTAssertEqual(eval("rows.sortBy(r, -r.k).map(r, r.name)", bindings).debugText, "[\"a\", \"c\", \"b\", \"d\"]")
    }

    func testTheCheckerTypesTheMacros() throws {
        let env = environment()
        XCTAssertEqual(try env.compile("rows.max_by(r, r.k)").resultType, .map(.string, .dyn))
        XCTAssertEqual(try env.compile("xs.sortBy(x, -x)").resultType, .list(.int))
        XCTAssertEqual(try env.compile("math.least(xs)").resultType, .int)
        XCTAssertThrowsError(try env.compile("xs.min_by(x, [x])")) { error in
            XCTAssertEqual((error as? DiagnosticList)?.diagnostics.first?.code, "check.not-orderable")
        }
        XCTAssertThrowsError(try env.compile("math.least(1)")) { error in
            XCTAssertEqual((error as? DiagnosticList)?.diagnostics.first?.code, "check.no-matching-overload")
        }
    }

    func testANamespaceIsAVariableWhenOneIsDeclared() throws {
        var env = Environment()
        env.declare("math", .map(.string, .dyn))
        // `math` is a variable here, so `math.least(…)` is a member call on it, which no
        // function accepts.
        XCTAssertThrowsError(try env.compile("math.least([1])")) { error in
            XCTAssertEqual((error as? DiagnosticList)?.diagnostics.first?.code, "check.undeclared-function")
        }
    }

    // MARK: sets.intersects

    /// `sets.intersects` agrees with the quadratic `exists` over `==` for values of every
    /// kind, numbers of different kinds included.
    func testIntersectsAgreesWithEquality() throws {
        let pool: [Value] = [
            .null, .bool(true), .int(1), .int(-1), .int(9_007_199_254_740_993), .uint(1), .uint(UInt64.max),
            .double(1.0), .double(1.5), .double(9_007_199_254_740_992), .double(.nan), .double(-0.0), .int(0),
            .decimal(CELDecimal(1)), .decimal(try CELDecimal(parsing: "1.50")), .decimal(try CELDecimal(parsing: "1.00")),
            .string("a"), .string("\u{E9}"), .string("e\u{301}"), .bytes([1]),
            .timestamp(try Timestamp(parsingRFC3339: "2026-12-21T01:00:00Z")), .duration(try CELDuration(parsing: "1h")),
            .date(try CivilDate(parsing: "2026-12-21")), .list([.int(1)]), .list([.double(1)]),
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            let a = (0..<Int.random(in: 0...20, using: &generator)).map { _ in pool[Int.random(in: pool.indices, using: &generator)] }
            let b = (0..<Int.random(in: 0...20, using: &generator)).map { _ in pool[Int.random(in: pool.indices, using: &generator)] }
            let bindings: [String: Value] = ["values": .list(a), "rows": .list(b.map { v in
                var map = MapValue()
                map.set("v", v)
                return .map(map)
            })]
            let expected = eval("values.exists(a, rows.exists(r, a == r.v))", bindings)
            let actual = eval("sets.intersects(values, rows.map(r, r.v))", bindings)
            XCTAssertEqual(actual.debugText, expected.debugText, "\(a.map(\.debugText)) ∩ \(b.map(\.debugText))")
        }
    }

    // MARK: The step budget

    func testNestedComprehensionsEndWithABudgetError() {
        let hundred = Value.list((0..<100).map { .int($0) })
        let env = environment()
        let activation = Activation(environment: env, bindings: ["xs": hundred])
        let text = "xs.exists(a, xs.exists(b, xs.exists(c, xs.exists(d, xs.exists(e, e < 0)))))"
        let value = (try? env.compile(text))?.evaluate(activation)
        XCTAssertEqual(value?.debugText, "error(\"evaluation budget of \(Activation.defaultStepBudget) steps exceeded\")")
        XCTAssertTrue(activation.isOverBudget)
        activation.resetBudget()
        XCTAssertFalse(activation.isOverBudget)
    }

    func testAnExceededBudgetIsKnownEvenWhenTheErrorIsAbsorbed() {
        let env = environment()
        let activation = Activation(environment: env, bindings: ["xs": .list((0..<100).map { .int($0) })])
        activation.stepBudget = 150
        // `||` absorbs the error of the second comprehension, but the activation knows.
        XCTAssertEqual((try? env.compile("xs.exists(x, x == 500) || xs.exists(x, x == 700) || true"))?.evaluate(activation).debugText, "true")
        XCTAssertTrue(activation.isOverBudget)
    }

    func testJoiningListsSpendsTheirElements() {
        let thousand = Value.list((0..<1_000).map { .int($0) })
        XCTAssertEqual(eval("size(xs + xs)", ["xs": thousand], budget: 2_000).debugText, "2000")
        XCTAssertTrue(eval("size(xs + xs)", ["xs": thousand], budget: 1_999).isError)
        XCTAssertEqual(eval("size(['a'] + ['b'])", budget: 2).debugText, "2")
    }

    /// The linear forms stay within a budget that the quadratic idioms of the same results
    /// exceed many times over: 20,000 elements, 100,000 steps.
    func testTheLinearFormsFitWhereTheQuadraticIdiomsDoNot() {
        let many = Value.list((0..<20_000).map { .int(Int64($0 % 977)) })
        let budget = 100_000
        XCTAssertEqual(eval("xs.filter(x, xs.all(y, y <= x))[0]", ["xs": many], budget: budget).isError, true)
        XCTAssertEqual(eval("math.greatest(xs)", ["xs": many], budget: budget).debugText, "976")
        XCTAssertEqual(eval("xs.max_by(x, x)", ["xs": many], budget: budget).debugText, "976")
        XCTAssertEqual(eval("xs.min_by(x, -x)", ["xs": many], budget: budget).debugText, "976")
        XCTAssertEqual(eval("xs.sortBy(x, x)[19999]", ["xs": many], budget: budget).debugText, "976")
        XCTAssertEqual(eval("sets.intersects(xs, xs.map(x, x + 976))", ["xs": many], budget: budget).debugText, "true")
    }
}
