import XCTest
@testable import CEL

/// The token primitives a host reading a document of known shape uses; `JSONReaderTests`
/// covers the tokens' rules and messages.
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
}
