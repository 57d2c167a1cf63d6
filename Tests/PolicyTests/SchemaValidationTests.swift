import Foundation
import XCTest

/// Validates the shipped policies, calendars, test files, example snapshots and `eval`
/// output against `schemas/*.schema.json` with Python's `jsonschema`
/// (`scripts/validate-schemas.py`). Skipped when `python3` or `jsonschema` is missing.
final class SchemaValidationTests: XCTestCase {
    /// The repository root: three levels above this file (Tests/PolicyTests/…).
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func testShippedFilesMatchTheSchemas() throws {
        guard let python = Self.python3() else { throw XCTSkip("python3 is not installed") }
        let probe = try Self.run(python, ["-c", "import jsonschema, yaml, referencing"])
        guard probe.status == 0 else { throw XCTSkip("python3 lacks jsonschema (4.18 or later) or PyYAML: \(probe.output)") }
        let script = Self.root.appendingPathComponent("scripts/validate-schemas.py").path
        let result = try Self.run(python, [script, "--root", Self.root.path])
        XCTAssertEqual(result.status, 0, "scripts/validate-schemas.py failed:\n\(result.output)")
    }

    /// The first `python3` on `PATH`.
    private static func python3() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program to its end; its exit status and its stdout and stderr together.
    private static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
