import XCTest
@testable import Engine

/// The decoder's recent texts give the string of the bytes asked for, whatever was asked
/// before: texts of every length around the 16 bytes kept, texts that differ in one byte,
/// more texts than the table has entries, non-ASCII text.
final class RecentTextsTests: XCTestCase {
    private func text(_ texts: RecentTexts, _ s: String) -> String {
        Array(s.utf8).withUnsafeBufferPointer { texts.text($0) }
    }

    func testEveryTextComesBackAsItself() {
        let texts = RecentTexts()
        var inputs = (0...20).map { String(repeating: "a", count: $0) }
        inputs += ["2026-10", "2026-11", "2026-12", "first_reminder", "second_notice", "客户2", "客户3", "\u{0}", ""]
        inputs += (0..<600).map { "AC-\(1_000_000 + $0)" }
        for round in 0..<3 {
            for input in inputs {
                XCTAssertEqual(text(texts, input), input, "round \(round)")
            }
            for input in inputs.reversed() {
                XCTAssertEqual(text(texts, input), input, "round \(round), reversed")
            }
        }
    }
}
