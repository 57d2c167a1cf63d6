import XCTest
@testable import CEL

/// The type checker: every diagnostic of ``CheckMessage`` with its code, message, help and
/// position (marked `1️⃣` in the text), name resolution in containers, declared object
/// types, and the special rules for `null`, `?:` and the expected result type.
final class CheckerTests: XCTestCase {
    // MARK: - Helpers

    /// An environment with a typed customer, a bill list, `today` and `account`.
    private func environment(container: String = "") -> Environment {
        var env = Environment(container: container)
        env.declare(object: ObjectType(name: "Customer", fields: [
            "class": .string, "category": .string, "important_grade": .int, "balance": .decimal,
        ]))
        env.declare(object: ObjectType(name: "Extra", fields: ["known": .int], allowsOtherFields: true))
        env.declare("customer", .object("Customer"))
        env.declare("extra", .object("Extra"))
        env.declare("account", .map(.string, .dyn))
        env.declare("bills", .list(.map(.string, .dyn)))
        env.declare("today", .date)
        env.declare("count", .int)
        return env
    }

    /// The single diagnostic of compiling the marked text; checks that it sits at `1️⃣`.
    private func diagnostic(_ marked: String, in env: Environment? = nil, expecting: CELType? = nil,
                            file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        let source = MarkedText(marked)
        do {
            _ = try (env ?? environment()).compile(source.text, expecting: expecting)
            XCTFail("`\(source.text)` checked but should not", file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(error.diagnostics.count, 1, "\(error.diagnostics.map(\.message))", file: file, line: line)
            guard let first = error.diagnostics.first else { return nil }
            XCTAssertEqual(first.range.lowerBound, source.first,
                           "`\(first.message)` at offset \(first.range.lowerBound), marked at \(source.first)",
                           file: file, line: line)
            XCTAssertEqual(first.severity, .error, file: file, line: line)
            return first
        }
    }

    /// The result type of `text`, failing the test on diagnostics.
    private func type(of text: String, in env: Environment? = nil, file: StaticString = #filePath, line: UInt = #line) -> CELType? {
        do {
            return try (env ?? environment()).compile(text).resultType
        } catch {
            XCTFail("`\(text)`: \(error.diagnostics.map(\.message))", file: file, line: line)
            return nil
        }
    }

    /// The value of `text` with `bindings`.
    private func value(of text: String, in env: Environment, _ bindings: [String: Value] = [:]) throws -> Value {
        try env.compile(text).evaluate(Activation(environment: env, bindings: bindings))
    }

    // MARK: - The catalogue, one case each

    func testUndeclaredReferenceSuggestsTheNearestName() {
        let d = diagnostic("1️⃣acount.arrears > 0")
        XCTAssertEqual(d?.code, "check.undeclared-reference")
        XCTAssertEqual(d?.message, "undeclared reference to `acount`")
        XCTAssertEqual(d?.help, "did you mean `account`?")
    }

    func testUndeclaredReferenceWithoutNearMiss() {
        let d = diagnostic("count + 1️⃣zebra")
        XCTAssertEqual(d?.code, "check.undeclared-reference")
        XCTAssertEqual(d?.message, "undeclared reference to `zebra`")
        XCTAssertNil(d?.help)
    }

    func testUndeclaredReferenceSuggestsAComprehensionVariable() {
        let d = diagnostic("bills.exists(bill, 1️⃣bil.amount > 0)")
        XCTAssertEqual(d?.message, "undeclared reference to `bil`")
        XCTAssertEqual(d?.help, "did you mean `bill`?")
    }

    func testUndeclaredFunction() {
        let d = diagnostic("1️⃣sise('abc') > 1")
        XCTAssertEqual(d?.code, "check.undeclared-function")
        XCTAssertEqual(d?.message, "undeclared function `sise`")
        XCTAssertEqual(d?.help, "did you mean `size`?")
    }

    func testUndeclaredMemberFunction() {
        let d = diagnostic("'abc'.1️⃣startWith('a')")
        XCTAssertEqual(d?.code, "check.undeclared-function")
        XCTAssertEqual(d?.message, "undeclared function `startWith`")
        XCTAssertEqual(d?.help, "did you mean `startsWith`?")
    }

    func testNoMatchingOverloadForAnOperator() {
        let d = diagnostic("count 1️⃣+ 'a'")
        XCTAssertEqual(d?.code, "check.no-matching-overload")
        XCTAssertEqual(d?.message, "no matching overload for `+` applied to (int, string)")
        XCTAssertEqual(d?.help?.hasPrefix("expected one of: +(int, int); +(uint, uint)"), true, d?.help ?? "")
    }

    func testNoMatchingOverloadForAMember() {
        let d = diagnostic("'abc'.1️⃣startsWith(1)")
        XCTAssertEqual(d?.code, "check.no-matching-overload")
        XCTAssertEqual(d?.message, "no matching overload for `string.startsWith(int)`")
        XCTAssertEqual(d?.help, "expected one of: string.startsWith(string)")
    }

    func testNoMatchingOverloadForDecimalAndDouble() {
        let d = diagnostic("customer.balance 1️⃣> 1.5")
        XCTAssertEqual(d?.message, "no matching overload for `>` applied to (decimal, double)")
    }

    func testUndefinedFieldOfADeclaredObject() {
        let d = diagnostic("customer1️⃣.clas == 'residential'")
        XCTAssertEqual(d?.code, "check.undefined-field")
        XCTAssertEqual(d?.message, "undefined field `clas` of `Customer`")
        XCTAssertEqual(d?.help, "did you mean `class`?")
    }

    func testUndefinedFieldOfADate() {
        let d = diagnostic("today1️⃣.dayy >= 5")
        XCTAssertEqual(d?.code, "check.undefined-field")
        XCTAssertEqual(d?.message, "undefined field `dayy` of `date`")
        XCTAssertEqual(d?.help, "did you mean `day`?")
    }

    func testNoFields() {
        let d = diagnostic("count1️⃣.value")
        XCTAssertEqual(d?.code, "check.no-fields")
        XCTAssertEqual(d?.message, "type `int` has no fields to select")
        XCTAssertNil(d?.help)
    }

    func testNotBoolOperand() {
        let d = diagnostic("1️⃣count && true")
        XCTAssertEqual(d?.code, "check.not-bool")
        XCTAssertEqual(d?.message, "operand of `&&` must be `bool`, found `int`")
        XCTAssertEqual(diagnostic("true || 1️⃣'yes'")?.message, "operand of `||` must be `bool`, found `string`")
    }

    func testNotBoolCondition() {
        XCTAssertEqual(diagnostic("1️⃣count ? 1 : 2")?.message, "condition of `?:` must be `bool`, found `int`")
    }

    func testNotBoolPredicates() {
        XCTAssertEqual(diagnostic("bills.all(b, 1️⃣count)")?.message, "predicate of `all` must be `bool`, found `int`")
        XCTAssertEqual(diagnostic("[1, 2].exists_one(x, x 1️⃣+ 1)")?.message,
                       "predicate of `exists_one` must be `bool`, found `int`")
        XCTAssertEqual(diagnostic("[1, 2].filter(x, 1️⃣x)")?.message, "predicate of `filter` must be `bool`, found `int`")
        XCTAssertEqual(diagnostic("[1, 2].map(x, 1️⃣x, x)")?.message, "filter of `map` must be `bool`, found `int`")
    }

    func testNotIterable() {
        let d = diagnostic("(1️⃣count).all(x, x > 0)")
        XCTAssertEqual(d?.code, "check.not-iterable")
        XCTAssertEqual(d?.message, "cannot iterate over `int`: expected a list or a map")
    }

    func testInvalidMapKey() {
        let d = diagnostic("{1️⃣1.5: 'a'}")
        XCTAssertEqual(d?.code, "check.invalid-map-key")
        XCTAssertEqual(d?.message, "`double` cannot be a map key: use int, uint, bool or string")
    }

    func testWrongResultType() {
        let d = diagnostic("count 1️⃣+ 1", expecting: .bool)
        XCTAssertEqual(d?.code, "check.wrong-result-type")
        XCTAssertEqual(d?.message, "expression must be `bool`, found `int`")
    }

    func testExpectedResultTypeAccepted() throws {
        let env = environment()
        XCTAssertEqual(try env.compile("count > 1", expecting: .bool).resultType, .bool)
        // `dyn` passes any expectation; it is checked at run time by the host.
        XCTAssertEqual(try env.compile("account.flag", expecting: .bool).resultType, .dyn)
        XCTAssertEqual(try env.compile("[1, 2]", expecting: .list(.int)).resultType, .list(.int))
        XCTAssertEqual(diagnostic("1️⃣[1, 2]", expecting: .list(.string))?.message,
                       "expression must be `list(string)`, found `list(int)`")
    }

    func testSeveralDiagnosticsAreSortedByPosition() {
        let source = MarkedText("1️⃣acount > 0 && customer2️⃣.clas == 'x' && today3️⃣.dya > 1")
        XCTAssertThrowsError(try environment().compile(source.text)) { error in
            let list = error as? DiagnosticList
            XCTAssertEqual(list?.diagnostics.map(\.range.lowerBound), source.offsets)
            XCTAssertEqual(list?.diagnostics.map(\.code),
                           ["check.undeclared-reference", "check.undefined-field", "check.undefined-field"])
        }
    }

    func testDiagnosticsAreCapped() {
        let text = (0..<80).map { "x\($0)" }.joined(separator: " + ")
        XCTAssertThrowsError(try environment().compile(text)) { error in
            XCTAssertEqual((error as? DiagnosticList)?.diagnostics.count, Checker.maxDiagnostics)
        }
    }

    // MARK: - Object types

    func testObjectFieldsAreTyped() {
        XCTAssertEqual(type(of: "customer.class"), .string)
        XCTAssertEqual(type(of: "customer.balance"), .decimal)
        XCTAssertEqual(type(of: "customer.balance - 10"), .decimal)
        XCTAssertEqual(type(of: "has(customer.category)"), .bool)
        XCTAssertEqual(diagnostic("has(customer1️⃣.categry)")?.help, "did you mean `category`?")
    }

    func testObjectAllowingOtherFieldsTypesThemDyn() {
        XCTAssertEqual(type(of: "extra.known"), .int)
        XCTAssertEqual(type(of: "extra.anything"), .dyn)
    }

    func testObjectIsAMapAtRunTime() throws {
        let env = environment()
        var customer = MapValue()
        customer.set("class", .string("residential"))
        let result = try value(of: "customer.class == 'residential' && 'class' in customer && customer.size() == 1",
                               in: env, ["customer": .map(customer)])
        XCTAssertEqual(result.debugText, "true")
    }

    func testObjectIterationYieldsFieldNames() {
        XCTAssertEqual(type(of: "customer.map(k, k)"), .list(.string))
    }

    // MARK: - Special rules

    func testComparisonWithNullIsAlwaysAllowed() {
        XCTAssertEqual(type(of: "customer.important_grade != null"), .bool)
        XCTAssertEqual(type(of: "null == today"), .bool)
        XCTAssertEqual(type(of: "count == null"), .bool)
        XCTAssertEqual(diagnostic("count 1️⃣== 'a'")?.message, "no matching overload for `==` applied to (int, string)")
    }

    func testConditionalBranchesJoinToDyn() {
        XCTAssertEqual(type(of: "count > 0 ? 1 : 2"), .int)
        XCTAssertEqual(type(of: "count > 0 ? 1 : 'a'"), .dyn)
        XCTAssertEqual(type(of: "[1, 'a']"), .list(.dyn))
        XCTAssertEqual(type(of: "{'a': 1, 'b': 2u}"), .map(.string, .dyn))
    }

    func testDynAcceptsAnyOverload() {
        // `dyn + int` may be `int + int` or `decimal + int`: the results join to `dyn`.
        XCTAssertEqual(type(of: "account.balance + 1"), .dyn)
        XCTAssertEqual(type(of: "account.balance * 2.0"), .double)
        XCTAssertEqual(type(of: "account.name.startsWith('a')"), .bool)
    }

    func testTypeParametersBindThroughLists() {
        XCTAssertEqual(type(of: "[1, 2] + [3]"), .list(.int))
        XCTAssertEqual(type(of: "bills.map(b, b.amount)"), .list(.dyn))
        XCTAssertEqual(type(of: "[decimal('1'), decimal('2')].sum()"), .decimal)
        XCTAssertEqual(type(of: "[[1], [2]][0]"), .list(.int))
    }

    // MARK: - Names and containers

    func testContainerResolvesMostQualifiedFirst() throws {
        var env = Environment(container: "acme.billing")
        env.declare("acme.billing.limit", .int)
        env.declare("acme.limit", .string)
        env.declare("limit", .bool)
        XCTAssertEqual(try env.compile("limit").resultType, .int)
        XCTAssertEqual(try env.compile(".limit").resultType, .bool, "a leading dot resolves from the root")
        XCTAssertEqual(try env.compile("acme.limit").resultType, .string)
        let bound = ["acme.billing.limit": Value.int(7), "limit": .bool(false), "acme.limit": .string("s")]
        XCTAssertEqual(try value(of: "limit + 1", in: env, bound).debugText, "8")
        XCTAssertEqual(try value(of: ".limit", in: env, bound).debugText, "false")
    }

    func testDottedVariableBeatsFieldSelection() throws {
        var env = Environment()
        env.declare("params.reminder", .map(.string, .int))
        XCTAssertEqual(try env.compile("params.reminder.from_day").resultType, .int)
        var reminder = MapValue()
        reminder.set("from_day", .int(5))
        XCTAssertEqual(try value(of: "params.reminder.from_day", in: env, ["params.reminder": .map(reminder)]).debugText, "5")
    }

    func testTypeNamesAreValues() {
        XCTAssertEqual(type(of: "type(1) == int"), .bool)
        XCTAssertEqual(type(of: "decimal"), .type(.decimal))
    }

    func testComprehensionVariableShadowsAQualifiedName() {
        var env = environment()
        env.declare("b.amount", .string)
        // Inside the comprehension `b` is the element, so `b.amount` is a field selection.
        XCTAssertEqual(type(of: "bills.map(b, b.amount)", in: env), .list(.dyn))
        XCTAssertEqual(type(of: "b.amount", in: env), .string)
    }

    func testRedeclaringKeepsTheSlot() {
        var env = Environment()
        env.declare("a", .int)
        env.declare("b", .int)
        env.declare("a", .string)
        XCTAssertEqual(env.slot(of: "a"), 0)
        XCTAssertEqual(env.slotCount, 2)
        XCTAssertEqual(env.variables["a"], .string)
    }

    // MARK: - Lenient checking

    func testLenientCheckingReportsNothingAndFailsAtRunTime() throws {
        let env = Environment()
        let parsed = try Parser().parse(Source("nope + 1"))
        let checked = try Checker(environment: env, lenient: true).check(parsed)
        XCTAssertTrue(checked.isLenient)
        let result = Planner(environment: env).plan(checked).evaluate(Activation(environment: env))
        guard case .error(let error) = result else { return XCTFail("expected an error, got \(result.debugText)") }
        XCTAssertEqual(error.message, "undeclared reference to `nope`")
    }

    // MARK: - Resolved overloads

    /// The ids of the overloads the checker accepted for the root call of `text`.
    private func resolvedOverloads(_ text: String, lenient: Bool = false) throws -> [String]? {
        let env = environment()
        let checked = try Checker(environment: env, lenient: lenient).check(Parser().parse(Source(text)))
        guard case .function(_, let overloads)? = checked.references[checked.parsed.root.id] else { return nil }
        return overloads
    }

    func testTheCheckerRecordsTheOverloadsACallResolvedTo() throws {
        XCTAssertEqual(try resolvedOverloads("customer.balance + 1"), ["add_decimal_int64"])
        XCTAssertEqual(try resolvedOverloads("today < today"), ["less_date"])
        XCTAssertEqual(try resolvedOverloads("'abc'.startsWith('a')"), ["starts_with_string"])
        // A `dyn` argument keeps every candidate, in declaration order, for run-time dispatch.
        XCTAssertEqual(try resolvedOverloads("-account.x"), ["negate_int64", "negate_double", "negate_decimal", "negate_duration"])
        // An argument that did not check resolves to no overload.
        XCTAssertEqual(try resolvedOverloads("nope + 1", lenient: true), [])
    }
}
