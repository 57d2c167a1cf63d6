import XCTest
@testable import CEL

/// Evaluates every documented example of every library function: `expr // expected`,
/// where `expected` is a CEL expression or `error`.
final class LibraryExamplesTests: XCTestCase {
    func testEveryFunctionExample() throws {
        let context = LibraryContext(timeZone: try TimeZoneSpec("Asia/Shanghai"))
        let environment = Environment(context: context)
        let functions = environment.library.functions.values.sorted { $0.name < $1.name }
        var count = 0
        for function in functions {
            XCTAssertFalse(function.examples.isEmpty, "`\(function.name)` has no example")
            XCTAssertFalse(function.doc.isEmpty, "`\(function.name)` has no doc")
            for example in function.examples {
                let parts = example.components(separatedBy: " // ")
                XCTAssertEqual(parts.count, 2, "example `\(example)` must read `expr // expected`")
                guard parts.count == 2 else { continue }
                count += 1
                let actual = try environment.compile(parts[0]).evaluate(Activation(environment: environment))
                if parts[1] == "error" {
                    XCTAssert(actual.isError, "\(function.name): `\(parts[0])` should fail, gave \(actual.debugText)")
                    continue
                }
                let expected = try environment.compile(parts[1]).evaluate(Activation(environment: environment))
                XCTAssert(ConformanceTests.sameTypedValue(expected, actual),
                          "\(function.name): `\(parts[0])` gave \(actual.debugText), documented \(expected.debugText)")
            }
        }
        XCTAssertGreaterThan(count, 100)
    }
}
