import Foundation
import XCTest

/// `policyctl schema <name>` prints, byte for byte, the committed schema file: the resource
/// the binary reads from its bundle is the file editors read.
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
