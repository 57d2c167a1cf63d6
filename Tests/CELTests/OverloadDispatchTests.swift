import XCTest
@testable import CEL

/// The boxed dispatch derived from the overloads' typed bodies: each body takes as many
/// arguments as its overload declares, a call runs the first overload whose parameter kinds
/// match, and arguments no overload takes give the same "no such overload" text as before.
final class OverloadDispatchTests: XCTestCase {
    private let environment = Environment(context: LibraryContext(timeZone: .utc))

    /// The value of `text`, checked leniently (so that a mismatch reaches run time).
    private func evaluate(_ text: String) throws -> Value {
        let checked = try Checker(environment: environment, lenient: true).check(Parser().parse(Source(text)))
        return Planner(environment: environment).plan(checked).evaluate(Activation(environment: environment))
    }

    func testEveryBodyTakesTheArgumentsItsOverloadDeclares() {
        for function in environment.library.functions.values {
            for overload in function.overloads {
                guard let body = overload.body else { continue }
                XCTAssertEqual(body.arity, overload.params.count, "`\(overload.id)` of `\(function.name)`")
            }
        }
    }

    func testTheFirstOverloadWhoseKindsMatchRuns() throws {
        let cases: [(String, Value)] = [
            ("decimal(7)", .decimal(CELDecimal(7))), ("string(decimal('1.50'))", .string("1.50")),
            ("round(decimal('2.345'), 2)", .decimal(try CELDecimal(parsing: "2.35"))), ("[1, 2].sum()", .int(3)),
        ]
        for (text, expected) in cases {
            let actual = try evaluate(text)
            XCTAssert(ConformanceTests.sameTypedValue(expected, actual), "`\(text)` gave \(actual.debugText)")
        }
    }

    func testErrorsOfBodiesAndMismatchesKeepTheirTexts() throws {
        let cases = [
            ("decimal(true)", "no such overload: `decimal` applied to (bool)"),
            ("round(decimal('1.5'), 1.0)", "no such overload: `round` applied to (decimal, double)"),
            ("round(decimal('1.5'), 19)", "rounding scale 19 out of range 0…18"),
            ("decimal('abc')", "invalid decimal `abc`"),
            ("[true].sum()", "no such overload: `sum` applied to (list)"),
            ("sum(1)", "no such overload: `sum` applied to (int)"),
        ]
        for (text, message) in cases {
            guard case .error(let error) = try evaluate(text) else { XCTFail("`\(text)` should fail"); continue }
            XCTAssertEqual(error.message, message, text)
        }
    }
}
