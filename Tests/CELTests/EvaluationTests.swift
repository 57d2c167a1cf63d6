import XCTest
@testable import CEL

/// Evaluation through ``Environment``: errors as values and their absorption, where a
/// runtime error points, the decimal, date and working-day extensions with a holiday
/// calendar, integer overflow, map literals and comprehension scoping.
final class EvaluationTests: XCTestCase {
    // MARK: - Helpers

    /// National Day 2026 in China: 1–7 October off, Sunday 27 September and Saturday
    /// 10 October worked instead; the calendar covers 2026 only.
    private static func nationalDayCalendar() throws -> HolidayCalendar {
        let holidays = try (1...7).map { try CivilDate(year: 2026, month: 10, day: $0) }
        let workdays = [try CivilDate(year: 2026, month: 9, day: 27), try CivilDate(year: 2026, month: 10, day: 10)]
        let year = try CivilDate(year: 2026, month: 1, day: 1)...CivilDate(year: 2026, month: 12, day: 31)
        return HolidayCalendar(holidays: Set(holidays), workdays: Set(workdays), coverage: [year])
    }

    private func environment() throws -> Environment {
        let context = LibraryContext(timeZone: try TimeZoneSpec("Asia/Shanghai"), calendar: try Self.nationalDayCalendar())
        var env = Environment(context: context)
        env.declare("x", .int)
        env.declare("zero", .int)
        env.declare("items", .list(.int))
        env.declare("account", .map(.string, .dyn))
        return env
    }

    private let bindings: [String: Value] = [
        "x": .int(1), "zero": .int(0), "items": .list([.int(0), .int(1), .int(2)]), "account": .map(MapValue()),
    ]

    /// `text` evaluated, written as a CEL expression (`error("…")` for an error).
    private func eval(_ text: String, _ extra: [String: Value] = [:], file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let env = try environment()
            let program = try env.compile(text)
            return program.evaluate(Activation(environment: env, bindings: bindings.merging(extra) { $1 })).debugText
        } catch let error as DiagnosticList {
            XCTFail("`\(text)`: \(error.diagnostics.map(\.message))", file: file, line: line)
        } catch {
            XCTFail("`\(text)`: \(error)", file: file, line: line)
        }
        return ""
    }

    /// The runtime error of the marked text, checking that it points at `1️⃣`.
    private func runtimeError(_ marked: String, file: StaticString = #filePath, line: UInt = #line) throws -> EvalError? {
        let source = MarkedText(marked)
        let env = try environment()
        let program = try env.compile(source.text)
        guard case .error(let error) = program.evaluate(Activation(environment: env, bindings: bindings)) else {
            XCTFail("`\(source.text)` did not fail", file: file, line: line)
            return nil
        }
        XCTAssertEqual(program.sourceInfo.offset(of: error.exprID), source.first, "`\(error.message)`", file: file, line: line)
        return error
    }

    // MARK: - Errors are values

    func testOrAbsorbsAnErrorOnEitherSide() {
        XCTAssertEqual(eval("1 / zero == 1 || true"), "true")
        XCTAssertEqual(eval("true || 1 / zero == 1"), "true")
        XCTAssertEqual(eval("1 / zero == 1 || false"), #"error("division by zero")"#)
        XCTAssertEqual(eval("false || 1 / zero == 1"), #"error("division by zero")"#)
    }

    func testAndAbsorbsAnErrorOnEitherSide() {
        XCTAssertEqual(eval("false && 1 / zero == 1"), "false")
        XCTAssertEqual(eval("1 / zero == 1 && false"), "false")
        XCTAssertEqual(eval("1 / zero == 1 && true"), #"error("division by zero")"#)
        XCTAssertEqual(eval("account.missing && false"), "false")
    }

    func testFirstErrorWinsWhenNothingAbsorbs() {
        XCTAssertEqual(eval("1 / zero == 1 || [][0] == 1"), #"error("division by zero")"#)
        XCTAssertEqual(eval("[][0] == 1 || 1 / zero == 1"), #"error("index out of range: 0 (list size 0)")"#)
    }

    func testConditionalEvaluatesOnlyTheChosenBranch() {
        XCTAssertEqual(eval("x == 1 ? 'one' : string(1 / zero)"), #""one""#)
        XCTAssertEqual(eval("1 / zero == 1 ? 'a' : 'b'"), #"error("division by zero")"#)
    }

    func testAllAndExistsAbsorbErrorsWhenAnElementDecides() {
        XCTAssertEqual(eval("items.exists(i, 2 / i == 1)"), "true", "i = 0 fails but i = 2 decides")
        XCTAssertEqual(eval("items.all(i, 2 / i > 1)"), "false", "i = 2 decides")
        XCTAssertEqual(eval("items.all(i, 2 / i >= 1)"), #"error("division by zero")"#)
        XCTAssertEqual(eval("items.exists(i, 2 / i > 5)"), #"error("division by zero")"#)
        XCTAssertEqual(eval("items.exists_one(i, 2 / i == 1)"), #"error("division by zero")"#)
        XCTAssertEqual(eval("[].all(i, 1 / 0 == 1)"), "true")
    }

    func testMapAndFilterStopAtTheFirstError() {
        XCTAssertEqual(eval("items.map(i, 2 / i)"), #"error("division by zero")"#)
        XCTAssertEqual(eval("items.filter(i, 2 / i == 1)"), #"error("division by zero")"#)
        XCTAssertEqual(eval("items.map(i, i > 0, 2 / i)"), "[2, 1]")
    }

    func testErrorsPropagateThroughCalls() {
        XCTAssertEqual(eval("size(string(1 / zero)) > 0"), #"error("division by zero")"#)
        XCTAssertEqual(eval("[1, 1 / zero]"), #"error("division by zero")"#)
        XCTAssertEqual(eval("{'a': 1 / zero}"), #"error("division by zero")"#)
    }

    // MARK: - Where runtime errors point

    func testErrorPointsAtTheFailingOperator() throws {
        let error = try runtimeError("x + 5 1️⃣/ zero > 1")
        XCTAssertEqual(error?.message, "division by zero")
    }

    func testErrorPointsAtTheFailingCall() throws {
        XCTAssertEqual(try runtimeError("x > 0 && 1️⃣decimal('1,5') > 1")?.message, "invalid decimal `1,5`")
        XCTAssertEqual(try runtimeError("x > 0 && 1️⃣date('2026-02-30') > date('2026-01-01')")?.message.isEmpty, false)
    }

    func testErrorPointsAtTheMissingField() throws {
        XCTAssertEqual(try runtimeError("account1️⃣.balance > 0")?.message, "no such key: `balance`")
    }

    func testErrorPointsAtTheIndex() throws {
        XCTAssertEqual(try runtimeError("items1️⃣[7] == 1")?.message, "index out of range: 7 (list size 3)")
    }

    func testErrorInsideAComprehensionPointsInsideIt() throws {
        XCTAssertEqual(try runtimeError("items.all(i, 10 1️⃣% i < 10)")?.message, "modulus by zero")
    }

    func testLocationIsLineAndColumn() throws {
        let env = try environment()
        let program = try env.compile("x > 0 &&\n  10 / zero > 1")
        guard case .error(let error) = program.evaluate(Activation(environment: env, bindings: bindings)) else {
            return XCTFail("expected an error")
        }
        XCTAssertEqual(program.location(of: error).line, 2)
        XCTAssertEqual(program.location(of: error).column, 6)
        let unicode = try env.compile("'é' + 'é' == 'éé' &&\n'ü' == 'ü' && 1 / zero > 0")
        guard case .error(let second) = unicode.evaluate(Activation(environment: env, bindings: bindings)) else {
            return XCTFail("expected an error")
        }
        XCTAssertEqual(unicode.location(of: second).line, 2)
        XCTAssertEqual(unicode.location(of: second).column, 17, "columns count Unicode scalars, not bytes")
    }

    // MARK: - Decimal money

    func testDecimalArithmeticIsExact() {
        XCTAssertEqual(eval("decimal('0.10') + decimal('0.20') == decimal('0.30')"), "true")
        XCTAssertEqual(eval("decimal('312.40') - decimal('12.4')"), #"decimal("300.00")"#)
        XCTAssertEqual(eval("decimal('312.40') * 3"), #"decimal("937.20")"#)
        XCTAssertEqual(eval("string(round(decimal('2.345'), 2))"), #""2.35""#)
        XCTAssertEqual(eval("string(round(decimal('-2.345'), 2))"), #""-2.35""#)
        XCTAssertEqual(eval("[decimal('1.10'), decimal('2.20'), decimal('3.30')].sum() == decimal('6.6')"), "true")
        XCTAssertEqual(eval("decimal('100.00') > 99 && 100 == decimal('100.000')"), "true")
    }

    func testDecimalErrors() {
        XCTAssertEqual(eval("decimal('abc')"), #"error("invalid decimal `abc`")"#)
        XCTAssertEqual(eval("round(decimal('1.5'), 19)"), #"error("rounding scale 19 out of range 0…18")"#)
        XCTAssertTrue(eval("decimal('99999999999999999999999999999999999999') + 1").hasPrefix("error("))
    }

    func testArrearsOfASnapshot() throws {
        var bills: [Value] = []
        for (due, amount, paid) in [("2026-10-25", "120.40", "120.40"), ("2026-11-25", "130.15", "30.00"),
                                    ("2026-12-25", "99.99", "0")] {
            var bill = MapValue()
            bill.set("due_date", .date(try CivilDate(parsing: due)))
            bill.set("amount", .decimal(try CELDecimal(parsing: amount)))
            bill.set("paid", .decimal(try CELDecimal(parsing: paid)))
            bills.append(.map(bill))
        }
        var account = MapValue()
        account.set("bills", .list(bills))
        let arrears = "account.bills.filter(b, b.due_date < date('2026-12-14')).map(b, b.amount - b.paid).sum()"
        XCTAssertEqual(eval(arrears, ["account": .map(account)]), #"decimal("100.15")"#)
    }

    // MARK: - Dates and working days

    func testDateFieldsAndArithmetic() {
        XCTAssertEqual(eval("date('2026-12-21').day >= 5 && date('2026-12-21').day <= 20"), "false")
        XCTAssertEqual(eval("date('2026-12-21').weekday"), "1")
        XCTAssertEqual(eval("add_months(date('2026-01-31'), 1)"), #"date("2026-02-28")"#)
        XCTAssertEqual(eval("days_between(date('2026-11-15'), date('2026-12-21'))"), "36")
        XCTAssertEqual(eval("end_of_month(date('2028-02-03'))"), #"date("2028-02-29")"#)
    }

    func testDatesReadTheContextTimeZone() {
        // 17:00 UTC on 20 December is 01:00 on 21 December in Shanghai.
        XCTAssertEqual(eval("date(timestamp('2026-12-20T17:00:00Z'))"), #"date("2026-12-21")"#)
        XCTAssertEqual(eval("date(timestamp('2026-12-20T17:00:00Z'), 'UTC')"), #"date("2026-12-20")"#)
        XCTAssertEqual(eval("start_of_day(date('2026-12-21'))"), #"timestamp("2026-12-20T16:00:00Z")"#)
        XCTAssertEqual(eval("end_of_day(date('2026-12-21'))"), #"timestamp("2026-12-21T15:59:59Z")"#)
    }

    /// One table answers for every covered day what the holidays and make-up days say,
    /// and a day in a gap between covered periods or outside them is not covered.
    func testHolidayCalendarTableAgreesWithItsDaysAndLeavesGapsUncovered() throws {
        let holidays: Set<CivilDate> = [try CivilDate(year: 2026, month: 10, day: 1), try CivilDate(year: 2028, month: 1, day: 3)]
        let workdays: Set<CivilDate> = [try CivilDate(year: 2026, month: 10, day: 10)]
        let covered = [try CivilDate(year: 2028, month: 1, day: 1)...CivilDate(year: 2028, month: 1, day: 31),
                       try CivilDate(year: 2026, month: 1, day: 1)...CivilDate(year: 2026, month: 12, day: 31)]
        let calendar = HolidayCalendar(holidays: holidays, workdays: workdays, coverage: covered)
        var day = try CivilDate(year: 2025, month: 12, day: 1)
        while day <= (try CivilDate(year: 2028, month: 3, day: 1)) {
            let isCovered = covered.contains { $0.contains(day) }
            let expected = workdays.contains(day) || (!holidays.contains(day) && day.weekday <= 5)
            XCTAssertEqual(calendar.covers(day), isCovered, "\(day)")
            switch calendar.workday(day) {
            case .success(let worked):
                XCTAssertTrue(isCovered, "\(day) answered though not covered")
                XCTAssertEqual(worked, expected, "\(day)")
            case .failure(let error):
                XCTAssertFalse(isCovered, "\(day) refused though covered")
                XCTAssertEqual(error.uncoveredDay, day)
            }
            XCTAssertEqual(calendar.isWorkday(day), expected, "\(day): isWorkday keeps its meaning everywhere")
            day = try day.adding(days: 1)
        }
    }

    func testHolidayCalendar() {
        XCTAssertEqual(eval("is_workday(date('2026-10-01'))"), "false", "National Day")
        XCTAssertEqual(eval("is_workday(date('2026-10-10'))"), "true", "a Saturday worked instead")
        XCTAssertEqual(eval("is_workday(date('2026-09-27'))"), "true", "a Sunday worked instead")
        XCTAssertEqual(eval("is_workday(date('2026-10-11'))"), "false", "an ordinary Sunday")
        XCTAssertEqual(eval("add_workdays(date('2026-09-30'), 1)"), #"date("2026-10-08")"#)
        XCTAssertEqual(eval("add_workdays(date('2026-10-08'), -1)"), #"date("2026-09-30")"#)
        XCTAssertEqual(eval("add_workdays(date('2026-09-25'), 1)"), #"date("2026-09-27")"#)
        XCTAssertEqual(eval("next_workday(date('2026-10-03'))"), #"date("2026-10-08")"#)
        XCTAssertEqual(eval("next_workday(date('2026-10-10'))"), #"date("2026-10-10")"#)
        // 1 October 09:00 in Shanghai is a holiday: the next working day starts 8 October 00:00 local.
        XCTAssertEqual(eval("next_workday(timestamp('2026-10-01T01:00:00Z'))"), #"timestamp("2026-10-07T16:00:00Z")"#)
    }

    func testCalendarWithoutWorkdaysFailsInsteadOfLooping() throws {
        struct NeverWorks: WorkCalendar {
            func isWorkday(_ date: CivilDate) -> Bool { false }
            func covers(_ date: CivilDate) -> Bool { true }
            var coverageDescription: String { "every date" }
        }
        let env = Environment(context: LibraryContext(timeZone: .utc, calendar: NeverWorks()))
        let program = try env.compile("add_workdays(date('2026-01-01'), 1)")
        XCTAssertTrue(program.evaluate(Activation(environment: env)).isError)
        let next = try env.compile("next_workday(date('2026-01-01'))")
        XCTAssertTrue(next.evaluate(Activation(environment: env)).isError)
    }

    /// Outside the period a calendar covers, working days are unknown: every working-day
    /// function gives an error that carries the day, never a Monday-to-Friday guess
    /// (New Year's Day 2027 is a Friday).
    func testDaysOutsideTheCalendarAreUnknown() throws {
        let env = try environment()
        let uncovered = try CivilDate(year: 2027, month: 1, day: 1)
        for text in ["is_workday(date('2027-01-01'))", "add_workdays(date('2026-12-31'), 1)",
                     "next_workday(date('2027-01-01'))", "next_workday(date('2026-12-31') + duration('0s') == date('2026-12-31') ? date('2027-01-01') : today)"]
            .prefix(3) {
            let value = try env.compile(text).evaluate(Activation(environment: env))
            guard case .error(let error) = value else { return XCTFail("\(text) gave \(value.debugText)") }
            XCTAssertEqual(error.uncoveredDay, uncovered, text)
            XCTAssertTrue(error.message.contains("does not cover 2027-01-01"), error.message)
        }
        let next = try env.compile("next_workday(date('2026-12-31'))").evaluate(Activation(environment: env))
        XCTAssertEqual(next.debugText, #"date("2026-12-31")"#, "a covered working day needs no unknown day")
        XCTAssertEqual(eval("is_workday(date('2027-01-01')) || true"), "true", "|| absorbs the unknown like any error")
    }

    // MARK: - Integer overflow

    func testIntOverflowIsAnError() {
        XCTAssertEqual(eval("9223372036854775807 + x"), #"error("integer overflow")"#)
        XCTAssertEqual(eval("-9223372036854775808 - x"), #"error("integer overflow")"#)
        XCTAssertEqual(eval("9223372036854775807 * 2"), #"error("integer overflow")"#)
        XCTAssertEqual(eval("-9223372036854775808 / -1"), #"error("integer overflow")"#)
        XCTAssertEqual(eval("-(-9223372036854775808)"), #"error("integer overflow")"#)
        XCTAssertEqual(eval("18446744073709551615u + 1u"), #"error("unsigned integer overflow")"#)
        XCTAssertEqual(eval("0u - 1u"), #"error("unsigned integer overflow")"#)
        XCTAssertEqual(eval("[9223372036854775807, 1].sum()"), #"error("integer overflow")"#)
        XCTAssertEqual(eval("-9223372036854775808"), "-9223372036854775808")
    }

    func testIntConversionOutOfRangeIsAnError() {
        XCTAssertTrue(eval("int(9.3e18)").hasPrefix("error("))
        XCTAssertTrue(eval("uint(-1)").hasPrefix("error("))
    }

    // MARK: - Map literals

    func testDuplicateMapKeysAreErrors() throws {
        XCTAssertEqual(eval("{'a': 1, 'a': 2}"), #"error("duplicate map key \"a\"")"#)
        XCTAssertEqual(eval("{1: 'a', 1u: 'b'}"), #"error("duplicate map key 1u")"#, "numeric keys compare by value")
        XCTAssertEqual(eval("{x: 'a', 1: 'b'}"), #"error("duplicate map key 1")"#)
        XCTAssertEqual(try runtimeError("{'a': 1, 'b': 2, 'b'1️⃣: 3}")?.message, #"duplicate map key "b""#,
                       "at the duplicate entry's colon")
        XCTAssertEqual(eval("{'a': 1, 'A': 2}.size()"), "2")
    }

    func testMapKeysKeepInsertionOrder() {
        XCTAssertEqual(eval("{'b': 1, 'a': 2, 'c': 3}.map(k, k)"), #"["b", "a", "c"]"#)
    }

    func testCanonicallyEquivalentStringsAreDistinct() {
        XCTAssertEqual(eval("'\\u00E9' == 'e\\u0301'"), "false")
        XCTAssertEqual(eval("{'\\u00E9': 1, 'e\\u0301': 2}.size()"), "2")
        XCTAssertEqual(eval("{'\\u00E9': 1}['e\\u0301']"), #"error("no such key: \"é\"")"#)
    }

    // MARK: - Comprehension scoping

    func testComprehensionVariableShadowsADeclaredVariable() {
        XCTAssertEqual(eval("[5].all(x, x == 5) && x == 1"), "true")
    }

    func testNestedComprehensionsShadowTheOuterVariable() {
        XCTAssertEqual(eval("[1, 2].exists(i, [3].exists(i, i == 3))"), "true")
        XCTAssertEqual(eval("[1, 2].map(i, [i * 10].map(i, i + 1))"), "[[11], [21]]")
        XCTAssertEqual(eval("[1, 2].map(i, [10, 20].filter(j, j > i * 10).size())"), "[1, 0]")
    }

    func testComprehensionVariablesDoNotLeakBetweenSiblings() {
        XCTAssertEqual(eval("[1].map(a, a + 1) + [2].map(b, b * 3)"), "[2, 6]")
        XCTAssertEqual(eval("items.filter(i, i > 0).map(i, i * 2)"), "[2, 4]")
    }

    func testMapComprehensionIteratesKeys() {
        XCTAssertEqual(eval("{'a': 1, 'b': 2}.exists(k, k == 'b')"), "true")
        XCTAssertEqual(eval("{'a': 1, 'b': 2}.all(k, k.size() == 1)"), "true")
    }

    // MARK: - Activations

    func testUnboundVariableIsAnError() throws {
        let env = try environment()
        let result = try env.compile("x + 1").evaluate(Activation(environment: env))
        XCTAssertEqual(result.debugText, #"error("unbound variable `x`")"#)
    }

    func testActivationIsReusable() throws {
        let env = try environment()
        let program = try env.compile("items.map(i, i * x).sum()")
        let activation = Activation(environment: env, bindings: bindings)
        XCTAssertEqual(program.evaluate(activation).debugText, "3")
        activation.slots[try XCTUnwrap(env.slot(of: "x"))] = .int(10)
        XCTAssertEqual(program.evaluate(activation).debugText, "30")
    }
}

/// Maps built from a shape behave as maps, share nothing that a copy could change, and
/// are selected by position only when the shape matches.
final class MapShapeTests: XCTestCase {
    let shape = MapShape(fields: ["kind", "amount"])

    func testShapedMapFindsShapeKeysAndLaterKeys() {
        var map = MapValue(shape: shape, values: [.string("bill"), .int(3)])
        XCTAssertTrue(map.insert(.string("extra"), .bool(true)))
        XCTAssertFalse(map.insert(.string("kind"), .null), "a shape key is already present")
        XCTAssertEqual(map.count, 3)
        XCTAssertEqual(map["amount"]?.debugText, "3")
        XCTAssertEqual(map[.string("extra")]?.debugText, "true")
        XCTAssertEqual(map.value(at: 0, ifShapedBy: shape)?.debugText, #""bill""#)
        XCTAssertNil(map.value(at: 0, ifShapedBy: MapShape(fields: ["kind", "amount"])), "another shape with the same keys")
        for i in 0..<20 { map.insert(.string("k\(i)"), .int(Int64(i))) }
        XCTAssertEqual(map["k17"]?.debugText, "17")
        XCTAssertEqual(map["kind"]?.debugText, #""bill""#)
    }

    func testCopiesAreIndependent() {
        let original = MapValue(shape: shape, values: [.string("bill"), .int(3)])
        var copy = original
        copy.set("amount", .int(4))
        copy.insert(.string("extra"), .null)
        XCTAssertEqual(original["amount"]?.debugText, "3")
        XCTAssertEqual(original.count, 2)
        XCTAssertEqual(copy["amount"]?.debugText, "4")
        XCTAssertEqual(copy.count, 3)
    }

    func testSelectionOnADeclaredShapePlansAPositionAndFallsBackOnOtherMaps() throws {
        var env = Environment()
        env.declare(object: ObjectType(name: "Bill", fields: ["kind": .string, "amount": .int], shape: shape))
        env.declare("bill", .object("Bill"))
        let program = try env.compile("bill.amount + 1")
        var plain = MapValue()
        plain.insert(.string("amount"), .int(10))
        plain.insert(.string("kind"), .string("x"))
        for (bill, expected) in [(MapValue(shape: shape, values: [.string("x"), .int(1)]), "2"), (plain, "11")] {
            let activation = Activation(environment: env, bindings: ["bill": .map(bill)])
            XCTAssertEqual(program.evaluate(activation).debugText, expected)
        }
    }

    /// A field of a variable or comprehension variable is read from its slot in place:
    /// shaped records by position, other maps by key, anything else an error.
    func testSelectionOnAVariableReadsItsSlot() throws {
        var env = Environment()
        env.declare(object: ObjectType(name: "Bill", fields: ["kind": .string, "amount": .int], shape: shape))
        env.declare("bills", .list(.object("Bill")))
        env.declare("bill", .object("Bill"))
        let sum = try env.compile("bills.map(b, b.amount).sum()")
        var plain = MapValue()
        plain.insert(.string("amount"), .int(10))
        let bills = Value.list([.map(MapValue(shape: shape, values: [.string("x"), .int(1)])), .map(plain)])
        XCTAssertEqual(sum.evaluate(Activation(environment: env, bindings: ["bills": bills])).debugText, "11")

        let kind = try env.compile("bill.kind")
        let cases: [(Value, String)] = [
            (.map(plain), "no such key: `kind`"),
            (.int(1), "type `int` has no fields to select"),
        ]
        for (value, message) in cases {
            guard case .error(let error) = kind.evaluate(Activation(environment: env, bindings: ["bill": value])) else {
                XCTFail("no error for \(value.debugText)")
                continue
            }
            XCTAssertEqual(error.message, message)
        }
    }

    /// `has()` of a field a shaped record's type declares is true without a key search;
    /// other maps are searched, and what is not a map is an error as before.
    func testPresenceOnADeclaredShapeIsTrueForShapedRecordsAndSearchedOtherwise() throws {
        var env = Environment()
        env.declare(object: ObjectType(name: "Bill", fields: ["kind": .string, "amount": .int], allowsOtherFields: true, shape: shape))
        env.declare("bill", .object("Bill"))
        let hasAmount = try env.compile("has(bill.amount)")
        let hasExtra = try env.compile("has(bill.extra)")
        var withExtra = MapValue(shape: shape, values: [.string("x"), .null])
        withExtra.insert(.string("extra"), .int(1))
        var plain = MapValue()
        plain.insert(.string("kind"), .string("x"))
        let cases: [(MapValue, amount: String, extra: String)] = [
            (MapValue(shape: shape, values: [.string("x"), .int(1)]), "true", "false"),
            (withExtra, "true", "true"),
            (plain, "false", "false"),
        ]
        for (bill, amount, extra) in cases {
            let activation = Activation(environment: env, bindings: ["bill": .map(bill)])
            XCTAssertEqual(hasAmount.evaluate(activation).debugText, amount)
            XCTAssertEqual(hasExtra.evaluate(activation).debugText, extra)
        }
        guard case .error = hasAmount.evaluate(Activation(environment: env, bindings: ["bill": .int(1)])) else {
            return XCTFail("has() of a field of an int is an error")
        }
    }
}

/// Values are copied on every variable read and field selection: their size is part of
/// the evaluator's speed (see benchmarks/RESULTS.md).
final class ValueLayoutTests: XCTestCase {
    func testAValueTakesAtMostFourWords() {
        XCTAssertLessThanOrEqual(MemoryLayout<Value>.stride, 32)
        XCTAssertLessThanOrEqual(MemoryLayout<CELDecimal>.size, 24)
    }

    func testDecimalCoefficientsKeepAll128Bits() throws {
        let big = try CELDecimal(parsing: "-12345678901234567890123456789.012345678")
        XCTAssertEqual(big.description, "-12345678901234567890123456789.012345678")
        XCTAssertEqual(big.coefficient, -12345678901234567890123456789012345678)
        XCTAssertEqual(try CELDecimal(parsing: "18446744073709551616").coefficient, 18446744073709551616)
    }
}
