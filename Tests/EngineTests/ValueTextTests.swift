import CEL
import XCTest
@testable import Engine

/// The plain text of values in reasons: each kind, as a reason shows it.
final class ValueTextTests: XCTestCase {
    func testEachKindHasItsPlainText() throws {
        let zone = try TimeZoneSpec("Asia/Shanghai")
        let cases: [(Value, String)] = [
            (.string("客户 A"), "客户 A"),
            (.int(-42), "-42"),
            (.uint(7), "7"),
            (.bool(true), "true"),
            (.decimal(try CELDecimal(parsing: "312.40")), "312.40"),
            (.decimal(try CELDecimal(parsing: "-0.5")), "-0.5"),
            (.date(try CivilDate(year: 2026, month: 12, day: 3)), "2026-12-03"),
            (.timestamp(try Timestamp(parsingRFC3339: "2026-12-03T01:30:00Z")), "2026-12-03T09:30:00+08:00"),
            (.duration(try CELDuration(seconds: 90)), "90s"),
            (.null, "null"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(ValueText.plain(value, zone: zone), text)
            var bytes = Array("x ".utf8)
            ValueText.append(value, zone: zone, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "x " + text, "appended after what is there")
        }
    }
}
