import CEL
import Engine
import XCTest

final class SnapshotDecoderTests: XCTestCase {
    func decode(_ json: String) throws -> DecodedSnapshot {
        try SnapshotDecoder.decode(JSONReader().read(json))
    }

    func error(_ json: String) throws -> SnapshotError {
        do {
            _ = try decode(json)
        } catch let e as SnapshotError {
            return e
        }
        throw XCTSkip("no error")
    }

    func testTypesFieldsByTheContract() throws {
        let s = try decode(#"{"account_id": "A", "as_of": "2026-12-21T09:00:00+08:00", "bills": [{"amount": 312.40, "due_date": "2026-11-15", "paid": "0.00"}], "extra": {"x": 1}}"#)
        XCTAssertEqual(s.accountID, "A")
        XCTAssertEqual(s.asOf?.description, "2026-12-21T01:00:00Z")
        guard case .list(let bills) = s.fields.first(where: { $0.name == "bills" })?.value, case .map(let bill) = bills.first,
              case .decimal(let amount)? = bill["amount"], case .date(let due)? = bill["due_date"] else {
            return XCTFail("bills not typed")
        }
        XCTAssertEqual(amount.description, "312.40")
        XCTAssertEqual(due.description, "2026-11-15")
        guard case .map(let whole) = s.whole else { return XCTFail("whole") }
        XCTAssertNotNil(whole["extra"], "unknown fields are kept")
    }

    func testRefusesBadFieldsWithTheirPath() throws {
        let e = try error(#"{"account_id": "A", "bills": [{}, {"amount": "abc"}]}"#)
        XCTAssertEqual(e.path, "bills[1].amount")
        XCTAssertEqual(e.message, "`abc` is not a decimal amount")
        XCTAssertEqual(e.accountID, "A")
        XCTAssertEqual(try error(#"{"bills": []}"#).path, "account_id")
        XCTAssertEqual(try error(#"{"account_id": "A", "customer": {"class": "vip"}}"#).path, "customer.class")
        XCTAssertEqual(try error(#"{"account_id": "A", "supply": {"since": "yesterday"}}"#).path, "supply.since")
        XCTAssertEqual(try error(#"[1]"#).path, "")
    }
}
