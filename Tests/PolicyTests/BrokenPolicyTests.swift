import CEL
import Foundation
import XCTest
@testable import Policy

/// The corpus of broken policies (`Fixtures/broken`): each file (or folder, for problems
/// across files) states in `# expect:` lines which diagnostics it must give, with `1️⃣`
/// markers standing where each must start. A fixture passes when every expected
/// diagnostic is reported with its code, severity, position, message and (when given)
/// help, and no other error is.
final class BrokenPolicyTests: XCTestCase {
    func testEveryBrokenFixtureGivesItsDiagnostics() throws {
        let names = try Fixture.all()
        XCTAssertGreaterThanOrEqual(names.count, 40, "the corpus should hold at least 40 broken policies")
        var failures: [String] = []
        for name in names {
            if let problem = try check(fixture: name) { failures.append(problem) }
        }
        XCTAssert(failures.isEmpty, "\(failures.count) of \(names.count) fixtures failed:\n\n" + failures.joined(separator: "\n\n"))
    }

    /// Nil when fixture `name` gives what it expects, else a description of the difference.
    func check(fixture name: String) throws -> String? {
        let fixture = try Fixture(name)
        defer { fixture.remove() }
        if fixture.expectations.isEmpty { return "\(name): states no `# expect:` line" }
        let bag = checkPolicies([fixture.loadPath])
        let actual = bag.sorted
        if ProcessInfo.processInfo.environment["PRINT_DIAGNOSTICS"] != nil {
            print("== \(name)\n" + actual.map(describe).joined(separator: "\n"))
        }
        var unmatched = Array(actual.indices)
        var missing: [MarkedFile.Expectation] = []
        for expected in fixture.expectations {
            let found = unmatched.firstIndex { i in
                let d = actual[i]
                let (line, column) = d.location
                return d.file.name == expected.file && d.diagnostic.code == expected.code
                    && d.diagnostic.severity == expected.severity && line == expected.line && column == expected.column
                    && d.diagnostic.message == expected.message && (expected.help == nil || d.diagnostic.help == expected.help)
            }
            if let found { unmatched.remove(at: found) } else { missing.append(expected) }
        }
        let unexpectedErrors = unmatched.map { actual[$0] }.filter { $0.diagnostic.severity == .error }
        guard !missing.isEmpty || !unexpectedErrors.isEmpty else { return nil }
        var text = "\(name):"
        for m in missing { text += "\n  missing:    \(m)" }
        for u in unexpectedErrors { text += "\n  unexpected: \(describe(u))" }
        text += "\n  reported:\n" + actual.map { "    " + describe($0) }.joined(separator: "\n")
        return text.replacingOccurrences(of: fixture.directory.path + "/", with: "")
    }

    /// Every code of the catalogue that a file can trigger is expected by some fixture of
    /// the corpus or by a test of generated input (``HostileInputTests``).
    func testCorpusCoversEveryPolicyCode() throws {
        var expected = Set<String>()
        for name in try Fixture.all() {
            let fixture = try Fixture(name)
            expected.formUnion(fixture.expectations.map(\.code))
            fixture.remove()
        }
        // Triggered by generated input, not by a committed file.
        // `policy.calendar-ending` needs a date to check against (`check --today`): PolicyLoaderTests.
        // `policy.missing-resource` is a defect of the build, not a file's (ActionVocabularyTests).
        let generated: Set<String> = ["policy.file-too-large", "policy.invalid-utf8", "policy.unreadable-file", "policy.calendar-ending",
                                      "policy.missing-resource"]
        let missing = Set(CatalogueTests.samples.map(\.code)).subtracting(expected).subtracting(generated)
        XCTAssert(missing.isEmpty, "codes no fixture expects: \(missing.sorted())")
        // And the CEL phases whose codes reach policy files.
        for prefix in ["parse.", "check."] {
            XCTAssert(expected.contains { $0.hasPrefix(prefix) }, "no fixture expects a `\(prefix)` code")
        }
    }

    /// The fixture harness itself: markers become positions, `# expect:` lines expectations.
    func testMarkedFileReadsMarkersAndExpectations() throws {
        let marked = """
            # expect: error policy.unknown-key at 1️⃣: unknown key `wen` in a rule
            # help: did you mean `when`?
            # expect: warning policy.missing-cite at 2:3: rule `r` has no `cite`
            rules:
              - 1️⃣wen: true
            """
        let file = try MarkedFile(marked)
        XCTAssertFalse(file.text.contains("\u{20E3}"))
        XCTAssertEqual(file.expectations.count, 2)
        XCTAssertEqual(file.expectations[0].code, "policy.unknown-key")
        XCTAssertEqual(file.expectations[0].line, 5)
        XCTAssertEqual(file.expectations[0].column, 5)
        XCTAssertEqual(file.expectations[0].help, "did you mean `when`?")
        XCTAssertEqual(file.expectations[1].severity, .warning)
        XCTAssertEqual(file.expectations[1].line, 2)
        XCTAssertNil(file.expectations[1].help)
        XCTAssertThrowsError(try MarkedFile("# expect: error x at 3️⃣: y\na: 1"))
        XCTAssertThrowsError(try MarkedFile("# expect error x\na: 1"))
    }

    /// A policy file named relative to the working directory is read once: its siblings
    /// (found as `./name.yaml`) are the same file, not a second definition of its policy.
    func testRelativePathIsReadOnce() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("policy: p\ntimezone: Asia/Shanghai\n".utf8).write(to: directory.appendingPathComponent("p.yaml"))
        let previous = FileManager.default.currentDirectoryPath
        XCTAssert(FileManager.default.changeCurrentDirectoryPath(directory.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        for path in ["p.yaml", "./p.yaml", directory.path + "/p.yaml", "."] {
            let library = PolicyLibrary(paths: [path])
            XCTAssertEqual(library.requested, ["p"], path)
            XCTAssertEqual(library.diagnostics.sorted.map(describe), [], path)
        }
    }

    /// Past the cap, diagnostics are counted rather than kept, and the count is an error.
    func testDiagnosticsAreCapped() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var text = "policy: p\ntimezone: Asia/Shanghai\n"
        for i in 0..<150 { text += "unknown_\(i): 1\n" }
        let path = directory.appendingPathComponent("p.yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let bag = checkPolicies([path])
        XCTAssertEqual(bag.sorted.count, DiagnosticBag.cap)
        XCTAssertEqual(bag.dropped, 50)
        XCTAssert(bag.hasErrors())
        // Sorted by position: the first kept is the first unknown key.
        XCTAssertEqual(bag.sorted.first?.location.line, 3)
    }

    /// Warnings past the cap are counted as warnings: they never make a policy invalid, and
    /// the counts cover every diagnostic, shown or not.
    func testWarningsPastTheCapDoNotMakeThePolicyInvalid() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("p.yaml").path
        try Data(Self.policy(rulesWithoutCite: 130).utf8).write(to: URL(fileURLWithPath: path))
        let library = PolicyLibrary(paths: [path])
        var bag = library.diagnostics
        let compiled = PolicyCompiler(library: library).compile("p", diagnostics: &bag)
        XCTAssertNotNil(compiled, "130 warnings and no error: the policy is valid")
        XCTAssertFalse(bag.hasErrors())
        XCTAssert(bag.hasErrors(strict: true))
        XCTAssertEqual(bag.sorted.count, DiagnosticBag.cap)
        XCTAssertEqual(bag.counts.errors, 0)
        XCTAssertEqual(bag.counts.warnings, 130)
        XCTAssertEqual(bag.droppedSummary, "… and 30 more not shown: 0 errors, 30 warnings")
    }

    /// An error found after the cap is full of warnings takes a warning's place: it is shown.
    func testErrorPastTheCapDisplacesAWarning() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("p.yaml").path
        let text = Self.policy(rulesWithoutCite: 120) + "  - id: broken\n    cite: x\n    when: 1\n"
            + "    emit: {action: first_reminder, due_by: end_of_day(today)}\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let bag = checkPolicies([path])
        XCTAssertEqual(bag.sorted.filter { $0.diagnostic.severity == .error }.map(\.diagnostic.code), ["check.wrong-result-type"])
        XCTAssertEqual(bag.counts.errors, 1)
        XCTAssertEqual(bag.counts.warnings, 120)
        XCTAssertEqual(bag.sorted.count, DiagnosticBag.cap)
        XCTAssertEqual(bag.droppedSummary, "… and 21 more not shown: 0 errors, 21 warnings")
    }

    /// A valid policy with `count` rules that have no `cite` (one warning each).
    static func policy(rulesWithoutCite count: Int) -> String {
        var text = "policy: p\ntimezone: Asia/Shanghai\nrules:\n"
        for i in 0..<count {
            text += "  - id: r\(i)\n    when: true\n    emit: {action: first_reminder, due_by: end_of_day(today)}\n"
        }
        return text
    }

    /// One broken file never hides another's errors, and diagnostics sort by file.
    func testDiagnosticsOfSeveralFilesSortByFileThenPosition() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("policy: b\ntimezone: Asia/Shanghai\nwen: 1\nrule: 2\n".utf8).write(to: directory.appendingPathComponent("b.yaml"))
        try Data("policy: a\ntimezone: Asia/Shanghai\nrule: 1\n".utf8).write(to: directory.appendingPathComponent("a.yaml"))
        let bag = checkPolicies([directory.path])
        let located = bag.sorted.map { (($0.file.name as NSString).lastPathComponent, $0.location.line) }
        XCTAssertEqual(located.map(\.0), ["a.yaml", "b.yaml", "b.yaml"])
        XCTAssertEqual(located.map(\.1), [3, 3, 4])
    }

    /// A path that does not exist is a diagnostic, not a crash.
    func testMissingPathIsUnreadable() {
        let bag = checkPolicies(["/nonexistent/policy.yaml"])
        XCTAssertEqual(bag.sorted.map(\.diagnostic.code), ["policy.unreadable-file"])
        XCTAssertEqual(bag.sorted.first?.diagnostic.message, "cannot read `/nonexistent/policy.yaml`")
    }
}
