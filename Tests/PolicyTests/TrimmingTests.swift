import XCTest
@testable import Policy

/// `trimmingWhitespace` drops what Foundation's `.whitespacesAndNewlines` would, on both
/// sides, and nothing inside.
final class TrimmingTests: XCTestCase {
    func testLeadingAndTrailingWhitespaceAndLineBreaksGoInnerSpacesStay() {
        XCTAssertEqual(String(" \t a  b \n\r\n".trimmingWhitespace), "a  b")
        XCTAssertEqual(String("\u{3000}false\u{A0}".trimmingWhitespace), "false")
        XCTAssertEqual(String("x".trimmingWhitespace), "x")
    }

    func testTextOfOnlyWhitespaceTrimsToNothing() {
        XCTAssertEqual(String(" \n\t ".trimmingWhitespace), "")
        XCTAssertEqual(String("".trimmingWhitespace), "")
    }

    func testASubstringTrimsWithinItself() {
        let parts = "08:00 - 12:00".split(separator: "-").map { String($0.trimmingWhitespace) }
        XCTAssertEqual(parts, ["08:00", "12:00"])
    }
}
