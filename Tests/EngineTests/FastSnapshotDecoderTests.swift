import CEL
import Engine
import Foundation
import XCTest

/// The fast decoder accepts real snapshots and decodes them exactly as the slow path does.
final class FastSnapshotDecoderTests: XCTestCase {
    let pair = DecoderPair()

    func accepted(_ json: String, file: StaticString = #filePath, line: UInt = #line) {
        pair.assertAccepted(Array(json.utf8), json, file: file, line: line)
    }

    func declined(_ json: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNil(pair.fast(Array(json.utf8)), json, file: file, line: line)
    }

    func testDecodesTheShippedExamples() throws {
        let lines = try ShippedFiles.lines("examples/snapshots.ndjson")
        XCTAssertGreaterThan(lines.count, 20)
        for (i, line) in lines.enumerated() { pair.assertAccepted(line, "examples line \(i + 1)") }
    }

    func testDecodesThePolicyTestSnapshots() throws {
        let directory = ShippedFiles.root.appendingPathComponent("policies/tests/snapshots")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        XCTAssertGreaterThan(names.count, 50)
        for name in names.sorted() {
            let bytes = try Array(Data(contentsOf: directory.appendingPathComponent(name)))
            pair.assertAccepted(bytes, name)
        }
    }

    func testDecodesGeneratedSnapshots() throws {
        // python3 benchmarks/generate.py --count 300 --seed 7
        let url = try XCTUnwrap(Bundle.module.url(forResource: "generated-300-7", withExtension: "ndjson", subdirectory: "Fixtures/decoder"))
        let lines = try Data(contentsOf: url).split(separator: UInt8(ascii: "\n"))
        XCTAssertEqual(lines.count, 300)
        for (i, line) in lines.enumerated() { pair.assertAccepted(Array(line), "generated line \(i + 1)") }
    }

    func testTypesLeavesFromTheirText() {
        // Money as strings and numbers of every form the reader keeps exact.
        accepted(#"{"account_id":"A","bills":[{"amount":"312.40","paid":312.40},{"amount":7,"paid":-0},{"amount":1.5e3,"paid":"1E-2"}]}"#)
        accepted(#"{"account_id":"A","bills":[{"amount":123456789012345678901234,"paid":"+0.10"}],"customer":{"voltage_kv":0.4}}"#)
        accepted(#"{"account_id":"A","as_of":"2026-12-21t09:00:00.123456789z","payments":[{"at":"2026-12-03T18:00:00-05:30"}]}"#)
        accepted(#"{"account_id":"A","customer":{"class":"non_residential","important_grade":"特级","month_end_payer":true}}"#)
    }

    func testAbsentAndNullMeanEmpty() {
        accepted(#"{"account_id":"A"}"#)
        accepted(#"{"account_id":"A","customer":null,"bills":null,"supply":null,"as_of":null,"bureau":null}"#)
        accepted(#"{"account_id":"A","bills":[null,{}],"customer":{"protections":[null],"contacts":null}}"#)
    }

    func testKeepsUnknownFieldsInOrderAfterTheSchemaFields() {
        accepted(#"{"zz":1,"account_id":"A","aa":{"x":[1,{"y":null}]},"customer":{"extra":"e","name":"n"},"bills":[{"note":[],"amount":"1"}]}"#)
        accepted(#"{"account_id":"A","customer":{"contacts":{"sms":"1","nested":{"deep":[true,false,null,1.25,"s"]}}}}"#)
    }

    func testReadsEscapesAndWhitespaceLikeTheReader() {
        accepted(#"{"acc\u006Funt_id":"\u00e9\ud83d\ude00\n\"\\\/","bureau":"yong\u0064eng","as_of":"2026-12-21T09:00:00\u002B08:00"}"#)
        accepted(#"{"account_id":"A","customer":{"class":"r\u0065sidential"},"bills":[{"due_date":"2026\u002d11-15"}]}"#)
        accepted(" \r\n\t{ \"account_id\" : \"A\" ,\n\"bills\" :\t[ { \"amount\" : \"1\" } , null ] , \"customer\" : { } }\n ")
    }

    func testDeclinesWhatTheSlowPathRefuses() {
        for json in [
            #"{"account_id": "A", "bills": [{}, {"amount": "abc"}]}"#, #"{"bills": []}"#, #"{"account_id": ""}"#,
            #"{"account_id": 7}"#, #"{"account_id": "A", "customer": {"class": "vip"}}"#,
            #"{"account_id": "A", "supply": {"since": "yesterday"}}"#, #"[1]"#, #"{"account_id":"A","account_id":"B"}"#,
            #"{"account_id":"A","x":1,"x":2}"#, #"{"account_id":"A","customer":{"contacts":{"a":1,"a":1}}}"#,
            #"{"account_id":"A","bills":[{"amount":1e400}]}"#, #"{"account_id":"A","bills":[{"amount":0.1234567890123456789}]}"#,
            #"{"account_id":"A"} x"#, #"{"account_id":"A",}"#, #"{"account_id":"A","bills":[1]}"#, "",
        ] {
            XCTAssertNil(pair.slow(Array(json.utf8)), json)
            declined(json)
        }
    }

    func testAppliesTheReadersDepthLimitAcrossTheWholeDocument() {
        // The snapshot is level 1 and `customer` level 2, so 254 more levels fit and 255 do not.
        func nested(_ levels: Int) -> String {
            #"{"account_id":"A","customer":{"contacts":"# + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "}}"
        }
        accepted(nested(254))
        XCTAssertNil(pair.slow(Array(nested(255).utf8)))
        declined(nested(255))
        let narrow = DecoderPair(reader: JSONReader(options: JSONReaderOptions(maxDepth: 2)))
        let bytes = Array(#"{"account_id":"A","customer":{"protections":[]}}"#.utf8)
        XCTAssertNil(narrow.slow(bytes))
        XCTAssertNil(narrow.fast(bytes))
        narrow.assertAccepted(Array(#"{"account_id":"A","customer":{"contacts":1}}"#.utf8), "two levels")
    }

    func testAppliesTheReadersStringLimit() {
        let narrow = DecoderPair(reader: JSONReader(options: JSONReaderOptions(maxStringBytes: 10)))
        for json in [#"{"account_id":"ABCDEFGHIJK"}"#, #"{"account_id":"A","customer":{"name":"ABCDEFGHIJK"}}"#,
                     #"{"account_id":"A","customer":{"contacts":{"s":"ABCDEFGHIJK"}}}"#, #"{"account_id":"A","month_end_payer":true}"#,
                     #"{"account_id":"A","customer":{"month_end_payer":true}}"#,
                     // `important_grade` is the field expected next, but its name is too long.
                     #"{"account_id":"A","customer":{"name":"n","category":"c","voltage_kv":"1","important_grade":null}}"#] {
            XCTAssertNil(narrow.slow(Array(json.utf8)), json)
            XCTAssertNil(narrow.fast(Array(json.utf8)), json)
        }
        narrow.assertAccepted(Array(#"{"account_id":"ABCDEFGHIJ","customer":{"category":"household"}}"#.utf8), "ten bytes")
    }

    func testDecodesAfterDecliningWithTheSameDecoder() throws {
        // Declining inside an unknown field or `contacts` leaves the generic reader mid-value.
        let valid = try XCTUnwrap(ShippedFiles.lines("examples/snapshots.ndjson").first)
        for broken in [#"{"account_id":"A","x":{"a":[1,{"b":"#, #"{"account_id":"A","customer":{"contacts":{"a":[[["#,
                       #"{"account_id":"A","customer":{"contacts":{"a":1,"a":2}}}"#, #"{"account_id":"A","bills":[{"amount":"x"#] {
            XCTAssertNil(pair.fast(Array(broken.utf8)), broken)
            pair.assertAccepted(valid, "the first example after \(broken)")
        }
    }
}
