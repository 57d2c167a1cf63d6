import XCTest
@testable import CEL

/// The token primitives a host reading a document of known shape uses, and the single-value
/// reader it reads the rest with; `JSONReaderTests` covers the tokens' rules and messages.
final class JSONScannerTests: XCTestCase {
    /// Runs `body` on a scanner over `text` whose strings may have up to `maxStringBytes` bytes.
    private func scanning<T>(_ text: String, maxStringBytes: Int = 100, _ body: (inout JSONScanner) throws -> T) rethrows -> T {
        try Array(text.utf8).withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes, maxStringBytes: maxStringBytes)
            return try body(&scanner)
        }
    }

    func testStepsOverBytesAndWhitespace() {
        scanning(" \t\r\n{ }") { scanner in
            XCTAssertFalse(scanner.skip(UInt8(ascii: "{")))
            scanner.skipWhitespace()
            XCTAssertEqual(scanner.current, UInt8(ascii: "{"))
            XCTAssertTrue(scanner.skip(UInt8(ascii: "{")))
            scanner.skipWhitespace()
            XCTAssertTrue(scanner.skip(UInt8(ascii: "}")))
            XCTAssertNil(scanner.current)
            XCTAssertFalse(scanner.skip(UInt8(ascii: "}")))
        }
        XCTAssertTrue(JSONScanner.startsNumber(UInt8(ascii: "-")))
        XCTAssertTrue(JSONScanner.startsNumber(UInt8(ascii: "7")))
        XCTAssertFalse(JSONScanner.startsNumber(UInt8(ascii: "+")))
    }

    func testSkipsAKnownStringOnlyWhenItIsExactlyThere() {
        func skips(_ text: String, _ known: String, maxStringBytes: Int = 100) -> Int? {
            scanning(text, maxStringBytes: maxStringBytes) { scanner in
                let skipped = scanner.skipString(length: known.utf8.count) { $0.elementsEqual(known.utf8) }
                return skipped ? scanner.index : nil
            }
        }
        XCTAssertEqual(skips(#""bills":1"#, "bills"), 7)
        XCTAssertEqual(skips(#""客户""#, "客户"), 8)
        XCTAssertEqual(skips(#""""#, ""), 2)
        XCTAssertNil(skips(#""billsx":1"#, "bills"), "longer")
        XCTAssertNil(skips(#""bill":1"#, "bills"), "shorter")
        XCTAssertNil(skips(#""bills"#, "bills"), "unterminated")
        XCTAssertNil(skips(#"bills""#, "bills"), "not a string")
        XCTAssertNil(skips(#""bills""#, "bills", maxStringBytes: 4), "longer than the limit")
        XCTAssertNil(skips(#""bi\u006cls""#, "bills"), "escaped: left to readString")
    }

    func testReadsStringsIntoWhatTheCallerMakes() throws {
        try scanning(#""a\u00e9\n" "plain""#) { scanner in
            XCTAssertEqual(try scanner.readString { Array($0) }, [0x61, 0xC3, 0xA9, 0x0A])
            scanner.skipWhitespace()
            XCTAssertEqual(try scanner.readString { $0.count }, 5)
            XCTAssertNil(scanner.current)
        }
    }

    func testReportsProblemsWithoutTextUntilAsked() throws {
        try scanning(#""ab\x""#) { scanner in
            XCTAssertThrowsError(try scanner.readString()) { error in
                guard let error = error as? JSONScanError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.offset, 3)
                XCTAssertEqual(error.message, "invalid escape `\\x` in string")
            }
        }
        try scanning("-x") { scanner in
            XCTAssertThrowsError(try scanner.readNumber()) { error in
                XCTAssertEqual((error as? JSONScanError)?.message, "expected a digit after `-`")
            }
        }
    }

    func testValueReaderReadsOneValueInsideADocument() throws {
        var values = JSONValueReader(JSONReader(options: JSONReaderOptions(maxDepth: 3)))
        let text = Array(#"{"a":[1,{"b":null}],"c":[[[]]],"d":"x"}"#.utf8)
        /// The offset of the first occurrence of `part`.
        func offset(of part: String) -> Int {
            let pattern = Array(part.utf8)
            return text.indices.first { text[$0...].starts(with: pattern) } ?? -1
        }
        try text.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes, maxStringBytes: 100)
            scanner.index = offset(of: "[1")
            XCTAssertEqual(try values.read(from: &scanner, depth: 1).debugText, #"[1, {"b": null}]"#)
            XCTAssertEqual(scanner.index, offset(of: #","c""#))
            // The limit is 3 levels: inside the object (level 1), `[[[]]]` would reach level 4.
            scanner.index = offset(of: "[[[")
            XCTAssertThrowsError(try values.read(from: &scanner, depth: 1))
            scanner.index = offset(of: "[[[")
            XCTAssertEqual(try values.read(from: &scanner, depth: 0).debugText, "[[[]]]", "after an error")
            scanner.index = offset(of: #""x""#)
            XCTAssertEqual(try values.read(from: &scanner, depth: 1).debugText, #""x""#)
        }
    }
}
