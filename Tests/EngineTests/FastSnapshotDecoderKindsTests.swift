import CEL
@testable import Engine
@testable import Policy
import XCTest

/// Every kind of field the schema can declare, including those the snapshot schema does not use
/// (integers, lists of lists, lists of strings): the fast decoder types an object of them
/// exactly as `SnapshotDecoder` does, or declines.
final class FastSnapshotDecoderKindsTests: XCTestCase {
    static let inner = ObjectSchema(name: "Inner", fields: [("n", .int), ("tags", .list(.string))])
    static let schema = ObjectSchema(name: "Kinds", fields: [
        ("s", .string), ("e", .oneOf(["a", "β"])), ("d", .decimal), ("i", .int), ("b", .bool), ("day", .date),
        ("at", .timestamp), ("inner", .object(inner)), ("grid", .list(.list(.int))), ("rows", .list(.object(inner))),
        ("x", .any),
    ])
    let plan = ObjectPlan(schema, use: .everything)
    var decoder = FastSnapshotDecoder(reader: JSONReader())

    func fast(_ bytes: [UInt8]) -> MapValue? {
        bytes.withUnsafeBytes { decoder.object($0, plan) }
    }

    func slow(_ bytes: [UInt8]) -> Value? {
        guard case .map(let object)? = try? JSONReader().read(bytes) else { return nil }
        return try? SnapshotDecoder.decodeObject(object, Self.schema, path: "")
    }

    /// Checks the contract on `bytes`; returns whether the fast decoder accepted them.
    @discardableResult
    func check(_ bytes: [UInt8], _ label: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let slow = slow(bytes)
        guard let fast = fast(bytes) else {
            XCTAssertNil(slow, "the fast decoder declines what the slow path accepts: \(label)", file: file, line: line)
            return false
        }
        guard let slow else {
            XCTFail("the fast decoder accepts what the slow path refuses: \(label)", file: file, line: line)
            return true
        }
        XCTAssertEqual(StrictText.of(.map(fast)), StrictText.of(slow), label, file: file, line: line)
        return true
    }

    static let full = #"""
        {"s":"x","e":"β","d":"1.50","i":-7,"b":false,"day":"2026-02-28","at":"2026-01-01T00:00:00.5Z",
        "inner":{"n":1,"tags":["t",null]},"grid":[[1,2],null,[],[null]],"rows":[null,{"n":2}],"x":{"k":[1]},"z":0}
        """#

    func testTypesEveryKind() {
        for json in [Self.full, "{}", #"{"i":9223372036854775807,"d":7}"#, #"{"i":-9223372036854775808,"d":-0}"#,
                     #"{"grid":null,"rows":null,"inner":null,"x":null,"i":null,"b":true,"e":"a"}"#] {
            XCTAssertTrue(check(Array(json.utf8), json), json)
        }
        for json in [#"{"i":9223372036854775808}"#, #"{"i":1.0}"#, #"{"i":"1"}"#, #"{"grid":[[1.5]]}"#,
                     #"{"inner":{"tags":[1]}}"#, #"{"e":"c"}"#, #"{"b":1}"#, "[]"] {
            XCTAssertFalse(check(Array(json.utf8), json), json)
        }
    }

    func testEveryValueReplaced() throws {
        let tree = JSONTree(try JSONReader().read(Self.full))
        for path in tree.paths {
            for replacement in FastSnapshotDecoderMutationTests.replacements {
                check(tree.editing(path) { _ in .scalar(replacement) }.bytes, "\(path) = \(replacement)")
            }
        }
    }
}
