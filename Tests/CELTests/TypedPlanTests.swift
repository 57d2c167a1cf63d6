import XCTest
@testable import CEL

/// A program's typed plan gives what its boxed plan gives (``Activation/runsTypedPlans``):
/// the same value, the same error at the same node, the same budget verdict, for values of
/// the checked kinds, `null`, values of other kinds and errors; and the forms the typed
/// planner is meant to take are planned typed.
final class TypedPlanTests: XCTestCase {
    static let shape = MapShape(fields: ["amount", "due", "kind", "sent_at"])

    static func environment() -> Environment {
        var env = Environment()
        env.declare(object: ObjectType(name: "Bill", fields: ["amount": .decimal, "due": .date, "kind": .string, "sent_at": .timestamp],
                                       shape: shape))
        for (name, type) in [("i", CELType.int), ("j", .int), ("d", .decimal), ("t", .timestamp), ("u", .timestamp),
                             ("day", .date), ("s", .string), ("b", .bool), ("c", .bool), ("span", .duration),
                             ("bills", .list(.object("Bill"))), ("bill", .object("Bill")), ("x", .dyn), ("limits.max", .int)] {
            env.declare(name, type)
        }
        return env
    }

    /// Expressions of every typed form, with operands of every kind of plan (typed, boxed).
    static let expressions = [
        "i < j", "i + j * 2 >= 7", "d > 3", "3 < d", "d - decimal('1.50') == decimal('0.50')", "-d < d",
        "b && c", "b || c", "!b && (c || i > 2)", "b ? i : j", "b ? d : decimal('0')", "b ? s : 'none'",
        "t < u", "t - u > span", "t + span >= u", "day < date('2026-12-21')", "day.day >= 5 && day.month == 12",
        "start_of_day(day) <= t", "add_days(day, i) > day", "s == 'first_reminder'", "s != 'x'", "s in ['a', 'b', 'first_reminder']",
        "bill.amount - d > 0", "bill.kind == s", "bill.sent_at != null && bill.sent_at >= t", "bill == null || bill.due < day",
        "bills.exists(e, e.kind == 'a' && e.amount > d)", "bills.all(e, e.sent_at != null)",
        "size(bills.filter(e, e.due < day)) > i", "decimal(bills.map(e, e.amount).sum()) + decimal('0.00') > d",
        "bills.map(e, e.amount).sum() > d", "decimal(bills.map(e, e.amount - d).sum()) + decimal('0.00')", "bills.map(e, i).sum()",
        "math.least(bills.map(e, e.due))", "math.greatest(bills.map(e, e.sent_at))", "math.least(bills.map(e, e.amount)) < d",
        "math.greatest(bills.map(e, e.due.day))", "math.least(bills.map(e, span))", "math.greatest(bills.map(e, i * 0))",
        "x > 1 && b", "limits.max > i", "x == null", "null != bill.sent_at", "null == null", "i / j > 0", "bills[i].amount > d", "has(bill.kind) && bill.kind == 'a'",
    ]

    /// Values for a variable of `type`: a few of its kind, then `null`, another kind, an error.
    static func values(for type: CELType) throws -> [Value] {
        let others: [Value] = [.null, .string("3"), .int(0), .error(EvalError("bound error", exprID: 0))]
        switch type {
        case .int: return [.int(3), .int(0), .int(.max)] + others
        case .decimal: return [.decimal(try CELDecimal(parsing: "2.00")), .decimal(try CELDecimal(parsing: "-1"))] + others
        case .timestamp:
            return [.timestamp(try Timestamp(parsingRFC3339: "2026-12-01T09:00:00+08:00")),
                    .timestamp(try Timestamp(parsingRFC3339: "2026-12-20T00:00:00Z"))] + others
        case .date: return [.date(try CivilDate(year: 2026, month: 12, day: 5)), .date(try CivilDate(year: 2027, month: 1, day: 1))] + others
        case .string: return [.string("first_reminder"), .string("a")] + others
        case .bool: return [.bool(true), .bool(false)] + others
        case .duration: return [.duration(try CELDuration(parsing: "24h"))] + others
        case .list: return [.list(try bills()), .list(Array(try bills().prefix(2))), .list(Array(try bills().prefix(1))), .list([]),
                            .list([.int(1)])] + others
        case .object: return try bills() + others
        default: return [.int(2), .decimal(try CELDecimal(parsing: "1.5")), .null, .string("x")]
        }
    }

    static func bills() throws -> [Value] {
        [
            .map(MapValue(shape: shape, values: [.decimal(try CELDecimal(parsing: "312.40")), .date(try CivilDate(year: 2026, month: 11, day: 15)),
                                                 .string("a"), .timestamp(try Timestamp(parsingRFC3339: "2026-11-16T09:00:00+08:00"))])),
            .map(MapValue(shape: shape, values: [.decimal(try CELDecimal(parsing: "0")), .date(try CivilDate(year: 2026, month: 12, day: 15)),
                                                 .string("b"), .null])),
            .map(MapValue(shape: shape, values: [.string("oops"), .null, .int(1), .string("late")])),
        ]
    }

    func testTypedPlansGiveWhatBoxedPlansGive() throws {
        let env = Self.environment()
        var compared = 0
        for text in Self.expressions {
            let program = try env.compile(text)
            let names = program.variables.sorted()
            // Every variable bound to each of its values in turn, the others to their first.
            var domains: [String: [Value]] = [:]
            for name in names { domains[name] = try Self.values(for: env.variables[name] ?? .dyn) }
            for varied in names {
                for value in domains[varied] ?? [] {
                    var bindings: [String: Value] = [:]
                    for name in names { bindings[name] = name == varied ? value : domains[name]?.first }
                    for budget in [Activation.defaultStepBudget, 1] {
                        let typed = Activation(environment: env, bindings: bindings)
                        let boxed = Activation(environment: env, bindings: bindings)
                        typed.stepBudget = budget
                        boxed.stepBudget = budget
                        boxed.runsTypedPlans = false
                        let (x, y) = (program.evaluate(typed), program.evaluate(boxed))
                        let place = "\(text) with \(varied) = \(value.debugText), budget \(budget)"
                        XCTAssertEqual(x.debugText, y.debugText, place)
                        if case .error(let e) = x, case .error(let f) = y { XCTAssertEqual(e.exprID, f.exprID, place) }
                        XCTAssertEqual(typed.isOverBudget, boxed.isOverBudget, place)
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 500)
    }

    /// The forms the typed planner takes begin a typed region; the others are left boxed.
    func testTheFormsPoliciesUseArePlannedTyped() throws {
        let env = Self.environment()
        func region(_ text: String) throws -> TypedPlan.Kind? {
            let checked = try Checker(environment: env).check(try Parser().parse(Source(text, name: "t")))
            var run = PlanRun(environment: env, checked: checked, traced: false)
            return run.region(checked.parsed.root)?.kind
        }
        for text in ["b && c", "i < j", "bill.kind == 'a' || bill.sent_at != null", "bill.sent_at != null", "null == bill.due",
                     "bills.exists(e, e.amount > d)",
                     "s in ['a', 'b']", "size(bills) > 0", "!b"] {
            XCTAssertEqual(try region(text), .bool, text)
        }
        XCTAssertEqual(try region("bill.amount - d"), .decimal)
        XCTAssertEqual(try region("start_of_day(add_days(day, 1))"), .timestamp)
        XCTAssertEqual(try region("b ? i : j + 1"), .int)
        XCTAssertEqual(try region("limits.max + 1"), .int)
        // A leaf is read boxed; a list is boxed; `dyn` has no typed plan.
        for text in ["i", "bill.kind", "bills.filter(e, e.amount > d)", "x + 1"] {
            XCTAssertNil(try region(text), text)
        }
        // `sum`, `math.least` and `math.greatest` of a map whose mapped value is typed fold it
        // without a list; a `map` whose mapped value is boxed does not.
        func folds(_ text: String) throws -> Bool {
            let checked = try Checker(environment: env).check(try Parser().parse(Source(text, name: "t")))
            let root = checked.parsed.root
            guard case .function(let decl, let resolved)? = checked.references[root.id] else { return false }
            let args: [Expr]
            switch root.kind {
            case .memberCall(let function, let target, let rest): args = decl.name == function ? [target] + rest : rest
            case .call(_, let rest): args = rest
            default: return false
            }
            var run = PlanRun(environment: env, checked: checked, traced: false)
            return run.fold(decl.name, args, resolved: resolved, id: root.id, unfused: { _ in .null }) != nil
        }
        for text in ["bills.map(e, e.amount).sum()", "sum(bills.map(e, e.amount - d))", "math.least(bills.map(e, e.due))",
                     "math.greatest(bills.map(e, e.sent_at))", "bills.map(e, i).sum()"] {
            XCTAssertTrue(try folds(text), text)
        }
        for text in ["bills.map(e, x).sum()", "math.least(bills.map(e, e.kind))", "bills.map(e, e.amount).size()",
                     "math.least(bills.map(e, e.due).filter(y, y > day))"] {
            XCTAssertFalse(try folds(text), text)
        }
        // A traced plan is boxed throughout: every node reports a boxed value.
        let checked = try Checker(environment: env).check(try Parser().parse(Source("b && c", name: "t")))
        var traced = PlanRun(environment: env, checked: checked, traced: true)
        XCTAssertFalse(traced.specialising)
        _ = traced.plan(checked.parsed.root)
    }
}

/// A `filter` that keeps every element gives its range back without copying it.
final class FilterSharingTests: XCTestCase {
    func testAFilterThatKeepsEverythingSharesItsRange() throws {
        var env = Environment()
        env.declare("xs", .list(.int))
        let items: [Value] = (0..<5).map { .int($0) }
        let all = try env.compile("xs.filter(x, x >= 0)").evaluate(Activation(environment: env, bindings: ["xs": .list(items)]))
        guard case .list(let kept) = all else { return XCTFail("not a list: \(all.debugText)") }
        XCTAssertEqual(kept.withUnsafeBufferPointer { $0.baseAddress }, items.withUnsafeBufferPointer { $0.baseAddress })
        for (text, expected) in [("xs.filter(x, x > 2)", "[3, 4]"), ("xs.filter(x, x < 2)", "[0, 1]"), ("xs.filter(x, x % 2 == 1)", "[1, 3]"),
                                 ("xs.filter(x, x > 9)", "[]")] {
            XCTAssertEqual(try env.compile(text).evaluate(Activation(environment: env, bindings: ["xs": .list(items)])).debugText, expected, text)
        }
    }
}
