import Foundation
import XCTest
@testable import CEL

/// The human rendering of diagnostics (a golden test of the whole output), the excerpt of
/// long lines, and the house style of every catalogue entry.
final class DiagnosticRendererTests: XCTestCase {
    private func environment() -> Environment {
        var env = Environment()
        env.declare(object: ObjectType(name: "Customer", fields: ["class": .string, "category": .string]))
        env.declare("customer", .object("Customer"))
        env.declare("account", .map(.string, .dyn))
        return env
    }

    private func rendered(_ text: String, name: String = "rules.cel", colored: Bool = false) -> String {
        do {
            _ = try environment().compile(text, name: name)
            XCTFail("`\(text)` compiled")
            return ""
        } catch {
            return DiagnosticRenderer(colored: colored).render(error)
        }
    }

    // MARK: - Golden output

    func testCheckDiagnosticsGolden() {
        let text = """
            acount.arrears > 0 &&
              customer.clas == 'residential' &&
            \tcustomer.category + 1 > 2
            """
        XCTAssertEqual(rendered(text), """
            rules.cel:1:1: error: undeclared reference to `acount`
             1 | acount.arrears > 0 &&
               | ^~~~~~
               = help: did you mean `account`?
            rules.cel:2:11: error: undefined field `clas` of `Customer`
             2 |   customer.clas == 'residential' &&
               |           ^~~~~
               = help: did you mean `class`?
            rules.cel:3:20: error: no matching overload for `+` applied to (string, int)
             3 | \tcustomer.category + 1 > 2
               | \t                  ^
               = help: expected one of: +(int, int); +(uint, uint); +(double, double); +(string, string); +(bytes, bytes); +(list(A), list(A))

            """)
    }

    func testParseDiagnosticsGolden() {
        XCTAssertEqual(rendered("a = 1 & 'é\\q'", name: "<expr>"), """
            <expr>:1:3: error: unexpected character `=`
             1 | a = 1 & 'é\\q'
               |   ^
               = help: use `==` to compare values
            <expr>:1:7: error: unexpected character `&`
             1 | a = 1 & 'é\\q'
               |       ^
               = help: use `&&` for logical and
            <expr>:1:11: error: invalid escape sequence `\\q`
             1 | a = 1 & 'é\\q'
               |           ^~
               = help: valid escapes are \\\\ \\? \\" \\' \\` \\a \\b \\f \\n \\r \\t \\v, \\xHH, \\uHHHH, \\UHHHHHHHH and octal \\000 to \\377

            """)
    }

    func testColoredRenderingWrapsTheParts() {
        let output = rendered("acount", colored: true)
        XCTAssertTrue(output.contains("\u{1B}[31;1merror\u{1B}[0m"), output)
        XCTAssertTrue(output.contains("\u{1B}[1mundeclared reference to `acount`\u{1B}[0m"), output)
        XCTAssertTrue(output.contains("\u{1B}[32;1m^~~~~~\u{1B}[0m"), output)
    }

    func testCaretSpansTheRange() {
        let source = Source("size('abc') + x")
        let diagnostic = Diagnostic(code: "test.range", message: "a range", range: 0..<11)
        XCTAssertEqual(DiagnosticRenderer().render(diagnostic, in: source), """
            <expr>:1:1: error: a range
             1 | size('abc') + x
               | ^~~~~~~~~~~

            """)
    }

    func testWarningAtTheEndOfInput() {
        let source = Source("a &&")
        let diagnostic = Diagnostic(code: "test.end", severity: .warning, message: "at the end", range: 4..<4)
        XCTAssertEqual(DiagnosticRenderer().render(diagnostic, in: source), """
            <expr>:1:5: warning: at the end
             1 | a &&
               |     ^

            """)
    }

    // MARK: - Long lines

    func testLongLineIsShownAsAnExcerptAroundTheCaret() {
        let text = String(repeating: "x && ", count: 400) + "nope" + String(repeating: " && y", count: 400)
        var env = Environment()
        env.declare("x", .bool)
        env.declare("y", .bool)
        do {
            _ = try env.compile(text)
            XCTFail("compiled")
        } catch {
            let output = DiagnosticRenderer().render(error)
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines.first, "<expr>:1:2001: error: undeclared reference to `nope`")
            XCTAssertEqual(lines[1], " 1 | …" + String(repeating: "x && ", count: 6) + "nope" + String(repeating: " && y", count: 17) + " …")
            let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
            let word = lines[1].range(of: "nope").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }
            XCTAssertEqual(caret, word, "the caret stands under the name")
            XCTAssertLessThan(output.utf8.count, 400)
        }
    }

    func testHugeRangeIsCutToTheExcerpt() {
        let text = "'" + String(repeating: "a", count: 200_000) + "'"
        XCTAssertThrowsError(try Environment().compile(text)) { error in
            let output = DiagnosticRenderer().render(error as! DiagnosticList)
            XCTAssertEqual(output.split(separator: "\n").first, "<expr>:1:100001: error: expression is too large (200002 characters, limit 100000)")
            XCTAssertLessThan(output.utf8.count, 600, output)
            XCTAssertTrue(output.contains("^" + String(repeating: "~", count: 89) + "\n"), output)
        }
    }

    // MARK: - House style of every catalogue entry

    static let parseMessages: [ParseMessage] = [
        .unexpectedToken(found: ")", expected: .expression),
        .unexpectedToken(found: nil, expected: .tokens([",", ")"])),
        .unexpectedToken(found: "1", expected: .fieldName),
        .unexpectedToken(found: "x", expected: .endOfExpression),
        .unexpectedCharacter("#"), .unexpectedCharacter("&"), .unexpectedCharacter("|"), .unexpectedCharacter("="),
        .unexpectedCharacter("`"),
        .unterminatedString(delimiter: "'"), .unterminatedString(delimiter: "`"),
        .invalidEscape("\\q"), .invalidCodePoint("\\uD800"), .unicodeEscapeInBytes("\\u00e9"),
        .invalidNumber("12abc"), .intOverflow("9223372036854775808", unsigned: false),
        .intOverflow("18446744073709551616u", unsigned: true), .doubleOverflow("1e999"), .negativeUnsigned("-1u"),
        .reservedIdentifier("if"), .presenceTestNeedsSelection, .iterationVariableNotIdentifier(macro: "all"),
        .unsupportedStructLiteral("google.protobuf.Value"), .tooDeeplyNested(limit: 250), .treeTooDeep(limit: 1000),
        .tooLarge(size: 100_001, limit: 100_000),
    ]

    static let checkMessages: [CheckMessage] = [
        .undeclaredReference(name: "acount", suggestion: "account"), .undeclaredReference(name: "zebra", suggestion: nil),
        .undeclaredFunction(name: "sise", suggestion: "size"),
        .noMatchingOverload(function: Operator.add, member: false, argTypes: [.int, .string], expected: ["+(int, int)"]),
        .noMatchingOverload(function: "startsWith", member: true, argTypes: [.string, .int], expected: []),
        .undefinedField(field: "clas", type: "Customer", suggestion: "class"), .noFields(type: .int),
        .notBool(context: "operand of `&&`", found: .int), .notIterable(found: .string),
        .notOrderable(context: "key of `sortBy`", found: .list(.int)),
        .invalidMapKey(found: .double), .expectedType(expected: .bool, found: .int),
    ]

    func testEveryParseMessageFollowsTheHouseStyle() {
        for message in Self.parseMessages {
            assertHouseStyle(message.diagnostic(at: 0..<1), prefix: "parse.")
        }
    }

    func testEveryCheckMessageFollowsTheHouseStyle() {
        for message in Self.checkMessages {
            assertHouseStyle(message.diagnostic(at: 0..<1), prefix: "check.")
        }
    }

    func testTheListsCoverEveryCode() {
        let parseCodes = Set(Self.parseMessages.map(\.code))
        XCTAssertEqual(parseCodes, [
            "parse.unexpected-token", "parse.unexpected-character", "parse.unterminated-string", "parse.invalid-escape",
            "parse.invalid-code-point", "parse.invalid-number", "parse.int-overflow", "parse.double-overflow",
            "parse.negative-uint", "parse.reserved-identifier", "parse.invalid-macro-argument",
            "parse.unsupported-struct-literal", "parse.too-deep", "parse.too-large",
        ])
        XCTAssertEqual(Set(Self.checkMessages.map(\.code)).count, 10)
    }

    /// Lowercase start, no final period, one line, a dotted stable code; the help likewise
    /// (a question may end with `?`), and the rendering shows both.
    private func assertHouseStyle(_ diagnostic: Diagnostic, prefix: String, file: StaticString = #filePath, line: UInt = #line) {
        let message = diagnostic.message
        XCTAssertTrue(diagnostic.code.hasPrefix(prefix), diagnostic.code, file: file, line: line)
        XCTAssertNotNil(diagnostic.code.wholeMatch(of: /[a-z]+\.[a-z0-9-]+/), diagnostic.code, file: file, line: line)
        for text in [message] + (diagnostic.help.map { [$0] } ?? []) {
            XCTAssertFalse(text.isEmpty, file: file, line: line)
            let first = text.unicodeScalars.first.map { Character($0) } ?? " "
            XCTAssertFalse(first.isUppercase, "starts with a capital: \(text)", file: file, line: line)
            XCTAssertFalse(text.hasSuffix("."), "ends with a period: \(text)", file: file, line: line)
            XCTAssertFalse(text.contains("\n"), "spans lines: \(text)", file: file, line: line)
            XCTAssertEqual(text, text.trimmingCharacters(in: .whitespaces), file: file, line: line)
        }
        let output = DiagnosticRenderer().render(diagnostic, in: Source("x"))
        XCTAssertTrue(output.contains("error: \(message)\n"), output, file: file, line: line)
        if let help = diagnostic.help {
            XCTAssertTrue(output.contains("= help: \(help)\n"), output, file: file, line: line)
        }
    }
}
