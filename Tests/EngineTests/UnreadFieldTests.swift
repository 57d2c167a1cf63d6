import CEL
import Engine
import Foundation
import Policy
import XCTest

/// An `.any` field that no policy reads is checked but not built by the fast decoder
/// (``CompiledPolicy/recordUse``); a policy that reads it gets it, and a field left unread
/// never turns input the slow path refuses into a decision.
final class UnreadFieldTests: XCTestCase {
    func testTheShippedPoliciesLeaveContactsUnread() {
        let use = ShippedFiles.policies().recordUse
        XCTAssertFalse(use.mayRead("contacts", of: "Customer"))
        XCTAssertTrue(use.mayRead("disputed", of: "Bill"), "read by the baseline's disputed-bill rule")
        XCTAssertTrue(use.mayRead("category", of: "Customer"))
    }

    func decoder(reading use: RecordUse, reader: JSONReader = JSONReader()) -> (([UInt8]) -> DecodedSnapshot?) {
        var decoder = FastSnapshotDecoder(reader: reader, use: use)
        return { bytes in bytes.withUnsafeBytes { decoder.decode($0) } }
    }

    static func customer(_ snapshot: DecodedSnapshot?) -> MapValue? {
        guard case .map(let whole)? = snapshot?.whole, case .map(let customer)? = whole["customer"] else { return nil }
        return customer
    }

    func testAnUnreadFieldIsCheckedNotBuilt() throws {
        let nothingRead = decoder(reading: RecordUse())
        let text = #"{"account_id":"A","customer":{"name":"n","contacts":{"sms":"1","nested":[{"a":1},[true,null,"s",-1.5e3]]}}}"#
        let customer = try XCTUnwrap(Self.customer(nothingRead(Array(text.utf8))))
        XCTAssertEqual(customer["contacts"]?.debugText, "null")
        XCTAssertEqual(customer["name"]?.debugText, #""n""#)
        // Read by default, and when a policy reads it: as the slow path builds it.
        for read in [decoder(reading: .everything), decoder(reading: try contactsReader().recordUse)] {
            let built = try XCTUnwrap(Self.customer(read(Array(text.utf8))))
            XCTAssertEqual(built["contacts"]?.debugText, #"{"sms": "1", "nested": [{"a": 1}, [true, null, "s", decimal("-1500")]]}"#)
        }
    }

    /// Whatever the slow path refuses inside an unread field, the fast decoder declines too.
    func testWhatTheSlowPathRefusesIsDeclined() {
        let nothingRead = decoder(reading: RecordUse())
        let shallow = decoder(reading: RecordUse(), reader: JSONReader(options: JSONReaderOptions(maxDepth: 6)))
        for contacts in [#"{"sms":"1","sms":"2"}"#, #"{"a":1,"\u0061":2}"#, #"{"sms":"\x"}"#, #"[1,]"#, #"[01]"#, #"{"a" 1}"#,
                         #"tru"#, "\"\u{1}\"", #"{"k":[1,2}"#] {
            let text = #"{"account_id":"A","customer":{"contacts":"# + contacts + "}}"
            XCTAssertNil(nothingRead(Array(text.utf8)), contacts)
            XCTAssertNil(try? SnapshotDecoder.decode(JSONReader().read(text)), "the slow path refuses \(contacts) too")
        }
        let deep = #"{"account_id":"A","customer":{"contacts":[[[[[1]]]]]}}"#
        XCTAssertNil(shallow(Array(deep.utf8)))
    }

    /// The keys of a document declined while an unread field was being skipped do not count
    /// as keys of the next document's unread field.
    func testADeclinedDocumentLeavesNothingForTheNext() throws {
        let nothingRead = decoder(reading: RecordUse())
        let fine = #"{"account_id":"A","customer":{"contacts":{"sms":"1","phone":"2"}}}"#
        for broken in [#"{"account_id":"A","customer":{"contacts":{"sms":"1","phone":{"x":tru}}}}"#,
                       #"{"account_id":"A","customer":{"contacts":{"sms":"1","phone":"2","#] {
            XCTAssertNil(nothingRead(Array(broken.utf8)), broken)
            XCTAssertNotNil(nothingRead(Array(fine.utf8)), "after \(broken)")
        }
    }

    /// A policy that reads `customer.contacts` decides on it through `eval`'s fast path.
    func testAPolicyThatReadsTheFieldGetsIt() throws {
        let policy = try contactsReader()
        XCTAssertTrue(policy.recordUse.mayRead("contacts", of: "Customer"))
        let processor = LineProcessor(selector: .single(policy, anyBureau: true), asOfOverride: nil, defaultAsOf: try Timestamp(seconds: 0))
        var w = JSONWriter()
        var stats = EvalStats()
        let line = #"{"account_id":"A-1","as_of":"2026-12-01T09:00:00+08:00","customer":{"contacts":{"sms":"138"}}}"#
        Array(line.utf8).withUnsafeBytes { processor.process($0, line: 1, into: &w, stats: &stats) }
        XCTAssertTrue(w.text.contains(#""has_sms":true"#), w.text)
    }

    func contactsReader() throws -> CompiledPolicy {
        try TestPolicies.compile("p", ["p.yaml": """
            policy: p
            version: "1"
            timezone: Asia/Shanghai
            facts:
              has_sms:
                value: customer != null && customer.contacts != null && has(customer.contacts.sms)
                type: bool
            rules: []
            """])
    }
}
