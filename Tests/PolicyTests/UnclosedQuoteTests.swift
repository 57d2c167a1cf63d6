import XCTest
@testable import Policy

/// When YAML is invalid, the string left open at the end of its line is pointed out; quotes
/// that open nothing (inside plain text, in comments) and strings closed on their line are not.
final class UnclosedQuoteTests: XCTestCase {
    private func find(_ text: String, before line: Int = 100) -> [Int]? {
        UnclosedQuote.find(in: text, before: line).map { [$0.line, $0.column] }
    }

    func testAStringOpenAtTheEndOfItsLine() {
        XCTAssertEqual(find("a: 1\nb: \"open\nc: 2\n"), [2, 4])
        XCTAssertEqual(find("a: 'open\nb: 1\n"), [1, 4])
        XCTAssertEqual(find("- \"open\n- x\n"), [1, 3])
        XCTAssertEqual(find("a: [1, \"open\n"), [1, 8])
    }

    func testClosedStringsEscapesCommentsAndPlainTextAreNotSuspects() {
        XCTAssertNil(find("a: \"closed\"\nb: 'it''s closed'\nc: \"a \\\" quote\"\n"))
        XCTAssertNil(find("reason: pipe of 5\" width\nnote: it's plain\n"))
        XCTAssertNil(find("a: 1 # don't \"quote\" here\n# \"a comment\n"))
    }

    func testOnlyLinesBeforeTheErrorCount() {
        let text = "a: 1\nb: \"open\n"
        XCTAssertNil(find(text, before: 2))
        XCTAssertEqual(find(text, before: 3), [2, 4])
    }

    func testAStringClosedOnALaterLineIsStillTheSuspect() {
        // `b` swallows the next line up to its quote; `c` is then an ordinary string.
        XCTAssertEqual(find("b: \"open\nc: \"x\"\nd: \"fine\"\n"), [1, 4])
    }
}
