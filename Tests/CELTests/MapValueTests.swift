import XCTest
@testable import CEL

/// Maps built from their keys and values at once, as `JSONReader` builds objects.
final class MapValueTests: XCTestCase {
    func testBuildsTheMapThatInsertingBuilds() throws {
        for count in 0...30 {
            let keys = (0..<count).map { "k\($0)" }
            let values = (0..<count).map { Value.int(Int64($0)) }
            let built = try MapValue(uniqueKeys: keys[...], values: values)
            var inserted = MapValue()
            for (key, value) in zip(keys, values) { inserted.insert(.string(key), value) }
            XCTAssertEqual(Value.map(built).debugText, Value.map(inserted).debugText)
            for (i, key) in keys.enumerated() { XCTAssertEqual(built[key]?.debugText, "\(i)") }
            XCTAssertNil(built["k\(count)"])
            var grown = built
            XCTAssertTrue(grown.insert(.string("new"), .null))
            XCTAssertEqual(grown["new"]?.debugText, "null")
            if count > 0 { XCTAssertFalse(grown.insert(.string("k0"), .null), "keeps finding its keys") }
        }
    }

    func testReportsTheFirstRepeatedKey() {
        for (keys, position) in [(["a", "b", "a", "b"], 2), (["a", "a"], 1), ((0..<20).map { "k\($0)" } + ["k3", "k4"], 20)] {
            XCTAssertThrowsError(try MapValue(uniqueKeys: keys[...], values: keys.map { _ in .null })) { error in
                XCTAssertEqual((error as? MapValue.RepeatedKey)?.position, position, "\(keys)")
            }
        }
        // Compared byte for byte: a decomposed é is another key.
        XCTAssertNoThrow(try MapValue(uniqueKeys: ["\u{E9}", "e\u{301}"], values: [.null, .null]))
    }

    /// A shape finds each of its fields, byte for byte, whether it searches them in order
    /// (small shapes) or through an index (large ones).
    func testAShapeFindsItsFieldsByTheirBytes() {
        for count in [1, 3, MapValue.indexThreshold, MapValue.indexThreshold + 1, 40] {
            let fields = (0..<count).map { "field_\($0)" } + ["caf\u{E9}"]
            let shape = MapShape(fields: fields)
            for (position, field) in fields.enumerated() {
                XCTAssertEqual(shape.position(of: field), position, "\(field) of \(count + 1)")
            }
            XCTAssertNil(shape.position(of: "cafe\u{301}"), "canonically equal is not the same key")
            XCTAssertNil(shape.position(of: "field_"), "a prefix is not the key")
            XCTAssertNil(shape.position(of: ""))
        }
    }
}
