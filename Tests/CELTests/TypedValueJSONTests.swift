import XCTest
@testable import CEL

final class TypedValueJSONTests: XCTestCase {
    private func decode(_ json: String) throws -> Value {
        try TypedValueJSON.decode(try JSONReader().read(json))
    }

    private func assertDecodes(_ json: String, _ expected: Value, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let value = try decode(json)
            XCTAssertTrue(jsonSame(value, expected), "\(json) decoded as \(value.debugText)", file: file, line: line)
        } catch {
            XCTFail("\(json) failed: \(error)", file: file, line: line)
        }
    }

    private func assertRejects(_ json: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try decode(json), file: file, line: line) { error in
            XCTAssertEqual((error as? ValueError)?.message, message, file: file, line: line)
        }
    }

    private func encoded(_ value: Value) -> String {
        var writer = JSONWriter()
        TypedValueJSON.encode(value, into: &writer)
        return writer.text
    }

    func testDecodesScalars() throws {
        assertDecodes(#"{"int64":"-9223372036854775808"}"#, .int(.min))
        assertDecodes(#"{"int64":42}"#, .int(42))
        assertDecodes(#"{"uint64":"18446744073709551615"}"#, .uint(.max))
        assertDecodes(#"{"uint64":12345678901234567890}"#, .uint(12_345_678_901_234_567_890))
        assertDecodes(#"{"uint64":7}"#, .uint(7))
        assertDecodes(#"{"double":1.5}"#, .double(1.5))
        assertDecodes(#"{"double":0.0}"#, .double(0))
        // JSON numbers are read exactly as decimals, which have no negative zero.
        assertDecodes(#"{"double":-0.0}"#, .double(0))
        assertDecodes(#"{"double":-987.654}"#, .double(-987.654))
        assertDecodes(#"{"double":6.02214e+23}"#, .double(6.02214e23))
        assertDecodes(#"{"double":1.38e-23}"#, .double(1.38e-23))
        assertDecodes(#"{"double":3}"#, .double(3))
        assertDecodes(#"{"double":"NaN"}"#, .double(.nan))
        assertDecodes(#"{"double":"Infinity"}"#, .double(.infinity))
        assertDecodes(#"{"double":"-Infinity"}"#, .double(-.infinity))
        assertDecodes(#"{"string":"a\u00e9"}"#, .string("aé"))
        assertDecodes(#"{"bytes_b64":"AP8="}"#, .bytes([0, 255]))
        assertDecodes(#"{"bytes_b64":"AP8"}"#, .bytes([0, 255]))
        assertDecodes(#"{"bytes_b64":""}"#, .bytes([]))
        assertDecodes(#"{"bytes_b64":"Zm9vYg=="}"#, .bytes(Array("foob".utf8)))
        assertDecodes(#"{"bool":true}"#, .bool(true))
        assertDecodes(#"{"null":true}"#, .null)
        assertDecodes(#"{"null":null}"#, .null)
    }

    func testDecodesExtensionsAndTimes() throws {
        assertDecodes(#"{"decimal":"312.40"}"#, .decimal(try CELDecimal(parsing: "312.40")))
        assertDecodes(#"{"decimal":312.40}"#, .decimal(try CELDecimal(parsing: "312.40")))
        assertDecodes(#"{"decimal":5}"#, .decimal(CELDecimal(5)))
        assertDecodes(#"{"date":"2026-12-21"}"#, .date(try CivilDate(parsing: "2026-12-21")))
        assertDecodes(#"{"timestamp":"2009-02-13T23:31:30Z"}"#, .timestamp(try Timestamp(seconds: 1_234_567_890)))
        assertDecodes(#"{"duration":"123.321456789s"}"#, .duration(try CELDuration(seconds: 123, nanos: 321_456_789)))
        assertDecodes(#"{"error":"division by zero"}"#, .error("division by zero"))
    }

    func testDecodesTypeNames() {
        let names: [(String, CELType)] = [
            ("bool", .bool), ("int", .int), ("uint", .uint), ("double", .double), ("string", .string),
            ("bytes", .bytes), ("null_type", .null), ("list", .list(.dyn)), ("map", .map(.dyn, .dyn)),
            ("type", .type(.dyn)), ("google.protobuf.Timestamp", .timestamp),
            ("google.protobuf.Duration", .duration), ("decimal", .decimal), ("date", .date),
        ]
        for (name, type) in names {
            assertDecodes(#"{"type":""# + name + #""}"#, .type(type))
            XCTAssertEqual(encoded(.type(type)), #"{"type":""# + name + #""}"#)
        }
        assertRejects(#"{"type":"float"}"#, "unknown type name `float`")
    }

    func testDecodesContainers() throws {
        assertDecodes(#"{"list":[{"int64":"1"},{"list":[]},{"string":"x"}]}"#, .list([.int(1), .list([]), .string("x")]))
        var map = MapValue()
        map.insert(.string("k"), .string("v"))
        map.insert(.int(1), .bool(true))
        map.insert(.uint(2), .null)
        map.insert(.bool(false), .list([.double(1)]))
        assertDecodes(
            #"{"map":[[{"string":"k"},{"string":"v"}],[{"int64":"1"},{"bool":true}],"#
                + #"[{"uint64":"2"},{"null":true}],[{"bool":false},{"list":[{"double":1}]}]]}"#,
            .map(map))
        assertDecodes(#"{"map":[]}"#, .map(MapValue()))
    }

    func testRejectsMalformedValues() {
        assertRejects("1", "typed value must be an object with one member, got 1")
        assertRejects("{}", "typed value must be an object with one member, got {}")
        assertRejects(#"{"int64":"1","x":1}"#, #"typed value must be an object with one member, got {"int64": "1", "x": 1}"#)
        assertRejects(#"{"float":1}"#, "unknown typed value kind `float`")
        assertRejects(#"{"int64":"9223372036854775808"}"#, #"invalid `int64` typed value "9223372036854775808""#)
        assertRejects(#"{"int64":1.5}"#, #"invalid `int64` typed value decimal("1.5")"#)
        assertRejects(#"{"uint64":-1}"#, "invalid `uint64` typed value -1")
        assertRejects(#"{"uint64":"x"}"#, #"invalid `uint64` typed value "x""#)
        assertRejects(#"{"uint64":1.0}"#, #"invalid `uint64` typed value decimal("1.0")"#)
        assertRejects(#"{"double":"nan"}"#, #"invalid `double` typed value "nan""#)
        assertRejects(#"{"double":true}"#, "invalid `double` typed value true")
        assertRejects(#"{"string":1}"#, "invalid `string` typed value 1")
        assertRejects(#"{"bytes_b64":"A"}"#, #"invalid `bytes_b64` typed value "A""#)
        assertRejects(#"{"bytes_b64":"AP9="}"#, #"invalid `bytes_b64` typed value "AP9=""#)
        assertRejects(#"{"bytes_b64":"A*=="}"#, #"invalid `bytes_b64` typed value "A*==""#)
        assertRejects(#"{"bool":"true"}"#, #"invalid `bool` typed value "true""#)
        assertRejects(#"{"list":{}}"#, "invalid `list` typed value {}")
        assertRejects(#"{"list":[1]}"#, "typed value must be an object with one member, got 1")
        assertRejects(#"{"map":[[{"string":"k"}]]}"#, #"map entry must be a [key, value] pair, got [{"string": "k"}]"#)
        assertRejects(#"{"map":[[{"double":1},{"null":true}]]}"#, "invalid map key 1.0")
        assertRejects(
            #"{"map":[[{"int64":"1"},{"null":true}],[{"uint64":"1"},{"null":true}]]}"#, "duplicate map key 1u")
        assertRejects(#"{"decimal":"abc"}"#, "invalid decimal `abc`")
        assertRejects(#"{"decimal":true}"#, "invalid `decimal` typed value true")
        assertRejects(#"{"timestamp":1}"#, "invalid `timestamp` typed value 1")
        assertRejects(#"{"duration":[]}"#, "invalid `duration` typed value []")
        assertRejects(#"{"date":null}"#, "invalid `date` typed value null")
        assertRejects(#"{"type":1}"#, "invalid `type` typed value 1")
        assertRejects(#"{"error":1}"#, "invalid `error` typed value 1")
        XCTAssertThrowsError(try decode(#"{"duration":"forever"}"#))
        XCTAssertThrowsError(try decode(#"{"timestamp":"yesterday"}"#))
        XCTAssertThrowsError(try decode(#"{"date":"2026-02-30"}"#))
    }

    func testEncodesEveryKind() throws {
        XCTAssertEqual(encoded(.null), #"{"null":true}"#)
        XCTAssertEqual(encoded(.bool(true)), #"{"bool":true}"#)
        XCTAssertEqual(encoded(.int(-3)), #"{"int64":"-3"}"#)
        XCTAssertEqual(encoded(.uint(.max)), #"{"uint64":"18446744073709551615"}"#)
        XCTAssertEqual(encoded(.double(1.5)), #"{"double":1.5}"#)
        XCTAssertEqual(encoded(.double(.nan)), #"{"double":"NaN"}"#)
        XCTAssertEqual(encoded(.double(-.infinity)), #"{"double":"-Infinity"}"#)
        XCTAssertEqual(encoded(.string("a\"")), #"{"string":"a\""}"#)
        XCTAssertEqual(encoded(.bytes([0, 255])), #"{"bytes_b64":"AP8="}"#)
        XCTAssertEqual(encoded(.list([.int(1), .string("x")])), #"{"list":[{"int64":"1"},{"string":"x"}]}"#)
        var map = MapValue()
        map.insert(.string("k"), .int(1))
        map.insert(.bool(true), .null)
        XCTAssertEqual(
            encoded(.map(map)), #"{"map":[[{"string":"k"},{"int64":"1"}],[{"bool":true},{"null":true}]]}"#)
        XCTAssertEqual(
            encoded(.timestamp(try Timestamp(seconds: 1_234_567_890))), #"{"timestamp":"2009-02-13T23:31:30Z"}"#)
        XCTAssertEqual(encoded(.duration(try CELDuration(parsing: "1.5s"))), #"{"duration":"1.5s"}"#)
        XCTAssertEqual(encoded(.type(.list(.int))), #"{"type":"list"}"#)
        XCTAssertEqual(encoded(.decimal(try CELDecimal(parsing: "312.40"))), #"{"decimal":"312.40"}"#)
        XCTAssertEqual(encoded(.date(try CivilDate(parsing: "2026-12-21"))), #"{"date":"2026-12-21"}"#)
        XCTAssertEqual(encoded(.error("boom")), #"{"error":"boom"}"#)
    }

    func testRoundTripsEveryKind() throws {
        var map = MapValue()
        map.insert(.string("k"), .decimal(try CELDecimal(parsing: "-0.50")))
        map.insert(.uint(18_446_744_073_709_551_615), .bytes([1, 2, 3, 4]))
        map.insert(.int(-1), .double(.infinity))
        let values: [Value] = [
            .null, .bool(false), .int(.min), .uint(0), .double(0.1), .double(1e300), .double(.nan),
            .string("é\n\u{1}"), .bytes([]), .bytes([0xFF, 0xEE]), .list([]), .map(MapValue()), .map(map),
            .timestamp(try Timestamp(seconds: -62_135_596_800)), .timestamp(try Timestamp(seconds: 1, nanos: 5)),
            .duration(try CELDuration(seconds: -1, nanos: -500_000_000)), .type(.uint), .type(.null),
            .decimal(try CELDecimal(parsing: "12345678901234567890.123456789012345678")),
            .date(try CivilDate(parsing: "0001-01-01")), .error("e"),
            .list([.list([.int(1)]), .map(map)]),
        ]
        for value in values {
            let json = encoded(value)
            XCTAssertTrue(jsonSame(try decode(json), value), json)
        }
        var pretty = JSONWriter(pretty: true)
        TypedValueJSON.encode(.list(values), into: &pretty)
        XCTAssertTrue(jsonSame(try TypedValueJSON.decode(try JSONReader().read(pretty.bytes)), .list(values)))
    }

    func testConformanceStyleLine() throws {
        let line = #"{"expr": "x", "bindings": {"x": {"int64": "123"}}, "expect": {"value": {"map": "#
            + #"[[{"string": "k"}, {"list": [{"double": 6.02214e+23}, {"uint64": "36028797018963968"}]}]]}}}"#
        let document = try JSONReader().read(line)
        guard let x = document.mapValue("bindings")?.mapValue("x"), let expected = document.mapValue("expect")?.mapValue("value")
        else { return XCTFail(document.debugText) }
        XCTAssertTrue(jsonSame(try TypedValueJSON.decode(x), .int(123)))
        var map = MapValue()
        map.insert(.string("k"), .list([.double(6.02214e23), .uint(36_028_797_018_963_968)]))
        XCTAssertTrue(jsonSame(try TypedValueJSON.decode(expected), .map(map)))
    }
}
