import Foundation
import XCTest
@testable import CEL

final class ParserTests: XCTestCase {
    // MARK: - Helpers

    /// Parses `text`, failing the test on diagnostics.
    private func parse(_ text: String, options: ParserOptions = .init(),
                       file: StaticString = #filePath, line: UInt = #line) -> ParsedExpr? {
        do {
            return try Parser(options: options).parse(Source(text))
        } catch {
            XCTFail("`\(text)` did not parse: \(error.diagnostics.map(\.message))", file: file, line: line)
            return nil
        }
    }

    /// The diagnostics of parsing `text`, failing the test if it parses.
    private func diagnostics(_ text: String, options: ParserOptions = .init(),
                             file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
        do {
            _ = try Parser(options: options).parse(Source(text))
            XCTFail("`\(text)` parsed but should not", file: file, line: line)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The printed tree of `text`.
    private func printed(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        parse(text, file: file, line: line).map { render($0.root) }
    }

    /// `text` without the markers 1️⃣ 2️⃣ 3️⃣ 4️⃣, and the UTF-8 offsets where they stood.
    private func marked(_ text: String) -> (String, [Int]) {
        let markers: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣"]
        var clean = ""
        var offsets: [Int: Int] = [:]
        for character in text {
            if let marker = markers.firstIndex(of: character) {
                offsets[marker] = clean.utf8.count
            } else {
                clean.append(character)
            }
        }
        return (clean, (0..<offsets.count).compactMap { offsets[$0] })
    }

    /// A compact, fully parenthesized rendering of a tree.
    private func render(_ expr: Expr) -> String {
        switch expr.kind {
        case .literal(let literal): return render(literal)
        case .ident(let name): return name
        case .select(let operand, let field): return "\(render(operand)).\(field)"
        case .presenceTest(let operand, let field): return "has(\(render(operand)).\(field))"
        case .call(let function, let args):
            let parts = args.map(render)
            switch (function, parts.count) {
            case (Operator.conditional, 3): return "(\(parts[0]) ? \(parts[1]) : \(parts[2]))"
            case (Operator.index, 2): return "\(parts[0])[\(parts[1])]"
            case (Operator.logicalNot, 1), (Operator.negate, 1): return Operator.display(function) + parts[0]
            case (_, 2) where function.hasPrefix("_") || function == Operator.in:
                return "(\(parts[0]) \(Operator.display(function)) \(parts[1]))"
            default: return "\(function)(\(parts.joined(separator: ", ")))"
            }
        case .memberCall(let function, let target, let args):
            return "\(render(target)).\(function)(\(args.map(render).joined(separator: ", ")))"
        case .list(let elements): return "[\(elements.map(render).joined(separator: ", "))]"
        case .map(let entries):
            return "{\(entries.map { "\(render($0.key)): \(render($0.value))" }.joined(separator: ", "))}"
        case .comprehension(let c):
            let filter = c.filter.map { " if \(render($0))" } ?? ""
            return "\(c.macro.rawValue)(\(c.iterVar) in \(render(c.range))\(filter): \(render(c.body)))"
        }
    }

    private func render(_ literal: Literal) -> String {
        switch literal {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .int(let value): return "\(value)"
        case .uint(let value): return "\(value)u"
        case .double(let value): return "\(value)d"
        case .string(let value): return value.debugDescription
        case .bytes(let value): return "b[\(value.map { String($0) }.joined(separator: " "))]"
        }
    }

    /// The literal `text` parses to.
    private func literal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Literal? {
        guard let parsed = parse(text, file: file, line: line) else { return nil }
        guard case .literal(let literal) = parsed.root.kind else {
            XCTFail("`\(text)` is not a literal", file: file, line: line)
            return nil
        }
        return literal
    }

    /// Every id in a tree, map entries included.
    private func ids(_ expr: Expr) -> [ExprID] {
        var result = [expr.id]
        switch expr.kind {
        case .literal, .ident: break
        case .select(let operand, _), .presenceTest(let operand, _): result += ids(operand)
        case .call(_, let args): result += args.flatMap(ids)
        case .memberCall(_, let target, let args): result += ids(target) + args.flatMap(ids)
        case .list(let elements): result += elements.flatMap(ids)
        case .map(let entries): result += entries.flatMap { [$0.id] + ids($0.key) + ids($0.value) }
        case .comprehension(let c): result += ids(c.range) + (c.filter.map(ids) ?? []) + ids(c.body)
        }
        return result
    }

    // MARK: - Literals

    func testIntegerLiterals() {
        XCTAssertEqual(literal("0"), .int(0))
        XCTAssertEqual(literal("42"), .int(42))
        XCTAssertEqual(literal("0x1F"), .int(31))
        XCTAssertEqual(literal("0xff"), .int(255))
        XCTAssertEqual(literal("9223372036854775807"), .int(.max))
        XCTAssertEqual(literal("-9223372036854775808"), .int(.min))
        XCTAssertEqual(literal("-0x10"), .int(-16))
        XCTAssertEqual(literal("1u"), .uint(1))
        XCTAssertEqual(literal("7U"), .uint(7))
        XCTAssertEqual(literal("0x1Fu"), .uint(31))
        XCTAssertEqual(literal("18446744073709551615u"), .uint(.max))
    }

    func testDoubleLiterals() {
        XCTAssertEqual(literal("1.5"), .double(1.5))
        XCTAssertEqual(literal("1e3"), .double(1000))
        XCTAssertEqual(literal("1E+3"), .double(1000))
        XCTAssertEqual(literal("1.0e-5"), .double(1.0e-5))
        XCTAssertEqual(literal(".5"), .double(0.5))
        XCTAssertEqual(literal("-2.5"), .double(-2.5))
        XCTAssertEqual(printed("1.size()"), "1.size()")
    }

    func testKeywordLiterals() {
        XCTAssertEqual(literal("true"), .bool(true))
        XCTAssertEqual(literal("false"), .bool(false))
        XCTAssertEqual(literal("null"), .null)
    }

    func testStringLiterals() {
        XCTAssertEqual(literal(#""hello""#), .string("hello"))
        XCTAssertEqual(literal(#"'"'"#), .string("\""))
        XCTAssertEqual(literal("\"\""), .string(""))
        XCTAssertEqual(literal("'''x''x'''"), .string("x''x"))
        XCTAssertEqual(literal("\"\"\"a\nb\"\"\""), .string("a\nb"))
        XCTAssertEqual(literal(#"'\a\b\f\n\r\t\v\\\'\"\`\?'"#), .string("\u{7}\u{8}\u{C}\n\r\t\u{B}\\'\"`?"))
        XCTAssertEqual(literal(#""\101\x42\X43\u0044\U0001F600""#), .string("ABCD😀"))
        XCTAssertEqual(literal(#""\303\277""#), .string("Ã¿"))
        XCTAssertEqual(literal(#""\377\xFF""#), .string("ÿÿ"))
        XCTAssertEqual(literal(#"r"\n\\""#), .string(#"\n\\"#))
        XCTAssertEqual(literal(#"R'''\x'''"#), .string(#"\x"#))
        XCTAssertEqual(literal("'é 😀'"), .string("é 😀"))
        XCTAssertEqual(literal("\"tab\there\""), .string("tab\there"))
    }

    func testBytesLiterals() {
        XCTAssertEqual(literal(#"b"abc""#), .bytes([97, 98, 99]))
        XCTAssertEqual(literal(#"B'ÿ'"#), .bytes([195, 191]))
        XCTAssertEqual(literal(#"b"\303\277""#), .bytes([195, 191]))
        XCTAssertEqual(literal(#"b"\377\xFF\X00\n""#), .bytes([255, 255, 0, 10]))
        XCTAssertEqual(literal(#"br'\n'"#), .bytes([92, 110]))
        XCTAssertEqual(literal(#"BR"""\x""""#), .bytes([92, 120]))
        XCTAssertEqual(literal("b'''\n'''"), .bytes([10]))
    }

    // MARK: - Structure

    func testPrecedence() {
        let cases: [(String, String)] = [
            ("a + b * c", "(a + (b * c))"),
            ("a * b + c", "((a * b) + c)"),
            ("a - b - c", "((a - b) - c)"),
            ("a / b % c * d", "(((a / b) % c) * d)"),
            ("a + b < c", "((a + b) < c)"),
            ("a < b == c", "((a < b) == c)"),
            ("a in b != false", "((a in b) != false)"),
            ("a < b && c >= d", "((a < b) && (c >= d))"),
            ("a && b || c && d", "((a && b) || (c && d))"),
            ("a || b ? c : d", "((a || b) ? c : d)"),
            ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
            ("a ? (b ? c : d) : e", "(a ? (b ? c : d) : e)"),
            ("!a && b", "(!a && b)"),
            ("!!a", "!!a"),
            ("-a.b", "-a.b"),
            ("--a", "--a"),
            ("-x[0]", "-x[0]"),
            ("a.b.c(d)[e]", "a.b.c(d)[e]"),
            ("(a + b) * c", "((a + b) * c)"),
            ("f(a, b + c)", "f(a, (b + c))"),
            ("[1, 2,]", "[1, 2]"),
            ("[]", "[]"),
            ("{}", "{}"),
            ("{'a': 1, 2: [x],}", "{\"a\": 1, 2: [x]}"),
            (".a.b", ".a.b"),
            (".f(x)", ".f(x)"),
            ("a.f()", "a.f()"),
            ("1 - -2", "(1 - -2)"),
            ("- -2", "--2"),
            ("-(5u)", "-5u"),
            ("-(5)", "-5"),
            ("- 1.5.x", "-1.5d.x"),
            ("{'as': 1}.as", "{\"as\": 1}.as"),
            ("a.if() || a.while", "(a.if() || a.while)"),
            ("m.`content-type`.`a.b/c d`", "m.content-type.a.b/c d"),
        ]
        for (source, expected) in cases {
            XCTAssertEqual(printed(source), expected, source)
        }
    }

    func testNegationFoldsOnlyIntoPlainLiterals() throws {
        let folded = try XCTUnwrap(parse("-5"))
        guard case .literal(.int(-5)) = folded.root.kind else { return XCTFail("not folded") }
        let call = try XCTUnwrap(parse("-(5)"))
        guard case .call(Operator.negate, _) = call.root.kind else { return XCTFail("folded through parentheses") }
        XCTAssertEqual(printed("-1.abs()"), "-1.abs()")
    }

    func testLogicalChainsAreBalanced() {
        XCTAssertEqual(printed("a || b || c || d"), "((a || b) || (c || d))")
        XCTAssertEqual(printed("a && b && c"), "(a && (b && c))")
        XCTAssertEqual(printed("a && b && c && d && e"), "((a && b) && (c && (d && e)))")
        let terms = (0..<1_000).map { "x\($0)" }.joined(separator: " || ")
        XCTAssertNotNil(parse(terms))
    }

    func testIDsAreDenseAndUnique() throws {
        let parsed = try XCTUnwrap(parse("has(a.b) && [1, 2].map(x, x > 1, x * 2)[0] == {'k': f(y)}.k"))
        let all = ids(parsed.root).sorted()
        XCTAssertEqual(all, Array(1..<parsed.nextID))
    }

    // MARK: - Macros

    func testMacros() {
        XCTAssertEqual(printed("has(a.b.c)"), "has(a.b.c)")
        XCTAssertEqual(printed("l.all(x, x > 0)"), "all(x in l: (x > 0))")
        XCTAssertEqual(printed("l.exists(x, x)"), "exists(x in l: x)")
        XCTAssertEqual(printed("l.exists_one(x, x)"), "exists_one(x in l: x)")
        XCTAssertEqual(printed("l.map(x, x * 2)"), "map(x in l: (x * 2))")
        XCTAssertEqual(printed("l.map(x, x > 1, x * 2)"), "map(x in l if (x > 1): (x * 2))")
        XCTAssertEqual(printed("l.filter(x, x > 1)"), "filter(x in l: (x > 1))")
        XCTAssertEqual(printed("[1].all(x, [2].exists(y, x < y))"), "all(x in [1]: exists(y in [2]: (x < y)))")
    }

    func testMacroNamesWithoutMacroShapeAreCalls() {
        XCTAssertEqual(printed("all(l, x)"), "all(l, x)")
        XCTAssertEqual(printed("l.map(x)"), "l.map(x)")
        XCTAssertEqual(printed("has(a, b)"), "has(a, b)")
        XCTAssertEqual(printed("x.has(a.b)"), "x.has(a.b)")
    }

    // MARK: - Positions

    func testNodeOffsets() throws {
        let (text, marks) = marked("1️⃣a 2️⃣+ 3️⃣f(x)4️⃣.y")
        let parsed = try XCTUnwrap(parse(text))
        let info = parsed.sourceInfo
        guard case .call(_, let args) = parsed.root.kind, case .select(let call, _) = args[1].kind else {
            return XCTFail("unexpected shape")
        }
        XCTAssertEqual(info.offset(of: args[0].id), marks[0])
        XCTAssertEqual(info.offset(of: parsed.root.id), marks[1])
        XCTAssertEqual(info.offset(of: call.id), marks[2])
        XCTAssertEqual(info.offset(of: args[1].id), marks[3])
    }

    func testOffsetsAreUTF8() throws {
        let (text, marks) = marked("'é😀' 1️⃣== 2️⃣-3 3️⃣? l4️⃣.exists(x, x) : false")
        let parsed = try XCTUnwrap(parse(text))
        let info = parsed.sourceInfo
        guard case .call(Operator.conditional, let args) = parsed.root.kind,
              case .call(Operator.equals, let sides) = args[0].kind,
              case .comprehension(let comprehension) = args[1].kind
        else { return XCTFail("unexpected shape") }
        XCTAssertEqual(info.offset(of: args[0].id), marks[0])
        XCTAssertEqual(info.offset(of: sides[1].id), marks[1])
        XCTAssertEqual(info.offset(of: parsed.root.id), marks[2])
        XCTAssertEqual(info.offset(of: args[1].id), marks[3] + 1)
        XCTAssertEqual(info.offset(of: comprehension.range.id), marks[3] - 1)
    }

    // MARK: - Diagnostics

    /// Asserts that `markedText` fails with one diagnostic `code` spanning 1️⃣ to 2️⃣.
    private func assertDiagnostic(_ markedText: String, _ code: String, message: String? = nil,
                                  options: ParserOptions = .init(),
                                  file: StaticString = #filePath, line: UInt = #line) {
        let (text, marks) = marked(markedText)
        let found = diagnostics(text, options: options, file: file, line: line)
        guard let first = found.first else { return }
        XCTAssertEqual(found.count, 1, "\(found)", file: file, line: line)
        XCTAssertEqual(first.code, code, first.message, file: file, line: line)
        if marks.count == 2 {
            XCTAssertEqual(first.range, marks[0]..<marks[1], first.message, file: file, line: line)
        }
        if let message { XCTAssertEqual(first.message, message, file: file, line: line) }
        XCTAssertEqual(first.message.first?.isUppercase, false, file: file, line: line)
        XCTAssertFalse(first.message.hasSuffix("."), file: file, line: line)
    }

    func testUnexpectedTokens() {
        assertDiagnostic("(1 + 1️⃣)2️⃣", "parse.unexpected-token", message: "unexpected `)`, expected an expression")
        assertDiagnostic("f(1 1️⃣22️⃣)", "parse.unexpected-token", message: "unexpected `2`, expected `,` or `)`")
        assertDiagnostic("1 + 1️⃣2️⃣", "parse.unexpected-token",
                         message: "unexpected end of expression, expected an expression")
        assertDiagnostic("a 1️⃣b2️⃣", "parse.unexpected-token", message: "unexpected `b`, expected the end of the expression")
        assertDiagnostic("a.1️⃣(2️⃣", "parse.unexpected-token", message: "unexpected `(`, expected a field name")
        assertDiagnostic("{1 1️⃣}2️⃣", "parse.unexpected-token", message: "unexpected `}`, expected `:`")
        assertDiagnostic("f(a,1️⃣)2️⃣", "parse.unexpected-token")
        assertDiagnostic("a ? b 1️⃣2️⃣", "parse.unexpected-token")
        assertDiagnostic("1️⃣2️⃣", "parse.unexpected-token")
    }

    func testLexicalErrors() {
        assertDiagnostic("a 1️⃣&2️⃣ b", "parse.unexpected-character", message: "unexpected character `&`")
        assertDiagnostic("a 1️⃣=2️⃣ b", "parse.unexpected-character")
        assertDiagnostic("1️⃣#2️⃣", "parse.unexpected-character")
        assertDiagnostic("m.`a1️⃣:2️⃣b`", "parse.unexpected-character")
        assertDiagnostic("m.`1️⃣`2️⃣", "parse.unexpected-character", message: "unexpected character `` ` ``")
        assertDiagnostic("a 1️⃣`b2️⃣", "parse.unterminated-string", message: "unterminated literal, expected a closing `` ` ``")
        assertDiagnostic("1️⃣`a`2️⃣", "parse.unexpected-token")
        assertDiagnostic("1️⃣\u{7}2️⃣", "parse.unexpected-character", message: "unexpected character `U+0007`")
        assertDiagnostic("1 + 1️⃣é2️⃣", "parse.unexpected-character")
        assertDiagnostic("1️⃣'abc2️⃣", "parse.unterminated-string")
        assertDiagnostic("x + 1️⃣\"abc2️⃣\n", "parse.unterminated-string")
        assertDiagnostic("1️⃣b'''abc''2️⃣", "parse.unterminated-string")
        assertDiagnostic("1️⃣0x2️⃣", "parse.invalid-number")
        assertDiagnostic("1️⃣12abc2️⃣ + 1", "parse.invalid-number")
        assertDiagnostic("1️⃣1.5u2️⃣", "parse.invalid-number")
        assertDiagnostic("1️⃣1e999z2️⃣", "parse.invalid-number")
        assertDiagnostic("1️⃣1e9992️⃣", "parse.double-overflow")
        assertDiagnostic("a ? b 1️⃣?2️⃣ c : d : e", "parse.unexpected-token", message: "unexpected `?`, expected `:`")
    }

    func testEscapeErrors() {
        assertDiagnostic(#"'a1️⃣\q2️⃣b'"#, "parse.invalid-escape", message: #"invalid escape sequence `\q`"#)
        assertDiagnostic(#"'1️⃣\x4'2️⃣"#.replacingOccurrences(of: "'2️⃣", with: "2️⃣'"), "parse.invalid-escape")
        assertDiagnostic(#"'1️⃣\4002️⃣'"#, "parse.invalid-escape")
        assertDiagnostic(#"'1️⃣\é2️⃣'"#, "parse.invalid-escape")
        assertDiagnostic(#"'1️⃣\uD8002️⃣'"#, "parse.invalid-code-point")
        assertDiagnostic(#"'1️⃣\U001100002️⃣'"#, "parse.invalid-code-point")
        assertDiagnostic(#"b'1️⃣\u00412️⃣'"#, "parse.invalid-escape")
        let several = diagnostics(#"'\q \z' + '\k'"#)
        XCTAssertEqual(several.map(\.code), Array(repeating: "parse.invalid-escape", count: 3))
        XCTAssertEqual(several.map(\.range), [1..<3, 4..<6, 11..<13])
    }

    func testNumberRangeErrors() {
        assertDiagnostic("1️⃣92233720368547758082️⃣", "parse.int-overflow")
        assertDiagnostic("1️⃣-92233720368547758092️⃣", "parse.int-overflow")
        assertDiagnostic("1️⃣999999999999999999999992️⃣", "parse.int-overflow")
        assertDiagnostic("1️⃣18446744073709551616u2️⃣", "parse.int-overflow")
        assertDiagnostic("1️⃣-1u2️⃣", "parse.negative-uint")
    }

    func testNameErrors() {
        assertDiagnostic("1️⃣if2️⃣ + 1", "parse.reserved-identifier", message: "`if` is a reserved word and cannot be used as a name")
        assertDiagnostic("1️⃣while2️⃣(x)", "parse.reserved-identifier")
        assertDiagnostic("x + 1️⃣a.b.Msg{2️⃣f: 1}", "parse.unsupported-struct-literal",
                         message: "message literal `a.b.Msg{…}` is not supported")
        assertDiagnostic("1️⃣.Msg{2️⃣}.f", "parse.unsupported-struct-literal")
        assertDiagnostic("has(1️⃣a2️⃣)", "parse.invalid-macro-argument")
        assertDiagnostic("l.all(1️⃣x.y2️⃣, true)", "parse.invalid-macro-argument")
        assertDiagnostic("l.map(1️⃣.x2️⃣, x)", "parse.invalid-macro-argument")
    }

    func testDiagnosticsAreCapped() {
        let text = (0..<50).map { _ in #"'\q'"# }.joined(separator: " + ")
        XCTAssertEqual(diagnostics(text).count, 20)
        let reserved = (0..<50).map { _ in "if" }.joined(separator: " + ")
        XCTAssertEqual(diagnostics(reserved).count, 20)
    }

    // MARK: - Limits

    /// Runs `body` and asserts that it takes less than `limit` seconds.
    private func assertFast(_ limit: TimeInterval = 1, file: StaticString = #filePath, line: UInt = #line,
                            _ body: () -> Void) {
        let start = Date()
        body()
        XCTAssertLessThan(Date().timeIntervalSince(start), limit, file: file, line: line)
    }

    func testDeepNestingIsRejected() {
        let depth = 10_000
        let inputs = [
            String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            String(repeating: "{1: ", count: depth) + "1" + String(repeating: "}", count: depth),
            String(repeating: "f(", count: depth) + String(repeating: ")", count: depth),
            String(repeating: "!", count: depth) + "true",
            String(repeating: "-", count: depth) + "1",
            String(repeating: "- ", count: depth) + "x",
            String(repeating: "a ? b : ", count: depth) + "c",
            String(repeating: "(", count: depth),
        ]
        for input in inputs {
            assertFast {
                let found = diagnostics(input)
                XCTAssertEqual(found.map(\.code), ["parse.too-deep"], String(input.prefix(10)))
            }
        }
    }

    func testNestingWithinTheLimitParses() {
        let depth = 200
        XCTAssertNotNil(parse(String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)))
        XCTAssertNotNil(parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
        XCTAssertNotNil(parse(String(repeating: "!", count: depth) + "true"))
    }

    func testNestingLimitIsConfigurable() {
        var options = ParserOptions()
        options.maxRecursionDepth = 3
        XCTAssertNotNil(parse("((1))", options: options))
        assertDiagnostic("(((1️⃣(2️⃣1))))", "parse.too-deep", options: options)
        assertDiagnostic("!!1️⃣!2️⃣!x", "parse.too-deep", options: options)
    }

    func testDeepTreesAreRejected() {
        let chains = [
            "a" + String(repeating: ".b", count: 10_000),
            (0..<10_000).map { "x\($0)" }.joined(separator: " + "),
            "a" + String(repeating: "[0]", count: 10_000),
        ]
        for input in chains {
            assertFast {
                XCTAssertEqual(diagnostics(input).map(\.code), ["parse.too-deep"])
            }
        }
        var options = ParserOptions()
        options.maxASTDepth = 3
        XCTAssertNotNil(parse("a.b.c", options: options))
        assertDiagnostic("a.b.c1️⃣.2️⃣d", "parse.too-deep", options: options)
    }

    /// Debug builds use about 11 KiB of stack per nesting level (release about 1 KiB), so the
    /// default limit of 250 must fit in a 4 MiB thread stack.
    func testNestingAtTheLimitFitsInAThreadStack() {
        let depth = 249
        let inputs = [
            String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth),
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
            String(repeating: "f(", count: depth) + String(repeating: ")", count: depth),
            String(repeating: "{1: ", count: depth) + "1" + String(repeating: "}", count: depth),
            String(repeating: "a[", count: depth) + "1" + String(repeating: "]", count: depth),
        ]
        let done = expectation(description: "parsed on a 4 MiB thread")
        let results = Results()
        let thread = Thread {
            for input in inputs { results.append((try? Parser().parse(Source(input))) != nil) }
            done.fulfill()
        }
        thread.stackSize = 4 << 20
        thread.start()
        wait(for: [done], timeout: 10)
        XCTAssertEqual(results.values, Array(repeating: true, count: inputs.count))
    }

    /// Results shared with a helper thread.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Bool] = []
        var values: [Bool] { lock.withLock { storage } }
        func append(_ value: Bool) { lock.withLock { storage.append(value) } }
    }

    func testLargeSourceIsRejected() {
        let text = "'" + String(repeating: "x", count: 1_000_000) + "'"
        assertFast {
            let found = diagnostics(text)
            XCTAssertEqual(found.map(\.code), ["parse.too-large"])
            XCTAssertEqual(found.first?.range, 100_000..<text.utf8.count)
        }
        var options = ParserOptions()
        options.maxExpressionSize = 4
        XCTAssertNotNil(parse("'éé'", options: options))
        assertDiagnostic("'éé'1️⃣ 2️⃣", "parse.too-large", options: options)
    }

    func testLargeSourceWithinTheLimitParsesQuickly() {
        let text = "'" + String(repeating: "x", count: 99_000) + "' + " + "[" + String(repeating: "1,", count: 200) + "]"
        assertFast { XCTAssertNotNil(parse(text)) }
    }

    // MARK: - Conformance corpus

    func testConformanceExpressionsParse() throws {
        let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/conformance/cel")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?
            .filter { $0.hasSuffix(".jsonl") } ?? []
        guard !files.isEmpty else { throw XCTSkip("no conformance cases at \(directory.path)") }
        var count = 0
        for file in files.sorted() {
            let content = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for line in content.split(separator: "\n") {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                guard let object, let expr = object["expr"] as? String else { continue }
                let expect = object["expect"] as? [String: Any]
                if file == "parse.jsonl", expect?["error"] as? Bool == true { continue }
                XCTAssertNotNil(parse(expr), "\(file): \(object["name"] ?? "")")
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 700)
    }
}
