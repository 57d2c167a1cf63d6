import CEL
import Foundation
import XCTest
@testable import Policy

/// Every YAML example of docs/language.md loads: the complete policy compiles against the
/// shipped baseline; each fragment (`params:`, `facts:`, `rules:` …) reads without error as
/// part of a policy; the calendar example reads as a calendar.
final class LanguageDocExamplesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The YAML code blocks of docs/language.md, in order.
    func examples() throws -> [String] {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/language.md"), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.hasPrefix("```yaml") {
                current = []
            } else if current != nil, line.hasPrefix("```") {
                blocks.append((current ?? []).joined(separator: "\n") + "\n")
                current = nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    func directory(with files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyctl-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("calendars"), withIntermediateDirectories: true)
        let policies = Self.root.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: policies.appendingPathComponent("baseline.yaml"), to: dir.appendingPathComponent("baseline.yaml"))
        try FileManager.default.copyItem(at: policies.appendingPathComponent("calendars/cn-2026.yaml"),
                                         to: dir.appendingPathComponent("calendars/cn-2026.yaml"))
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    func errors(_ bag: DiagnosticBag) -> String {
        bag.sorted.filter { $0.diagnostic.severity == .error }.map { DiagnosticRenderer().render($0.diagnostic, in: $0.file) }.joined()
    }

    func testEveryExampleLoads() throws {
        let blocks = try examples()
        XCTAssertGreaterThanOrEqual(blocks.count, 8)
        for (i, block) in blocks.enumerated() {
            if block.contains("\npolicy: ") || block.hasPrefix("policy: ") || block.hasPrefix("# yaml-language-server") {
                // A whole policy: it compiles against the shipped baseline.
                let dir = try directory(with: ["example.yaml": block])
                let library = PolicyLibrary(paths: [dir.appendingPathComponent("example.yaml").path])
                var bag = library.diagnostics
                let id = try XCTUnwrap(library.requested.first, "example \(i + 1) has no policy id")
                XCTAssertNotNil(PolicyCompiler(library: library).compile(id, diagnostics: &bag), "example \(i + 1):\n\(errors(bag))")
            } else if block.hasPrefix("calendar: ") {
                var bag = DiagnosticBag()
                let file = YAMLFile(path: "example-\(i + 1).yaml", bytes: Array(block.utf8), diagnostics: &bag)
                var reader = CalendarReader(file: file)
                XCTAssertNotNil(reader.read(), "example \(i + 1)")
                bag.add(contentsOf: reader.reader.diagnostics)
                XCTAssertEqual(errors(bag), "", "example \(i + 1)")
            } else {
                // A fragment of the top level: it reads as part of a policy.
                var bag = DiagnosticBag()
                let text = "policy: fragment\nextends: baseline\n" + block
                let file = YAMLFile(path: "example-\(i + 1).yaml", bytes: Array(text.utf8), diagnostics: &bag)
                var reader = PolicyReader(file: file)
                XCTAssertNotNil(reader.read(), "example \(i + 1)")
                bag.add(contentsOf: reader.reader.diagnostics)
                XCTAssertEqual(errors(bag), "", "example \(i + 1):\n\(block)")
            }
        }
    }
}
