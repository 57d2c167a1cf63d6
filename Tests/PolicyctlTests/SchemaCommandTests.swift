import Foundation
import XCTest

/// `policyctl schema <name>` prints, byte for byte, the committed schema file: the resource
/// compiled into the binary is the file editors read.
final class SchemaCommandTests: XCTestCase {
    func testEachSchemaIsPrintedByteForByte() throws {
        let folder = CommandRunner.root.appendingPathComponent("Sources/Policy/Resources/schemas")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".schema.json") }.sorted()
        XCTAssertEqual(files.count, 5)
        for file in files {
            let name = String(file.dropLast(".schema.json".count))
            let result = try CommandRunner.run(["schema", name])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", name)
            let committed = try Data(contentsOf: folder.appendingPathComponent(file))
            XCTAssert(result.stdout == committed, "`policyctl schema \(name)` differs from \(file)")
        }
    }
}

/// The binary needs no file beside it: a copy alone in an empty folder prints its schemas
/// and evaluates the shipped examples as the built one does (before the schemas were
/// compiled in, such a copy found every policy invalid: `policy.missing-resource`).
final class StandaloneBinaryTests: XCTestCase {
    func testACopyAloneEvaluatesTheExamples() throws {
        let folder = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("policyctl")
        try FileManager.default.copyItem(at: CommandRunner.binary, to: copy)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["policyctl"])

        let schema = try CommandRunner.run(["schema", "policy"], executable: copy)
        XCTAssertEqual(schema.status, 0, schema.stderr)
        let committed = try Data(contentsOf: CommandRunner.root.appendingPathComponent("schemas/policy.schema.json"))
        XCTAssert(schema.stdout == committed, "the copy's policy schema differs from the committed file")

        let eval = try CommandRunner.run(["eval", "--policy", "policies", "examples/snapshots.ndjson"], executable: copy)
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let built = try CommandRunner.run(["eval", "--policy", "policies", "examples/snapshots.ndjson"])
        XCTAssertEqual(eval.text, built.text)
        XCTAssertFalse(eval.text.isEmpty)
    }
}
