import XCTest
@testable import CEL

/// The planner decides comparisons of same-kind values and tests against `null` itself
/// instead of calling the operators' implementations: for every pair of kinds, both must
/// give the same result.
final class ComparisonPlanTests: XCTestCase {
    private static func values() throws -> [Value] {
        [
            .int(3), .int(-2), .uint(3), .double(3), .double(.nan),
            .decimal(try CELDecimal(parsing: "3.00")), .decimal(try CELDecimal(parsing: "2.5")),
            .date(try CivilDate(year: 2026, month: 12, day: 1)), .date(try CivilDate(year: 2027, month: 1, day: 1)),
            .timestamp(try Timestamp(parsingRFC3339: "2026-12-01T09:00:00+08:00")),
            .timestamp(try Timestamp(parsingRFC3339: "2026-12-01T01:00:00Z")),
            .duration(try CELDuration(parsing: "24h")), .duration(try CELDuration(parsing: "168h")),
            .null, .string("3"), .bool(true), .list([.int(3)]), .map(MapValue()),
        ]
    }

    func testPlannedComparisonsAgreeWithTheOperatorImplementations() throws {
        var env = Environment()
        env.declare("a", .dyn)
        env.declare("b", .dyn)
        let values = try Self.values()
        for op in [Operator.equals, Operator.notEquals, Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals] {
            guard case .binary(let reference)? = env.library[op]?.implementation else {
                return XCTFail("\(op) is not a binary function")
            }
            let symbol = op.replacingOccurrences(of: "_", with: "")
            let program = try env.compile("a \(symbol) b")
            for x in values {
                for y in values {
                    let planned = program.evaluate(Activation(environment: env, bindings: ["a": x, "b": y]))
                    XCTAssertEqual(planned.debugText, reference(x, y).debugText, "\(x.debugText) \(symbol) \(y.debugText)")
                }
            }
        }
    }

    func testAnErrorOperandIsTheResult() throws {
        var env = Environment()
        env.declare("items", .list(.int))
        let program = try env.compile("items[5] < 1")
        guard case .error(let error) = program.evaluate(Activation(environment: env, bindings: ["items": .list([])])) else {
            return XCTFail("no error")
        }
        XCTAssertTrue(error.message.contains("index"), error.message)
    }
}
