import Foundation
import XCTest
@testable import Policy

/// The JSON Schemas are resources of the Policy module, compiled into it; the committed
/// files (`Sources/Policy/Resources/schemas/`, which `schemas/` links to, for editors and
/// scripts) are those resources, and each is a JSON object.
final class SchemaTests: XCTestCase {
    /// The repository root: three levels above this file (Tests/PolicyTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// What the module holds (bytes SwiftPM compiled in at build time) is byte for byte the
    /// committed file, read both where it lives and through the `schemas/` link.
    func testTheModuleHoldsTheCommittedFiles() throws {
        for schema in JSONSchema.allCases {
            let bytes = schema.bytes
            for folder in ["Sources/Policy/Resources/schemas", "schemas"] {
                let path = Self.root.appendingPathComponent("\(folder)/\(schema.fileName)").path
                let data = try XCTUnwrap(FileManager.default.contents(atPath: path), "\(folder)/\(schema.fileName) is missing")
                XCTAssert(Array(data) == bytes, "\(folder)/\(schema.fileName) differs from the compiled-in copy (rebuild)")
            }
        }
    }

    /// `schemas/` is a link to the resources' folder, not a second copy that could drift.
    func testRootSchemasFolderIsTheResources() throws {
        let link = Self.root.appendingPathComponent("schemas").path
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "Sources/Policy/Resources/schemas")
        let files = try FileManager.default.contentsOfDirectory(atPath: link).filter { $0.hasSuffix(".schema.json") }
        XCTAssertEqual(Set(files), Set(JSONSchema.allCases.map(\.fileName)), "every schema file has a name, and every name a file")
    }

    func testEachSchemaIsAJSONObject() throws {
        for schema in JSONSchema.allCases {
            let name = schema.rawValue
            let bytes = schema.bytes
            let value = try JSONSerialization.jsonObject(with: Data(bytes))
            let object = try XCTUnwrap(value as? [String: Any], "\(name): not a JSON object")
            XCTAssertEqual(object["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema", name)
            XCTAssertNotNil(object["description"] as? String, "\(name): no description")
            XCTAssert(bytes.suffix(2) == Array("}\n".utf8), "\(name): must end with one newline")
        }
    }

    /// The loaders' key lists and the schemas' `properties` name the same keys, so that a key
    /// added to a loader cannot be forgotten in the schema (editors would flag it).
    func testSchemasKnowExactlyTheKeysTheLoadersAccept() throws {
        let policy = try Self.object(JSONSchema.policy)
        let pairs: [(path: [String], keys: [String])] = [
            ([], PolicyReader.topLevelKeys),
            (["$defs", "factLong"], PolicyReader.factKeys),
            (["$defs", "tier"], PolicyReader.tierKeys),
            (["$defs", "protection"], PolicyReader.protectionKeys),
            (["$defs", "window"], PolicyReader.windowKeys),
            (["$defs", "blackout"], PolicyReader.blackoutKeys),
            (["$defs", "statutory"], PolicyReader.statutoryKeys),
            (["$defs", "rule"], PolicyReader.ruleKeys),
            (["$defs", "emit"], PolicyReader.emitKeys),
            (["$defs", "violation"], PolicyReader.violationKeys),
            (["$defs", "rule", "properties", "effective"], PolicyReader.effectiveKeys),
        ]
        for (path, keys) in pairs {
            XCTAssertEqual(try Self.propertyNames(policy, path), Set(keys), "policy schema at \(path)")
        }
        let calendar = try Self.object(JSONSchema.calendar)
        XCTAssertEqual(try Self.propertyNames(calendar, []), Set(CalendarReader.keys))
        XCTAssertEqual(try Self.propertyNames(calendar, ["properties", "holidays", "items"]), Set(CalendarReader.holidayKeys))
        XCTAssertEqual(try Self.propertyNames(calendar, ["properties", "workdays", "items"]), Set(CalendarReader.workdayKeys))
        let test = try Self.object(JSONSchema.policyTest)
        let testPairs: [(path: [String], keys: [String])] = [
            ([], TestFileKeys.topLevel),
            (["$defs", "case"], TestFileKeys.testCase),
            (["$defs", "expect"], TestFileKeys.expect),
            (["$defs", "expect", "properties", "actions", "items"], TestFileKeys.action),
            (["$defs", "expect", "properties", "blocked", "items"], TestFileKeys.blocked),
            (["$defs", "expect", "properties", "violations", "items"], TestFileKeys.violation),
        ]
        for (path, keys) in testPairs {
            XCTAssertEqual(try Self.propertyNames(test, path), Set(keys), "policy-test schema at \(path)")
        }
    }

    /// The snapshot schema names the fields of ``SnapshotSchema`` with the same fixed values.
    func testSnapshotSchemaFollowsSnapshotSchema() throws {
        let schema = try Self.object(JSONSchema.snapshot)
        let objects: [(path: [String], object: ObjectSchema)] = [
            ([], SnapshotSchema.snapshot),
            (["$defs", "customer"], SnapshotSchema.customer),
            (["$defs", "protection"], SnapshotSchema.protection),
            (["$defs", "bill"], SnapshotSchema.bill),
            (["$defs", "payment"], SnapshotSchema.payment),
            (["$defs", "notice"], SnapshotSchema.notice),
            (["$defs", "approval"], SnapshotSchema.approval),
            (["$defs", "supply"], SnapshotSchema.supply),
            (["$defs", "outage"], SnapshotSchema.outage),
        ]
        for (path, object) in objects {
            XCTAssertEqual(try Self.propertyNames(schema, path), Set(object.fields.map(\.name)), object.name)
            let properties = try XCTUnwrap(Self.walk(schema, path + ["properties"]) as? [String: Any])
            for case let (name, .oneOf(values)) in object.fields {
                let property = try XCTUnwrap(properties[name] as? [String: Any])
                let listed = (property["enum"] as? [Any] ?? []).compactMap { $0 as? String }
                XCTAssertEqual(Set(listed), Set(values), "\(object.name).\(name)")
            }
        }
    }

    private static func object(_ schema: JSONSchema) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(schema.bytes)) as? [String: Any])
    }

    private static func walk(_ value: Any, _ path: [String]) -> Any? {
        path.reduce(value as Any?) { ($0 as? [String: Any])?[$1] }
    }

    private static func propertyNames(_ schema: [String: Any], _ path: [String]) throws -> Set<String> {
        let properties = try XCTUnwrap(walk(schema, path + ["properties"]) as? [String: Any], "no properties at \(path)")
        return Set(properties.keys)
    }
}
