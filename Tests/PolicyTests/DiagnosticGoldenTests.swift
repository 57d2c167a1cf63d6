import Foundation
import XCTest

/// The whole output of `policyctl check` for a few broken fixtures, in both formats,
/// against committed golden files (`Fixtures/golden/<fixture>.txt` for the human rendering
/// on stderr, `.json` for `--format json` on stdout). End to end: the built binary runs in
/// a directory holding the fixture without its markers, so file names are stable.
///
/// `UPDATE_GOLDEN=1 swift test --filter DiagnosticGoldenTests` rewrites the golden files.
final class DiagnosticGoldenTests: XCTestCase {
    static let fixtures = ["several-problems.yaml", "cel-syntax-in-block.yaml", "duplicate-key.yaml", "unknown-key-rule.yaml"]

    func testHumanAndJSONRenderingsMatchTheGoldenFiles() throws {
        let binary = try Self.policyctl()
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        for name in Self.fixtures {
            let fixture = try Fixture(name)
            defer { fixture.remove() }
            let base = (name as NSString).deletingPathExtension
            let text = try Self.run(binary, ["check", name], in: fixture.directory)
            let json = try Self.run(binary, ["check", name, "--format", "json"], in: fixture.directory)
            XCTAssertEqual(text.status, 2, "\(name): exit status")
            XCTAssertEqual(json.status, 2, "\(name): exit status (json)")
            XCTAssertEqual(text.stdout, "", "\(name): the human rendering goes to stderr only")
            try compare(text.stderr, golden: base + ".txt", update: update)
            try compare(json.stdout, golden: base + ".json", update: update)
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)), "\(name): stdout is not JSON")
        }
    }

    func compare(_ actual: String, golden name: String, update: Bool) throws {
        let url = Self.goldenDirectory.appendingPathComponent(name)
        if update {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return XCTFail("missing golden file \(name): run with UPDATE_GOLDEN=1")
        }
        if actual != expected {
            XCTFail("""
                \(name) differs from the golden file (run with UPDATE_GOLDEN=1 to accept):
                --- expected
                \(expected)
                --- actual
                \(actual)
                """)
        }
    }

    /// The committed golden files (in the source tree, so that updating rewrites them).
    static var goldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")
    }

    /// The `policyctl` built beside the test bundle.
    static func policyctl() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle(for: DiagnosticGoldenTests.self).bundleURL.deletingLastPathComponent(),
            Bundle.module.bundleURL.deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("policyctl") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw FixtureError("policyctl is not built beside the tests (looked in \(candidates.map(\.path))); run `swift build --product policyctl`")
        }
        return found
    }

    /// Runs `binary` with `arguments` in `directory`; its output and exit status.
    static func run(_ binary: URL, _ arguments: [String], in directory: URL) throws -> (stdout: String, stderr: String, status: Int32) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a large output cannot fill a pipe and block.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self), process.terminationStatus)
    }
}
