import CEL
import Engine
import Foundation
import Policy
import XCTest

/// Compiles policies written inline in a test, in a fresh temporary directory.
enum TestPolicies {
    /// Writes `files` (name → YAML) and compiles policy `id`; fails the test on diagnostics.
    static func compile(_ id: String, _ files: [String: String], file: StaticString = #filePath, line: UInt = #line) throws -> CompiledPolicy {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyctl-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let library = PolicyLibrary(paths: [dir.path])
        var diagnostics = library.diagnostics
        let compiled = PolicyCompiler(library: library).compile(id, diagnostics: &diagnostics)
        let errors = diagnostics.sorted.filter { $0.diagnostic.severity == .error }
        XCTAssert(errors.isEmpty, errors.map { DiagnosticRenderer().render($0.diagnostic, in: $0.file) }.joined(), file: file, line: line)
        return try XCTUnwrap(compiled, file: file, line: line)
    }

    /// Decodes a JSON snapshot and evaluates it.
    static func decide(_ policy: CompiledPolicy, _ json: String, asOf: String) throws -> Decision {
        let snapshot = try SnapshotDecoder.decode(JSONReader().read(json))
        return PolicyEvaluator(policy: policy).evaluate(snapshot, asOf: try Timestamp(parsingRFC3339: asOf), line: 1)
    }

    /// The decision as the contract's JSON text.
    static func json(_ decision: Decision, _ policy: CompiledPolicy) -> String {
        var w = JSONWriter()
        DecisionJSON.write(decision, zone: policy.timeZone, into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// The files the package ships: policies, examples.
enum ShippedFiles {
    /// The package's root directory.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped policies, compiled, by bureau; fails the test on errors.
    static func policies(file: StaticString = #filePath, line: UInt = #line) -> PolicySelector {
        let library = PolicyLibrary(paths: [root.appendingPathComponent("policies").path])
        var diagnostics = library.diagnostics
        var compiled: [String: CompiledPolicy] = [:]
        for id in library.requested where library.documents[id]?.isAbstract == false {
            compiled[id] = PolicyCompiler(library: library).compile(id, diagnostics: &diagnostics)
        }
        XCTAssertFalse(diagnostics.hasErrors(), file: file, line: line)
        return .byBureau(compiled)
    }

    /// The lines of a file under the root, without empty ones.
    static func lines(_ path: String) throws -> [[UInt8]] {
        let data = try Data(contentsOf: root.appendingPathComponent(path))
        return data.split(separator: UInt8(ascii: "\n")).map { Array($0) }
    }
}
