import Foundation
import XCTest
@testable import CEL

/// Hostile and accidental extremes through ``Environment/compile(_:name:expecting:)`` and
/// evaluation: each must end quickly with a clear diagnostic or the right value, never a
/// crash (stack overflow) or a hang. There are no timing assertions: finishing is the test.
final class LimitsTests: XCTestCase {
    private let terms = 10_000

    /// The outcome of compiling and evaluating `text`: the value, or the diagnostics.
    private static func run(_ text: String, declaring variables: [String: (CELType, Value)] = [:]) -> Result<Value, DiagnosticList> {
        var env = Environment()
        for (name, (type, _)) in variables { env.declare(name, type) }
        do {
            let program = try env.compile(text)
            return .success(program.evaluate(Activation(environment: env, bindings: variables.mapValues(\.1))))
        } catch {
            return .failure(error)
        }
    }

    /// Asserts that `text` is rejected with the one diagnostic `code`, and returns its message.
    @discardableResult
    private func assertRejected(_ text: String, code: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        switch Self.run(text) {
        case .success(let value):
            XCTFail("accepted, gave \(value.debugText.prefix(80))", file: file, line: line)
            return nil
        case .failure(let list):
            XCTAssertEqual(list.diagnostics.map(\.code), [code], file: file, line: line)
            let rendered = DiagnosticRenderer().render(list)
            XCTAssertLessThan(rendered.utf8.count, 2_000, "the rendering stays short", file: file, line: line)
            return list.diagnostics.first?.message
        }
    }

    /// Asserts that `text` evaluates to `expected` (compared as CEL text).
    private func assertValue(_ text: String, _ expected: String, declaring variables: [String: (CELType, Value)] = [:],
                             file: StaticString = #filePath, line: UInt = #line) {
        switch Self.run(text, declaring: variables) {
        case .success(let value): XCTAssertEqual(value.debugText, expected, file: file, line: line)
        case .failure(let list): XCTFail("rejected: \(list.diagnostics.map(\.message))", file: file, line: line)
        }
    }

    // MARK: - Deep nesting

    func testDeepParentheses() {
        let text = String(repeating: "(", count: terms) + "1" + String(repeating: ")", count: terms)
        XCTAssertEqual(assertRejected(text, code: "parse.too-deep"), "expression is nested too deeply (limit 250 levels)")
    }

    func testDeepNegations() {
        XCTAssertEqual(assertRejected(String(repeating: "!", count: terms) + "true", code: "parse.too-deep"),
                       "expression is nested too deeply (limit 250 levels)")
        assertRejected(String(repeating: "-", count: terms) + "1", code: "parse.too-deep")
    }

    func testDeepLists() {
        let text = String(repeating: "[", count: terms) + String(repeating: "]", count: terms)
        assertRejected(text, code: "parse.too-deep")
    }

    func testDeepMapsAndCalls() {
        assertRejected(String(repeating: "{1: ", count: terms) + "1" + String(repeating: "}", count: terms), code: "parse.too-deep")
        assertRejected(String(repeating: "size(", count: terms) + "'a'" + String(repeating: ")", count: terms), code: "parse.too-deep")
        assertRejected(String(repeating: "true ? 1 : ", count: terms / 2) + "2", code: "parse.too-deep")
    }

    func testLongSelectionChain() {
        let text = "a" + String(repeating: ".b", count: terms)
        XCTAssertEqual(assertRejected(text, code: "parse.too-deep"), "expression tree is too deep (limit 500 levels)")
    }

    func testLongMemberCallChain() {
        assertRejected("'a'" + String(repeating: ".size().string()", count: terms / 2), code: "parse.too-deep")
    }

    func testLongArithmeticChain() {
        let text = Array(repeating: "1", count: terms).joined(separator: " + ")
        XCTAssertEqual(assertRejected(text, code: "parse.too-deep"), "expression tree is too deep (limit 500 levels)")
    }

    func testArithmeticChainJustUnderTheLimit() {
        assertValue(Array(repeating: "1", count: 500).joined(separator: " + "), "500")
    }

    func testLongLogicalChainsAreBalancedAndEvaluate() {
        assertValue(Array(repeating: "true", count: terms).joined(separator: " && "), "true")
        assertValue(Array(repeating: "x < 0", count: terms).joined(separator: "||") + "||x == 1", "true",
                    declaring: ["x": (.int, .int(1))])
    }

    func testLongListLiteralEvaluates() {
        assertValue("[" + Array(repeating: "1", count: terms).joined(separator: ", ") + "].size()", "\(terms)")
    }

    func testDeepestAcceptedTreeOnAWorkerThread() throws {
        // Checking, planning and evaluating recurse once per tree level: the deepest tree
        // the parser accepts (500 levels) needs about 0.5 MiB of stack in a release build
        // and 2 to 4 MiB in a debug build, so threads that compile or evaluate must be
        // created with such a stack (macOS gives secondary threads 512 KiB by default).
        let text = Array(repeating: "1", count: 499).joined(separator: " + ") + " == 499"
        let done = expectation(description: "evaluated")
        nonisolated(unsafe) var outcome = ""
        let thread = Thread {
            switch Self.run(text) {
            case .success(let value): outcome = value.debugText
            case .failure(let list): outcome = list.diagnostics.map(\.message).joined()
            }
            done.fulfill()
        }
        thread.stackSize = 16 << 20
        thread.start()
        wait(for: [done], timeout: 600)
        XCTAssertEqual(outcome, "true")
    }

    // MARK: - Size

    func testMegabyteStringLiteralIsRejected() {
        let text = "'" + String(repeating: "a", count: 1 << 20) + "'.size() > 0"
        XCTAssertEqual(assertRejected(text, code: "parse.too-large"),
                       "expression is too large (1048589 characters, limit 100000)")
    }

    func testLargeStringLiteralUnderTheLimitEvaluates() {
        assertValue("'" + String(repeating: "é", count: 99_000) + "'.size()", "99000")
    }

    func testMegabyteStringValueIsFine() {
        let big = String(repeating: "ab", count: 1 << 19)
        assertValue("s.size() == 1048576 && s.startsWith('ab') && s.endsWith('ab') && s.contains('ba')", "true",
                    declaring: ["s": (.string, .string(big))])
    }

    // MARK: - Regular expressions

    func testCatastrophicPatternOnAHundredThousandCharacters() {
        let input = String(repeating: "a", count: 100_000) + "!"
        assertValue("s.matches('(a+)+$')", "false", declaring: ["s": (.string, .string(input))])
        assertValue("s.matches('(a|aa)+!$')", "true", declaring: ["s": (.string, .string(input))])
        assertValue("s.matches('(a*)*b')", "false", declaring: ["s": (.string, .string(input))])
    }

    func testCatastrophicPatternOnTheLargestLiteral() {
        let text = "'" + String(repeating: "a", count: 99_000) + "!'.matches('(a+)+$')"
        assertValue(text, "false")
    }

    func testOversizedPatternsAreErrors() {
        switch Self.run("'a'.matches('((a{1000}){1000}){1000}')") {
        case .success(let value):
            guard case .error(let error) = value else { return XCTFail("gave \(value.debugText)") }
            XCTAssertTrue(error.message.hasPrefix("invalid regular expression"), error.message)
        case .failure(let list):
            XCTFail("rejected: \(list.diagnostics.map(\.message))")
        }
    }

    func testBackreferencesAreNotRE2() {
        switch Self.run("'aa'.matches('(a)\\\\1')") {
        case .success(let value): XCTAssertTrue(value.isError, value.debugText)
        case .failure(let list): XCTFail("rejected: \(list.diagnostics.map(\.message))")
        }
    }

    // MARK: - Many diagnostics

    func testManyErrorsAreCapped() {
        let text = Array(repeating: "#", count: terms).joined(separator: " ")
        guard case .failure(let list) = Self.run(text) else { return XCTFail("accepted") }
        XCTAssertEqual(list.diagnostics.count, 20)
    }
}
