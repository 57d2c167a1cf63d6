import CEL
import Foundation
import XCTest
@testable import Policy

/// A policy file as the tests write it: YAML with position markers (`1️⃣`…`9️⃣`) and
/// `# expect:` comment lines stating which diagnostics loading it must give.
///
/// ```yaml
/// # expect: error policy.unknown-key at 1️⃣: unknown key `wen` in a rule
/// # help: did you mean `when`?
/// policy: p
/// …
///     1️⃣wen: true
/// ```
/// A marker right after `at ` in an `# expect:` line names a position; every other marker
/// stands where the diagnostic must start. Markers are removed before the text is loaded.
/// An `# expect:` line may also give the position as `at LINE:COLUMN` (of the clean text).
struct MarkedFile {
    /// The text without markers, as the loader sees it.
    let text: String
    /// The 1-based line and column of each marker, by marker digit.
    let positions: [Int: (line: Int, column: Int)]
    /// What the file says loading it must report.
    let expectations: [Expectation]

    /// One expected diagnostic.
    struct Expectation: CustomStringConvertible {
        var severity: Severity
        var code: String
        var line: Int
        var column: Int
        var message: String
        var help: String?
        /// The file it is in (set by ``Fixture``).
        var file: String = ""

        var description: String {
            "\(file):\(line):\(column): \(severity.rawValue) \(code): \(message)" + (help.map { " [help: \($0)]" } ?? "")
        }
    }

    /// Keycap digits 1…9: the digit, U+FE0F, U+20E3.
    static func marker(_ n: Int) -> String { "\(n)\u{FE0F}\u{20E3}" }

    init(_ marked: String, name: String = "<fixture>") throws {
        // Pass 1: remove markers, noting where the position markers stand in the clean text.
        var clean = String.UnicodeScalarView()
        var markerOffsets: [Int: Int] = [:]
        var cleanUTF8 = 0
        var lineText = ""  // clean text of the current line so far
        let scalars = Array(marked.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if ("1"..."9").contains(s), i + 2 < scalars.count, scalars[i + 1] == "\u{FE0F}", scalars[i + 2] == "\u{20E3}" {
                let digit = Int(String(s))!
                if lineText.trimmingCharacters(in: .whitespaces).hasPrefix("# expect:"), lineText.hasSuffix("at ") {
                    // a reference to a position, not a position
                } else {
                    guard markerOffsets[digit] == nil else { throw FixtureError("\(name): marker \(digit) placed twice") }
                    markerOffsets[digit] = cleanUTF8
                }
                i += 3
                continue
            }
            clean.append(s)
            cleanUTF8 += UTF8.width(s)
            if s == "\n" {
                lineText = ""
            } else {
                lineText.unicodeScalars.append(s)
            }
            i += 1
        }
        text = String(clean)
        let source = Source(text, name: name)
        positions = markerOffsets.mapValues { source.location(of: $0) }

        // Pass 2: the expectations, from the marked text's lines (markers still in).
        var expectations: [Expectation] = []
        // Markers are single grapheme clusters; spell them `⟦n⟧` so the patterns can name the digit.
        let pattern = #/^\s*(?:⟦[1-9]⟧)*#\s*expect:\s*(error|warning)\s+(\S+)\s+at\s+(?:⟦([1-9])⟧|(\d+):(\d+)):\s?(.*)$/#
        let helpPattern = #/^\s*#\s*help:\s?(.*)$/#
        for line in marked.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(line)
            for n in 1...9 { line = line.replacingOccurrences(of: Self.marker(n), with: "⟦\(n)⟧") }
            if let m = line.wholeMatch(of: pattern) {
                let position: (line: Int, column: Int)
                if let digit = m.3 {
                    guard let p = positions[Int(digit)!] else { throw FixtureError("\(name): marker \(digit) is named but not placed") }
                    position = p
                } else {
                    position = (Int(m.4!)!, Int(m.5!)!)
                }
                expectations.append(Expectation(severity: m.1 == "error" ? .error : .warning, code: String(m.2),
                                                line: position.line, column: position.column, message: String(m.6)))
            } else if let m = line.wholeMatch(of: helpPattern) {
                guard !expectations.isEmpty else { throw FixtureError("\(name): `# help:` before any `# expect:`") }
                expectations[expectations.count - 1].help = String(m.1)
            } else if line.contains("# expect") {
                throw FixtureError("\(name): cannot read expectation line: \(line)")
            }
        }
        self.expectations = expectations
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A broken policy fixture: one marked file, or a folder of them (with an optional
/// `calendars/` folder), copied without markers into a fresh temporary directory.
struct Fixture {
    /// The fixture's name: its file name or folder name.
    let name: String
    /// The directory holding the clean copy.
    let directory: URL
    /// The path to load: the file, or the folder for a multi-file fixture.
    let loadPath: String
    /// Every expectation of every file, with the file's clean path.
    let expectations: [MarkedFile.Expectation]
    /// Clean text by clean path.
    let texts: [String: String]

    /// The broken fixtures folder of the test bundle.
    static var brokenDirectory: URL {
        get throws {
            try XCTUnwrap(Bundle.module.url(forResource: "broken", withExtension: nil, subdirectory: "Fixtures"))
        }
    }

    /// Every fixture of the broken folder, by name.
    static func all() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: brokenDirectory.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Copies fixture `name` (a `.yaml` file or a folder of the broken folder) into a new
    /// temporary directory, without markers.
    init(_ name: String) throws {
        self.name = name
        let original = try Self.brokenDirectory.appendingPathComponent(name)
        let target = FileManager.default.temporaryDirectory
            .appendingPathComponent("policy-fixture-\(UUID().uuidString)", isDirectory: true)
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: original.path, isDirectory: &isDirectory)
        let root = isDirectory.boolValue ? target.appendingPathComponent(name, isDirectory: true) : target
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var expectations: [MarkedFile.Expectation] = []
        var texts: [String: String] = [:]
        let files: [(relative: String, url: URL)]
        if isDirectory.boolValue {
            let enumerator = FileManager.default.enumerator(atPath: original.path)
            files = (enumerator?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
                .map { ($0, original.appendingPathComponent($0)) }
        } else {
            files = [(name, original)]
        }
        for (relative, url) in files {
            let marked = try String(contentsOf: url, encoding: .utf8)
            let destination = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            let file = try MarkedFile(marked, name: "\(name)/\(relative)")
            try Data(file.text.utf8).write(to: destination)
            texts[destination.path] = file.text
            expectations += file.expectations.map { var e = $0; e.file = destination.path; return e }
        }
        directory = target
        loadPath = isDirectory.boolValue ? root.path : root.appendingPathComponent(name).path
        self.expectations = expectations
        self.texts = texts
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// Loads `paths` as `policyctl check` does: the library, then every requested policy compiled.
func checkPolicies(_ paths: [String]) -> DiagnosticBag {
    let library = PolicyLibrary(paths: paths)
    var diagnostics = library.diagnostics
    for id in library.requested {
        _ = PolicyCompiler(library: library).compile(id, diagnostics: &diagnostics)
    }
    return diagnostics
}

/// One line per diagnostic, for failure messages.
func describe(_ d: PolicyDiagnostic) -> String {
    let (line, column) = d.location
    return "\(d.file.name):\(line):\(column): \(d.diagnostic.severity.rawValue) \(d.diagnostic.code): \(d.diagnostic.message)"
        + (d.diagnostic.help.map { " [help: \($0)]" } ?? "")
}

/// Runs `body` and returns how long it took, in seconds.
func elapsed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// A scratch directory removed by the caller.
func makeScratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("policy-scratch-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
