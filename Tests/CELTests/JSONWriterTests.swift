import Foundation
import XCTest
@testable import CEL

final class JSONWriterTests: XCTestCase {
    private func written(pretty: Bool = false, _ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter(pretty: pretty)
        body(&writer)
        return writer.text
    }

    private func plain(_ value: Value) -> String {
        written { $0.value(value) }
    }

    func testCommasAreAutomatic() {
        let text = written { w in
            w.beginObject()
            w.key("a")
            w.int(1)
            w.key("b")
            w.beginArray()
            w.bool(true)
            w.null()
            w.beginObject()
            w.endObject()
            w.beginArray()
            w.endArray()
            w.string("x")
            w.endArray()
            w.key("c")
            w.raw(#"{"pre":"encoded"}"#)
            w.endObject()
        }
        XCTAssertEqual(text, #"{"a":1,"b":[true,null,{},[],"x"],"c":{"pre":"encoded"}}"#)
    }

    func testTopLevelValuesAreWrittenBackToBack() {
        var writer = JSONWriter()
        writer.int(1)
        writer.beginArray()
        writer.endArray()
        XCTAssertEqual(writer.text, "1[]")
        writer.removeAll()
        writer.beginObject()
        writer.key("k")
        writer.uint(2)
        writer.endObject()
        XCTAssertEqual(writer.text, #"{"k":2}"#)
    }

    func testPrettyOutput() {
        let text = written(pretty: true) { w in
            w.beginObject()
            w.key("name")
            w.string("Zoë")
            w.key("bills")
            w.beginArray()
            w.beginObject()
            w.key("amount")
            w.raw("312.40")
            w.endObject()
            w.int(2)
            w.endArray()
            w.key("empty")
            w.beginArray()
            w.endArray()
            w.key("none")
            w.beginObject()
            w.endObject()
            w.endObject()
        }
        XCTAssertEqual(text, """
            {
              "name": "Zoë",
              "bills": [
                {
                  "amount": 312.40
                },
                2
              ],
              "empty": [],
              "none": {}
            }
            """)
    }

    func testStringEscaping() {
        XCTAssertEqual(written { $0.string("plain") }, #""plain""#)
        XCTAssertEqual(written { $0.string("q\"b\\s/") }, #""q\"b\\s/""#)
        XCTAssertEqual(written { $0.string("\n\r\t\u{8}\u{C}") }, #""\n\r\t\b\f""#)
        XCTAssertEqual(written { $0.string("\u{0}\u{1}\u{1F}\u{7F}") }, "\"\\u0000\\u0001\\u001f\u{7F}\"")
        XCTAssertEqual(written { $0.string("é€😀\u{2028}") }, "\"é€😀\u{2028}\"")
        XCTAssertEqual(written { $0.key("a\"b"); $0.int(1) }, #""a\"b":1"#)
    }

    /// Strings are checked for bytes to escape eight at a time, then byte by byte: an escape
    /// at every position of strings around those lengths is found.
    func testEscapesAreFoundAtEveryPositionOfTheWordScan() {
        for length in [1, 7, 8, 9, 15, 16, 17, 24, 33] {
            for position in 0..<length {
                for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}"] {
                    for filler in ["a", "é"] {
                        var characters = Array(repeating: filler, count: length)
                        characters[position] = special
                        let text = characters.joined()
                        XCTAssertEqual(written { $0.string(text) }, "\"" + Self.escaped(text) + "\"", "\(length) \(position)")
                    }
                }
            }
        }
    }

    /// The JSON text of `text` escaped one scalar at a time (the reference for the scan).
    private static func escaped(_ text: String) -> String {
        text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case "\n": return "\\n"
            case _ where scalar.value < 0x20: return String(format: "\\u%04x", scalar.value)
            default: return String(scalar)
            }
        }.joined()
    }

    func testKeysEncodedOnceAreWrittenLikeOtherKeys() {
        for name in ["a", "next_review_at", "a\"b", "é\n"] {
            for pretty in [false, true] {
                let once = JSONKey(name)
                XCTAssertEqual(written(pretty: pretty) { w in w.beginObject(); w.key(once); w.int(1); w.key(once); w.null(); w.endObject() },
                               written(pretty: pretty) { w in w.beginObject(); w.key(name); w.int(1); w.key(name); w.null(); w.endObject() })
            }
        }
    }

    /// A fragment writes what its tokens write, wherever it falls: first in a container or
    /// after an item, after a key, at the top level, compact and pretty, and leaves the
    /// writer where the tokens would (the values after it get the same commas).
    func testFragmentsWriteWhatTheirTokensWrite() {
        let name = JSONKey("name")
        let tokenRuns: [@Sendable (inout JSONWriter) -> Void] = [
            { w in w.key(name) },
            { w in w.beginObject(); w.key(name) },
            { w in w.endArray(); w.key(name); w.beginArray() },
            { w in w.endArray(); w.key(name) },
            { w in w.beginArray(); w.string("a\"b"); w.null(); w.endArray() },
            { w in w.key(name); w.beginObject(); w.key("id"); w.string("x"); w.endObject(); w.key(name) },
        ]
        for (run, tokens) in tokenRuns.enumerated() {
            let fragment = JSONFragment(tokens)
            for pretty in [false, true] {
                // Inside an object with a member already, inside an open array, and first in an object.
                let contexts: [(inout JSONWriter) -> Void] = [
                    { w in w.beginObject(); w.key("before"); w.int(1); w.beginArray(); w.int(2) },
                    { w in w.beginObject(); w.key("before"); w.beginArray() },
                    { w in w.beginObject(); w.beginArray() },
                ]
                for (place, context) in contexts.enumerated() {
                    let expected = written(pretty: pretty) { w in context(&w); tokens(&w); w.null(); w.int(3) }
                    let actual = written(pretty: pretty) { w in context(&w); w.fragment(fragment); w.null(); w.int(3) }
                    XCTAssertEqual(actual, expected, "tokens \(run), place \(place), pretty \(pretty)")
                }
            }
        }
        // At the top level, a whole value.
        let value = JSONFragment { w in w.beginArray(); w.int(1); w.endArray() }
        XCTAssertEqual(written(pretty: false) { w in w.fragment(value); w.endLine(); w.fragment(value) }, "[1]\n[1]")
    }

    func testCopiesOfAWriterWriteSeparately() {
        var first = JSONWriter(capacity: 4)
        first.beginArray()
        first.string("shared")
        var second = first
        first.int(1)
        first.endArray()
        second.string("only in the copy")
        second.endArray()
        XCTAssertEqual(first.text, #"["shared",1]"#)
        XCTAssertEqual(second.text, #"["shared","only in the copy"]"#)
        second.removeAll()
        XCTAssertEqual(second.text, "")
        XCTAssertEqual(first.text, #"["shared",1]"#)
    }

    func testOutputGrowsPastItsCapacity() {
        var writer = JSONWriter(capacity: 1)
        let long = String(repeating: "长", count: 10_000)
        writer.beginArray()
        for i in 0..<100 { writer.int(Int64(i)) }
        writer.string(long)
        writer.endArray()
        writer.endLine()
        let expected = "[" + (0..<100).map(String.init).joined(separator: ",") + ",\"" + long + "\"]\n"
        XCTAssertEqual(writer.text, expected)
        XCTAssertEqual(writer.bytes, Array(expected.utf8))
    }

    func testIntegers() {
        XCTAssertEqual(written { $0.int(0) }, "0")
        XCTAssertEqual(written { $0.int(-42) }, "-42")
        XCTAssertEqual(written { $0.int(.max) }, "9223372036854775807")
        XCTAssertEqual(written { $0.int(.min) }, "-9223372036854775808")
        XCTAssertEqual(written { $0.uint(.max) }, "18446744073709551615")
    }

    func testDoubles() {
        XCTAssertEqual(written { $0.double(1.5) }, "1.5")
        XCTAssertEqual(written { $0.double(0.1) }, "0.1")
        XCTAssertEqual(written { $0.double(3) }, "3.0")
        XCTAssertEqual(written { $0.double(-0.0) }, "-0.0")
        XCTAssertEqual(written { $0.double(1e-7) }, "1e-07")
        XCTAssertEqual(written { $0.double(6.02214e23) }, "6.02214e+23")
        XCTAssertEqual(written { $0.double(.nan) }, #""NaN""#)
        XCTAssertEqual(written { $0.double(.infinity) }, #""Infinity""#)
        XCTAssertEqual(written { $0.double(-.infinity) }, #""-Infinity""#)
        for d in [0.1, 1.0 / 3.0, 2.5e-308, 1.7976931348623157e308, .leastNonzeroMagnitude, 123456.789] {
            XCTAssertTrue(jsonSame(try JSONReader().read(written { $0.double(d) }).asDouble, .double(d)), "\(d)")
        }
    }

    func testBase64() {
        XCTAssertEqual(written { $0.base64([]) }, #""""#)
        XCTAssertEqual(written { $0.base64([0]) }, #""AA==""#)
        XCTAssertEqual(written { $0.base64([0, 255]) }, #""AP8=""#)
        XCTAssertEqual(written { $0.base64(Array("foobar".utf8)) }, #""Zm9vYmFy""#)
        XCTAssertEqual(written { $0.base64([0xFB, 0xFF, 0xBF]) }, #""+/+/""#)
    }

    func testPlainValues() throws {
        XCTAssertEqual(plain(.null), "null")
        XCTAssertEqual(plain(.bool(false)), "false")
        XCTAssertEqual(plain(.int(-3)), "-3")
        XCTAssertEqual(plain(.uint(3)), "3")
        XCTAssertEqual(plain(.double(2.5)), "2.5")
        XCTAssertEqual(plain(.string("s")), #""s""#)
        XCTAssertEqual(plain(.bytes([0, 255])), #""AP8=""#)
        XCTAssertEqual(plain(.decimal(try CELDecimal(parsing: "312.40"))), #""312.40""#)
        XCTAssertEqual(plain(.timestamp(try Timestamp(parsingRFC3339: "2009-02-13T23:31:30Z"))), #""2009-02-13T23:31:30Z""#)
        XCTAssertEqual(plain(.duration(try CELDuration(parsing: "1.5s"))), #""1.5s""#)
        XCTAssertEqual(plain(.date(try CivilDate(parsing: "2026-12-21"))), #""2026-12-21""#)
        XCTAssertEqual(plain(.type(.int)), #""int""#)
        XCTAssertEqual(plain(.type(.list(.int))), #""list""#)
        XCTAssertEqual(plain(.error("division by zero")), #"{"error":"division by zero"}"#)
        XCTAssertEqual(plain(.list([.int(1), .list([]), .string("a")])), #"[1,[],"a"]"#)
        var map = MapValue()
        map.insert(.string("s"), .int(1))
        map.insert(.int(-2), .null)
        map.insert(.uint(3), .bool(true))
        map.insert(.bool(false), .list([]))
        XCTAssertEqual(plain(.map(map)), #"{"s":1,"-2":null,"3":true,"false":[]}"#)
    }

    func testPrettyValue() {
        let value = jsonObject(["a": .list([.int(1), .int(2)]), "b": .map(MapValue())])
        XCTAssertEqual(written(pretty: true) { $0.value(value) }, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
    }

    func testRoundTripThroughReader() throws {
        let text = #"{"account":"acct-1","balance":312.40,"n":-7,"big":12345678901234567890,"r":1.38e-23,"#
            + #""tags":["a\"b","\u00e9\n",""],"nested":{"x":[[],{}],"t":true,"f":false,"z":null}}"#
        let value = try JSONReader().read(text)
        var writer = JSONWriter()
        writer.value(value)
        XCTAssertEqual(
            writer.text,
            #"{"account":"acct-1","balance":"312.40","n":-7,"big":"12345678901234567890","r":1.38e-23,"#
                + #""tags":["a\"b","é\n",""],"nested":{"x":[[],{}],"t":true,"f":false,"z":null}}"#)
        let again = try JSONReader().read(writer.bytes)
        var second = JSONWriter()
        second.value(again)
        XCTAssertEqual(second.bytes, writer.bytes)
        var pretty = JSONWriter(pretty: true)
        pretty.value(value)
        XCTAssertTrue(jsonSame(try JSONReader().read(pretty.bytes), again))
    }

    /// Decimals, timestamps and dates are written straight into the output: the same text as
    /// their descriptions, quoted, up to the longest each can be.
    func testNumbersAndTimesAreWrittenAsTheirTextsQuoted() throws {
        let decimals = try ["0", "-0.50", "312.40", "7", "0.000001", "-99999999999999999999999999999999999999",
                            "12345678901234567890.123456789012345678", "-0.000000000000000001"].map { try CELDecimal(parsing: $0) }
        for d in decimals {
            XCTAssertEqual(written { $0.decimal(d) }, "\"\(d.description)\"")
            XCTAssertEqual(plain(.decimal(d)), "\"\(d.description)\"")
        }
        let shanghai = try TimeZoneSpec("Asia/Shanghai")
        let newYork = try TimeZoneSpec("America/New_York")
        let times = try ["2026-12-21T09:00:00Z", "9999-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00Z",
                         "2026-03-08T06:59:59.5Z"].map { try Timestamp(parsingRFC3339: $0) }
        for t in times {
            XCTAssertEqual(written { $0.timestamp(t) }, "\"\(t.rfc3339)\"")
            XCTAssertEqual(plain(.timestamp(t)), "\"\(t.rfc3339)\"")
            for zone in [shanghai, newYork] {
                XCTAssertEqual(written { $0.timestamp(t, in: zone) }, "\"\(t.rfc3339(in: zone))\"")
            }
        }
        let longest = try Timestamp(parsingRFC3339: "9999-12-31T23:59:59.999999999Z").rfc3339(in: shanghai)
        XCTAssertEqual(longest, "10000-01-01T07:59:59.999999999+08:00")
        XCTAssertEqual(longest.utf8.count, Timestamp.maxRFC3339Length)
        XCTAssertTrue(decimals.allSatisfy { $0.description.utf8.count <= CELDecimal.maxTextLength })
        let date = try CivilDate(year: 2026, month: 2, day: 9)
        XCTAssertEqual(written { $0.date(date) }, "\"2026-02-09\"")
        XCTAssertEqual(written { w in w.beginArray(); w.decimal(decimals[2]); w.date(date); w.endArray() }, #"["312.40","2026-02-09"]"#)
    }
}

extension Value {
    /// A decimal converted to the nearest double (other values unchanged), for tests.
    var asDouble: Value {
        if case .decimal(let d) = self, let double = Double(d.description) { return .double(double) }
        if case .int(let i) = self { return .double(Double(i)) }
        return self
    }
}
