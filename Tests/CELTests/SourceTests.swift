import XCTest
@testable import CEL

/// A source's lines and locations, in UTF-8 offsets and Unicode-scalar columns.
final class SourceTests: XCTestCase {
    func testLinesAreTheTextBetweenLineBreaks() {
        let source = Source("first\r\nsécond line\n\nlast 行")
        XCTAssertEqual((1...4).map(source.line), ["first", "sécond line", "", "last 行"])
        XCTAssertEqual(source.line(0), "")
        XCTAssertEqual(source.line(5), "")
        XCTAssertEqual(Source("").line(1), "")
        XCTAssertEqual(Source("ends\n").line(2), "")
        XCTAssertEqual(Source("\r").line(1), "", "a lone carriage return is not text of the line")
    }

    func testLocationsCountScalarsFromTheLineStart() {
        let source = Source("ab\nsé行x")
        let offset = Array("ab\nsé行".utf8).count
        XCTAssertEqual(source.location(of: offset).line, 2)
        XCTAssertEqual(source.location(of: offset).column, 4)
        XCTAssertEqual(source.location(of: 0).column, 1)
    }
}
