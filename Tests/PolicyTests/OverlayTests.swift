import CEL
import Foundation
import XCTest
@testable import Policy

/// A library read with an overlay (an editor's unsaved texts): the overlay's text is read in
/// place of the file, a file that is only in the overlay is part of its directory, and the
/// places inside expressions map back to their text.
final class OverlayTests: XCTestCase {
    func temporaryDirectory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyctl-overlay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testTheOverlayStandsInForFilesAndAddsUnsavedOnes() throws {
        let base = "policy: base\nabstract: true\nfacts:\n  owed: 1\n"
        let dir = try temporaryDirectory(["base.yaml": base])
        let bureau = "policy: bureau\nextends: base\ntimezone: Asia/Shanghai\nfacts:\n  double: owed * 2\n"
        let unsaved = dir.appendingPathComponent("bureau.yaml").path
        // On disk the base is fine; in the editor it lost its fact.
        let overlay = [unsaved: Array(bureau.utf8), dir.appendingPathComponent("./base.yaml").path: Array(base.replacingOccurrences(of: "owed", with: "owing").utf8)]
        let library = PolicyLibrary(paths: [dir.path], overlay: overlay)
        XCTAssertEqual(library.requested, ["base", "bureau"])
        let check = library.check(today: nil)
        let found = check.diagnostics.sorted.map { "\(($0.file.name as NSString).lastPathComponent) \($0.diagnostic.code) \($0.diagnostic.message)" }
        XCTAssertEqual(found, ["bureau.yaml check.undeclared-reference undeclared reference to `owed`"])
        XCTAssertNil(check.compiled["bureau"])
        XCTAssertNotNil(check.environments["bureau"]?.variables["owing"], "the environment is there although the policy has errors")
        XCTAssertEqual(PolicyLibrary(paths: [dir.path]).requested, ["base"], "without the overlay the disk is read")
    }

    func testFileOffsetsMapBackIntoABlockScalar() throws {
        let text = "policy: p\nfacts:\n  a: |\n    1 +\n      two\n"
        let yaml = try temporaryDirectory(["p.yaml": text]).appendingPathComponent("p.yaml").path
        let library = PolicyLibrary(paths: [yaml])
        let site = try XCTUnwrap(library.documents["p"]?.expressionSites.first)
        let fileOffset = text.utf8.distance(from: text.startIndex, to: try XCTUnwrap(text.range(of: "two")).lowerBound)
        let inText = try XCTUnwrap(site.textOffset(ofFileOffset: fileOffset))
        XCTAssertEqual(Array(site.text.utf8)[inText], UInt8(ascii: "t"))
        XCTAssertEqual(site.fileOffset(inText), fileOffset)
        XCTAssertNil(site.textOffset(ofFileOffset: 3), "`policy` is no part of the expression")
    }

    func testDuplicatesNameTheirFirstPlace() throws {
        let text = "policy: p\ntimezone: Asia/Shanghai\nparams:\n  a: 1\n  a: 2\n"
        let yaml = try temporaryDirectory(["p.yaml": text]).appendingPathComponent("p.yaml").path
        let duplicate = try XCTUnwrap(PolicyLibrary(paths: [yaml]).diagnostics.sorted.first { $0.diagnostic.code == "policy.duplicate-key" })
        let related = try XCTUnwrap(duplicate.related.first)
        XCTAssertEqual(related.message, "first defined here")
        XCTAssertEqual(related.file.location(of: related.range.lowerBound).line, 4)
        XCTAssertEqual(duplicate.location.line, 5)
    }
}
