import Testing
@testable import CEL

/// Edge cases where the evaluator once disagreed with the CEL language definition and with
/// Google's CEL runtimes (found by comparing generated expressions with cel-cpp): NaN in
/// comparisons, the sign of −0.0, the range of duration and timestamp arithmetic, and
/// integer arguments at the ends of their range. Each result is written as `debugText`.
struct SpecEdgeCaseTests {
    /// `text` checked against a few variables and evaluated; an error as `error("…")`.
    private func eval(_ text: String, _ bindings: [String: Value] = [:]) throws -> String {
        var env = Environment()
        env.declare("nan", .double)
        env.declare("x", .double)
        env.declare("any", .dyn)
        let all: [String: Value] = ["nan": .double(.nan), "x": .double(1)].merging(bindings) { $1 }
        return try env.compile(text).evaluate(Activation(environment: env, bindings: all)).debugText
    }

    /// The error message of evaluating `text`, or nil when it gives a value.
    private func errorMessage(_ text: String) throws -> String? {
        var env = Environment()
        env.declare("any", .dyn)
        guard case .error(let error) = try env.compile(text).evaluate(Activation(environment: env, bindings: [:])) else {
            return nil
        }
        return error.message
    }

    // MARK: - NaN

    @Test(arguments: ["<", "<=", ">", ">="])
    func orderingWithNaNIsFalse(op: String) throws {
        for (lhs, rhs) in [("nan", "1.0"), ("1.0", "nan"), ("nan", "nan"), ("nan", "dyn(1)"), ("dyn(1)", "nan"),
                           ("nan", "dyn(1u)"), ("dyn(1u)", "nan"), ("0.0 / 0.0", "x")] {
            #expect(try eval("\(lhs) \(op) \(rhs)") == "false", "\(lhs) \(op) \(rhs)")
        }
        // Dynamically typed operands take the same path as the planned comparisons.
        #expect(try eval("any \(op) 1", ["any": .double(.nan)]) == "false")
    }

    @Test func equalityWithNaN() throws {
        #expect(try eval("nan == nan") == "false")
        #expect(try eval("nan != nan") == "true")
        #expect(try eval("dyn(1) == nan") == "false")
        #expect(try eval("dyn(1u) != nan") == "true")
        #expect(try eval("[nan] == [nan]") == "false")
        #expect(try eval("{'a': nan} != {'a': nan}") == "true")
        #expect(try eval("nan in [nan]") == "false")
        // The ordering operators still refuse kinds that have no order between them.
        #expect(try errorMessage("dyn('a') < 1")?.contains("no such overload") == true)
    }

    // MARK: - Negative zero

    @Test func negativeZeroKeepsItsSign() throws {
        #expect(try eval("1.0 / -0.0") == #"double("-Infinity")"#)
        #expect(try eval("1.0 / x", ["x": .double(-0.0)]) == eval("1.0 / -0.0"))
        #expect(try eval("string(x)", ["x": .double(-0.0)]) == #""-0""#)
        #expect(try eval("x == 0.0", ["x": .double(-0.0)]) == "true")
    }

    @Test func aTypedNegativeZeroKeepsItsSign() throws {
        let reader = JSONReader(options: .keepingNegativeZero)
        for text in [#"{"double":-0.0}"#, #"{"double":-0e3}"#, #"{"double":-0.000}"#] {
            guard case .double(let d) = try TypedValueJSON.decode(try reader.read(text)) else {
                Issue.record("\(text) is not a double")
                continue
            }
            #expect(d == 0 && d.sign == .minus, "\(text)")
        }
        // Other numbers read as before: `-0` is an int, a negative non-zero is exact.
        #expect(try reader.read("-0").debugText == "0")
        #expect(try reader.read("[-0.50]").debugText == JSONReader().read("[-0.50]").debugText)
        #expect(try JSONReader().read("-0.0").debugText == JSONReader().read("0.0").debugText)
    }

    // MARK: - Durations and timestamps

    @Test(arguments: [
        "duration('2562047h') + duration('2h')",
        "duration('-2562047h') - duration('2h')",
        "-duration('-9223372036854775808ns')",
        "duration('3000000h') + duration('0s')",
        "timestamp('2262-04-12T00:00:00Z') - timestamp('1677-09-21T00:00:00Z')",
    ])
    func durationArithmeticOverflowIsAnError(text: String) throws {
        #expect(try errorMessage(text) == "duration overflow")
    }

    @Test func durationArithmeticAtTheEndsOfItsRange() throws {
        #expect(try eval("duration('2562047h') + duration('47m16.854775807s')") == #"duration("9223372036.854775807s")"#)
        #expect(try eval("-duration('9223372036.854775807s')") == #"duration("-9223372036.854775807s")"#)
        #expect(try eval("duration('-9223372036854775808ns')") == #"duration("-9223372036.854775808s")"#)
        // A duration itself may be as long as 10,000 years.
        #expect(try eval("duration('315576000000s')") == #"duration("315576000000s")"#)
    }

    @Test(arguments: [
        "timestamp('9999-12-31T23:59:59Z') + duration('1s')",
        "timestamp('0001-01-01T00:00:00Z') - duration('1ns')",
        "duration('-1ns') + timestamp('0001-01-01T00:00:00Z')",
    ])
    func timestampArithmeticOverflowIsAnError(text: String) throws {
        #expect(try errorMessage(text) == "timestamp overflow")
    }

    @Test(arguments: [
        "315576000001s", "99999999999999999999999999999999999999h", "-99999999999999999999999999999999999999h",
        "1" + String(repeating: "0", count: 400) + "ns", "9999999999999999999999999h9999999999999999999999999h",
    ])
    func aHugeDurationIsOutOfRange(text: String) throws {
        #expect(try errorMessage("duration('\(text)')") == "duration `\(text)` out of range")
    }

    // MARK: - Integers at the ends of their range

    @Test(arguments: ["add_days(date('2026-01-01'), -9223372036854775808)",
                      "add_months(date('2026-01-01'), -9223372036854775808)",
                      "add_workdays(date('2026-01-01'), -9223372036854775808)",
                      "add_days(date('2026-01-01'), 9223372036854775807)"])
    func dateShiftsByExtremeCountsAreErrors(text: String) throws {
        #expect(try errorMessage(text) != nil)
    }

    @Test func uintOfANegativeDoubleIsAnError() throws {
        #expect(try errorMessage("uint(-0.5)") == "uint range error")
        #expect(try eval("uint(-0.0)") == "0u")
        #expect(try eval("uint(0.5)") == "0u")
    }

    @Test func aListIndexOutOfRangeIsNamedAsWritten() throws {
        #expect(try errorMessage("[1, 2, 3][18446744073709551615u]") == "index out of range: 18446744073709551615u (list size 3)")
        #expect(try errorMessage("[1, 2, 3][-9223372036854775808]") == "index out of range: -9223372036854775808 (list size 3)")
    }

    @Test(arguments: ["-9223372036854775808 / -1", "-9223372036854775808 % -1", "-(-9223372036854775808)",
                      "9223372036854775807 * 2", "0u - 1u", "18446744073709551615u * 2u"])
    func integerOverflowIsAnError(text: String) throws {
        #expect(try errorMessage(text)?.contains("overflow") == true)
    }
}
