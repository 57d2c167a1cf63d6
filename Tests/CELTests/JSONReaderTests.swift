import XCTest
@testable import CEL

/// Exact structural identity of values: kinds must match, decimals keep their scale, doubles
/// compare bitwise (NaN equals NaN), map keys compare in order.
func jsonSame(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.uint(let x), .uint(let y)): return x == y
    case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
    case (.string(let x), .string(let y)): return Array(x.utf8) == Array(y.utf8)
    case (.bytes(let x), .bytes(let y)): return x == y
    case (.decimal(let x), .decimal(let y)): return x.coefficient == y.coefficient && x.scale == y.scale
    case (.timestamp(let x), .timestamp(let y)): return x == y
    case (.duration(let x), .duration(let y)): return x == y
    case (.date(let x), .date(let y)): return x == y
    case (.type(let x), .type(let y)): return x == y
    case (.error(let x), .error(let y)): return x.message == y.message
    case (.list(let x), .list(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { jsonSame($0, $1) }
    case (.map(let x), .map(let y)):
        return x.count == y.count && zip(x.keys, y.keys).allSatisfy { jsonSame($0, $1) }
            && zip(x.values, y.values).allSatisfy { jsonSame($0, $1) }
    default: return false
    }
}

/// A map with string keys in the given order.
func jsonObject(_ members: KeyValuePairs<String, Value>) -> Value {
    var map = MapValue()
    for (key, value) in members { map.insert(.string(key), value) }
    return .map(map)
}

final class JSONReaderTests: XCTestCase {
    private func read(_ text: String, _ options: JSONReaderOptions = .init()) throws -> Value {
        try JSONReader(options: options).read(text)
    }

    private func assertReads(_ text: String, _ expected: Value, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let value = try read(text)
            XCTAssertTrue(jsonSame(value, expected), "\(text) read as \(value.debugText)", file: file, line: line)
        } catch {
            XCTFail("\(text) failed: \(error)", file: file, line: line)
        }
    }

    private func assertDecimal(_ text: String, coefficient: Int128, scale: Int, file: StaticString = #filePath, line: UInt = #line) {
        guard case .decimal(let d) = try? read(text) else {
            return XCTFail("\(text) is not a decimal", file: file, line: line)
        }
        XCTAssertEqual(d.coefficient, coefficient, file: file, line: line)
        XCTAssertEqual(d.scale, scale, file: file, line: line)
    }

    private func assertFails(
        _ input: [UInt8], _ message: String, offset: Int, line: Int = 1, column: Int? = nil, path: String = "",
        options: JSONReaderOptions = .init(), file: StaticString = #filePath, sourceLine: UInt = #line
    ) {
        do {
            let value = try JSONReader(options: options).read(input)
            XCTFail("expected an error, read \(value.debugText)", file: file, line: sourceLine)
        } catch {
            let expected = JSONReadError(
                message: message, offset: offset, line: line, column: column ?? offset + 1, path: path)
            XCTAssertEqual(error, expected, file: file, line: sourceLine)
        }
    }

    private func assertFails(
        _ text: String, _ message: String, offset: Int, line: Int = 1, column: Int? = nil, path: String = "",
        options: JSONReaderOptions = .init(), file: StaticString = #filePath, sourceLine: UInt = #line
    ) {
        assertFails(
            Array(text.utf8), message, offset: offset, line: line, column: column, path: path, options: options,
            file: file, sourceLine: sourceLine)
    }

    // MARK: Values

    func testLiteralsAndWhitespace() {
        assertReads("true", .bool(true))
        assertReads(" \t\r\nfalse\n ", .bool(false))
        assertReads("null", .null)
        assertReads("\"\"", .string(""))
        assertReads("[]", .list([]))
        assertReads("{ }", .map(MapValue()))
        assertReads("[ true , null ]", .list([.bool(true), .null]))
    }

    func testObjectsKeepDocumentOrder() throws {
        let value = try read(#"{"z": 1, "a": [1, {"m": "x"}], "k": {}}"#)
        let expected = jsonObject([
            "z": .int(1),
            "a": .list([.int(1), jsonObject(["m": .string("x")])]),
            "k": .map(MapValue()),
        ])
        XCTAssertTrue(jsonSame(value, expected), value.debugText)
    }

    func testIntegers() {
        assertReads("0", .int(0))
        assertReads("-0", .int(0))
        assertReads("42", .int(42))
        assertReads("-17", .int(-17))
        assertReads("9223372036854775807", .int(.max))
        assertReads("-9223372036854775808", .int(.min))
        assertReads("[1,-2]", .list([.int(1), .int(-2)]))
    }

    func testNumbersKeepTheirExactText() throws {
        assertReads(#""312.40""#, .string("312.40"))
        assertDecimal("312.40", coefficient: 31240, scale: 2)
        XCTAssertEqual(try read("312.40").debugText, #"decimal("312.40")"#)
        assertDecimal("-0.05", coefficient: -5, scale: 2)
        assertDecimal("0.0", coefficient: 0, scale: 1)
        assertDecimal("1e3", coefficient: 1000, scale: 0)
        assertDecimal("1.5E+2", coefficient: 150, scale: 0)
        assertDecimal("25e-2", coefficient: 25, scale: 2)
        assertDecimal("12345678901234567890", coefficient: 12_345_678_901_234_567_890, scale: 0)
        assertDecimal("9223372036854775808", coefficient: 9_223_372_036_854_775_808, scale: 0)
        assertDecimal("-9223372036854775809", coefficient: -9_223_372_036_854_775_809, scale: 0)
        assertDecimal("1234567890.123456789", coefficient: 1_234_567_890_123_456_789, scale: 9)
        assertDecimal("0.000000000000000001", coefficient: 1, scale: 18)
        assertDecimal("12345678901234567890.5", coefficient: 123_456_789_012_345_678_905, scale: 1)
    }

    func testNumbersBeyondDecimalBecomeDoubles() {
        assertReads("0.0000000000000000001", .double(1e-19))
        assertReads("1.38e-23", .double(1.38e-23))
        assertReads("123456789012345678901234567890123456789012", .double(1.2345678901234568e41))
        assertReads("1e400", .double(.infinity))
        assertReads("-1e400", .double(-.infinity))
    }

    func testNumberSyntaxErrors() {
        assertFails("01", "leading zeros are not allowed in numbers", offset: 0)
        assertFails("-012", "leading zeros are not allowed in numbers", offset: 0)
        assertFails("[00]", "leading zeros are not allowed in numbers", offset: 1, path: "[0]")
        assertFails("+1", "unexpected `+`, expected a value", offset: 0)
        assertFails(".5", "unexpected `.`, expected a value", offset: 0)
        assertFails("1.", "expected a digit after the decimal point", offset: 2)
        assertFails("1.e5", "expected a digit after the decimal point", offset: 2)
        assertFails("1e", "expected a digit in the exponent", offset: 2)
        assertFails("1e+", "expected a digit in the exponent", offset: 3)
        assertFails("-", "expected a digit after `-`", offset: 1)
        assertFails("-x", "expected a digit after `-`", offset: 1)
        assertFails("NaN", "unexpected `N`, expected a value", offset: 0)
        assertFails("-Infinity", "expected a digit after `-`", offset: 1)
        assertFails("1.5.2", "unexpected trailing characters after the JSON value", offset: 3)
        assertFails("0x10", "unexpected trailing characters after the JSON value", offset: 1)
    }

    func testLiteralErrors() {
        assertFails("tru", "invalid literal, expected `true`", offset: 0)
        assertFails("[nul]", "invalid literal, expected `null`", offset: 1, path: "[0]")
        assertFails("fals3", "invalid literal, expected `false`", offset: 0)
        assertFails("True", "unexpected `T`, expected a value", offset: 0)
        assertFails("truex", "unexpected trailing characters after the JSON value", offset: 4)
    }

    // MARK: Strings

    func testEscapes() {
        assertReads(#""a\"b\\c\/d\b\f\n\r\t""#, .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        assertReads(#""\u0041\u00e9\u20AC\u0000""#, .string("Aé€\u{0}"))
        assertReads(#""\uD83D\uDE00 smile""#, .string("😀 smile"))
        assertReads(#""x\uDBFF\uDFFFy""#, .string("x\u{10FFFF}y"))
        assertReads(#""long prefix before the escape \n and after it""#, .string("long prefix before the escape \n and after it"))
    }

    func testEscapeErrors() {
        assertFails(#""ab\x""#, "invalid escape `\\x` in string", offset: 3)
        assertFails(#"["\u12G4"]"#, "invalid unicode escape, expected 4 hex digits after `\\u`", offset: 2, path: "[0]")
        assertFails(#""\u12"#, "invalid unicode escape, expected 4 hex digits after `\\u`", offset: 1)
        assertFails(#""\"#, "unterminated string", offset: 0)
        assertFails([0x22, 0x5C, 0x01, 0x22], "invalid escape `\\` before byte 0x01 in string", offset: 1)
    }

    func testLoneSurrogatesAreErrors() {
        assertFails(#""\uD83D""#, "lone surrogate `\\uD83D` in string", offset: 1)
        assertFails(#""\uD83Dx""#, "lone surrogate `\\uD83D` in string", offset: 1)
        assertFails(#""\uD83D\u0041""#, "lone surrogate `\\uD83D` in string", offset: 1)
        assertFails(#""\uD83D\uD83D""#, "lone surrogate `\\uD83D` in string", offset: 1)
        assertFails(#"{"k":"ok \uDE00"}"#, "lone surrogate `\\uDE00` in string", offset: 9, path: "k")
    }

    func testControlCharactersMustBeEscaped() {
        assertFails("\"a\tb\"", "unescaped control character U+0009 in string", offset: 2)
        assertFails("\"line\nbreak\"", "unescaped control character U+000A in string", offset: 5)
        assertFails("\"0123456789\u{1F}\"", "unescaped control character U+001F in string", offset: 11)
        assertFails("\"with \\n escape then \u{0}\"", "unescaped control character U+0000 in string", offset: 21)
        assertReads("\"del \u{7F} is fine\"", .string("del \u{7F} is fine"))
    }

    func testUnterminatedStrings() {
        assertFails(#""abc"#, "unterminated string", offset: 0)
        assertFails(#"{"key": "a long value without an end"#, "unterminated string", offset: 8, path: "key")
        assertFails(#"{"key"#, "unterminated string", offset: 1)
    }

    func testValidUTF8() {
        assertReads("\"é€😀 Zoë\"", .string("é€😀 Zoë"))
        assertReads("\"\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}\"", .string("\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"))
        assertReads("{\"clé\": \"\\n€\"}", jsonObject(["clé": .string("\n€")]))
    }

    func testInvalidUTF8IsAnError() {
        let quote: UInt8 = 0x22
        assertFails([quote, 0xC3, 0x28, quote], "invalid utf-8 sequence starting with byte 0xC3", offset: 1)
        assertFails([quote, 0x61, 0x80, quote], "invalid utf-8 sequence starting with byte 0x80", offset: 2)
        assertFails([quote, 0xC0, 0xAF, quote], "invalid utf-8 sequence starting with byte 0xC0", offset: 1)
        assertFails([quote, 0xE0, 0x80, 0xAF, quote], "invalid utf-8 sequence starting with byte 0xE0", offset: 1)
        assertFails([quote, 0xED, 0xA0, 0x80, quote], "invalid utf-8 sequence starting with byte 0xED", offset: 1)
        assertFails([quote, 0xF4, 0x90, 0x80, 0x80, quote], "invalid utf-8 sequence starting with byte 0xF4", offset: 1)
        assertFails([quote, 0xF5, 0x80, 0x80, 0x80, quote], "invalid utf-8 sequence starting with byte 0xF5", offset: 1)
        assertFails([quote, 0xE2, 0x82], "invalid utf-8 sequence starting with byte 0xE2", offset: 1)
        assertFails([quote, 0x5C, 0x6E, 0xFF, quote], "invalid utf-8 sequence starting with byte 0xFF", offset: 3)
        let long = Array("\"abcdefghijklmnop".utf8) + [0xE2, 0x28, 0xA1, quote]
        assertFails(long, "invalid utf-8 sequence starting with byte 0xE2", offset: 17)
        assertFails([0xFF], "unexpected byte 0xFF, expected a value", offset: 0)
        assertFails([0x5B, 0xEF, 0xBB, 0xBF, 0x5D], "unexpected byte 0xEF, expected a value", offset: 1, path: "[0]")
    }

    /// Quotes, escapes and multi-byte characters at every position around the 8-byte scan.
    func testStringsOfEveryLength() throws {
        for length in 0...40 {
            for special in ["", "\n", "\"", "\\", "é", "😀"] {
                for position in stride(from: 0, through: length, by: 3) {
                    var text = String(repeating: "x", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    var writer = JSONWriter()
                    writer.string(text)
                    XCTAssertTrue(jsonSame(try JSONReader().read(writer.bytes), .string(text)), writer.text)
                }
            }
        }
    }

    // MARK: Structure

    func testStructureErrorsCarryPositionAndPath() {
        assertFails(#"{"a":1 "b":2}"#, "expected `,` or `}` after an object member", offset: 7, path: "a")
        assertFails("[1 2]", "expected `,` or `]` after an array element", offset: 3, path: "[0]")
        assertFails(#"{"a" 1}"#, "expected `:` after an object key", offset: 5, path: "a")
        assertFails("{1:2}", "expected a string key or `}`", offset: 1)
        assertFails(#"{"a":1,}"#, "expected a string key", offset: 7)
        assertFails("[1,]", "unexpected `]`, expected a value", offset: 3, path: "[1]")
        assertFails("[,1]", "unexpected `,`, expected a value", offset: 1, path: "[0]")
        assertFails("", "unexpected end of input, expected a value", offset: 0)
        assertFails("  \n ", "unexpected end of input, expected a value", offset: 4, line: 2, column: 2)
        assertFails("[", "unexpected end of input, expected a value", offset: 1, path: "[0]")
        assertFails("[1", "unexpected end of input, expected `,` or `]` after an array element", offset: 2, path: "[0]")
        assertFails(#"{"a":1"#, "unexpected end of input, expected `,` or `}` after an object member", offset: 6, path: "a")
        assertFails("{", "unexpected end of input, expected a string key or `}`", offset: 1)
        assertFails(#"{"a":1,"#, "unexpected end of input, expected a string key", offset: 7)
        assertFails("1 2", "unexpected trailing characters after the JSON value", offset: 2)
        assertFails("{} []", "unexpected trailing characters after the JSON value", offset: 3)
        assertFails("]", "unexpected `]`, expected a value", offset: 0)
    }

    func testPathsOfNestedMembers() {
        assertFails(
            #"{"bills":[{"due_date":"2026-01-01"},{"due_date":tru}]}"#,
            "invalid literal, expected `true`", offset: 48, path: "bills[1].due_date")
        assertFails(#"{"a b":[x]}"#, "unexpected `x`, expected a value", offset: 8, path: #"["a b"][0]"#)
        assertFails(#"{"":{"x\"y":[[1,2,?]]}}"#, "unexpected `?`, expected a value", offset: 18, path: #"[""]["x\"y"][0][2]"#)
        assertFails(#"{"_id9":{"9x":1,}}"#, "expected a string key", offset: 16, path: "_id9")
    }

    func testLineAndColumn() {
        let text = "{\n  \"a\": 1,\n  \"b\": x\n}"
        assertFails(text, "unexpected `x`, expected a value", offset: 19, line: 3, column: 8, path: "b")
        assertFails("[1,\r\n\"\u{1}\"]", "unescaped control character U+0001 in string", offset: 6, line: 2, column: 2, path: "[1]")
    }

    func testDuplicateKeysAreErrors() {
        assertFails(#"{"a":1,"a":2}"#, "duplicate key `a`", offset: 7, path: "a")
        assertFails(
            #"{"b":{"c":1,"d":[],"c":2},"e":0}"#, "duplicate key `c`", offset: 19, path: "b.c")
        assertFails(#"[{}, {"x":1, "y":2, "x":3}]"#, "duplicate key `x`", offset: 20, path: "[1].x")
        assertFails("{\"\\u0061\":1,\"a\":2}", "duplicate key `a`", offset: 12, path: "a")
        assertReads(#"{"é":1,"e\u0301":2}"#, jsonObject(["é": .int(1), "e\u{301}": .int(2)]))
    }

    func testDepthLimit() throws {
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        XCTAssertNoThrow(try read(ok))
        let deep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        let path = String(repeating: "[0]", count: 256)
        assertFails(deep, "nesting deeper than 256 levels", offset: 256, path: path)
        assertFails(
            #"{"a":{"b":[{}]}}"#, "nesting deeper than 3 levels", offset: 11, path: "a.b[0]",
            options: JSONReaderOptions(maxDepth: 3))
        XCTAssertNoThrow(try read(#"{"a":{"b":[1]}}"#, JSONReaderOptions(maxDepth: 3)))
    }

    func testHugeNestingFailsWithoutRecursion() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        XCTAssertThrowsError(try JSONReader().read(bytes)) { error in
            XCTAssertEqual((error as? JSONReadError)?.message, "nesting deeper than 256 levels")
        }
        let objects = String(repeating: #"{"a":"#, count: 100_000)
        XCTAssertThrowsError(try read(objects)) { error in
            XCTAssertEqual((error as? JSONReadError)?.offset, 256 * 5)
        }
        XCTAssertNoThrow(try read(String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000), JSONReaderOptions(maxDepth: 10_000)))
    }

    func testLongStrings() throws {
        let big = String(repeating: "0123456789abcdef", count: 5 << 16)  // 5 MiB
        guard case .string(let s) = try read("{\"blob\":\"" + big + "\"}").mapValue("blob") else {
            return XCTFail("not a string")
        }
        XCTAssertEqual(s.utf8.count, 5 << 20)
        let escaped = String(repeating: "ab\\n", count: 1 << 20)
        guard case .string(let t) = try read("\"" + escaped + "\"") else { return XCTFail("not a string") }
        XCTAssertEqual(t.utf8.count, 3 << 20)
        let small = JSONReaderOptions(maxStringBytes: 10)
        XCTAssertNoThrow(try read(#""0123456789""#, small))
        assertFails(#"["0123456789a"]"#, "string longer than 10 bytes", offset: 1, path: "[0]", options: small)
        assertFails(#""\n123456789a""#, "string longer than 10 bytes", offset: 0, options: small)
        assertFails(#"{"0123456789a":1}"#, "string longer than 10 bytes", offset: 1, options: small)
    }

    func testReadsFromRawBuffers() throws {
        let bytes: [UInt8] = Array(#"  {"n": [1.50, "x"]}  "#.utf8)
        let value = try bytes.withUnsafeBytes { try JSONReader().read($0) }
        guard case .list(let items) = value.mapValue("n"), case .decimal(let d) = items.first else {
            return XCTFail(value.debugText)
        }
        XCTAssertEqual(d.description, "1.50")
        XCTAssertThrowsError(try JSONReader().read(UnsafeRawBufferPointer(start: nil, count: 0))) { error in
            XCTAssertEqual((error as? JSONReadError)?.message, "unexpected end of input, expected a value")
        }
    }

    func testErrorDescription() {
        let error = JSONReadError(message: "duplicate key `a`", offset: 7, line: 1, column: 8, path: "a")
        XCTAssertEqual(error.description, "1:8: duplicate key `a` (at a)")
        XCTAssertEqual(
            JSONReadError(message: "m", offset: 0, line: 1, column: 1, path: "").description, "1:1: m")
    }
}

extension Value {
    /// The member `key` of a map value, for tests.
    func mapValue(_ key: String) -> Value? {
        guard case .map(let map) = self else { return nil }
        return map[key]
    }
}
