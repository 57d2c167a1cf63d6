import CEL
import Foundation
import LanguageServer
import Policy
import XCTest

/// Diagnostics as the editor gets them: exactly `check`'s, at the same places.
final class DiagnosticsTests: XCTestCase {
    /// A copy of the shipped policies in a temporary directory.
    func shippedPolicies() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyctl-lsp-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: LSPSession.root.appendingPathComponent("policies"), to: dir)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func temporaryDirectory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyctl-lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// What the checker finds in `file` when its text is on disk, in the LSP's terms:
    /// 0-based lines, UTF-16 columns, the help line under the message.
    func checked(_ dir: URL, file: String) throws -> [String] {
        let session = LSPSession()
        let bag = PolicyLibrary(paths: [dir.path]).check(today: session.today).diagnostics
        return bag.sorted.filter { $0.file.name == dir.appendingPathComponent(file).path }.map { d in
            let (line, column) = d.file.location(of: d.diagnostic.range.lowerBound)
            let prefix = d.file.line(line).unicodeScalars.prefix(column - 1)
            let character = prefix.reduce(0) { $0 + ($1.value > 0xFFFF ? 2 : 1) }
            let message = d.diagnostic.message + (d.diagnostic.help.map { "\nhelp: \($0)" } ?? "")
            return "\(line - 1):\(character) \(d.diagnostic.severity) \(d.diagnostic.code) \(message)"
        }
    }

    /// The same, from a publication.
    func published(_ diagnostics: [Value]) -> [String] {
        diagnostics.map { d in
            let severity = ["", "error", "warning", "note"][d["severity"]?.int ?? 0]
            let start = d["range"]?["start"]
            return "\(start?["line"]?.int ?? -1):\(start?["character"]?.int ?? -1) \(severity) \(d["code"]?.string ?? "") \(d["message"]?.string ?? "")"
        }
    }

    func testATypoInTheBaselineIsReportedAsCheckReportsIt() throws {
        let dir = try shippedPolicies()
        let baseline = dir.appendingPathComponent("baseline.yaml").path
        let original = try String(contentsOfFile: baseline, encoding: .utf8)
        let typo = original.replacingOccurrences(of: "arrears > 0 && days_overdue > params.suspension_min_overdue_days",
                                                 with: "arears > 0 && days_overdue > params.suspension_min_overdue_day")
        XCTAssertNotEqual(typo, original)

        var session = LSPSession()
        session.initialize()
        session.open(baseline, original)
        session.change(baseline, typo, version: 2)
        session.change(baseline, original, version: 3)
        session.shutdownAndExit()
        let publications = session.run().messages.diagnostics(for: baseline)
        XCTAssertEqual(publications.count, 3)

        let clean = try checked(dir, file: "baseline.yaml")
        XCTAssertEqual(published(publications[0]), clean)
        XCTAssertEqual(published(publications[2]), clean)
        // The editor's text is checked, never the file: the typo is only on disk for `check`.
        try typo.write(toFile: baseline, atomically: true, encoding: .utf8)
        let expected = try checked(dir, file: "baseline.yaml")
        XCTAssertEqual(published(publications[1]), expected)
        XCTAssertEqual(expected.filter { $0.contains(" error ") }.count, 2, "\(expected)")
        XCTAssert(expected.contains { $0.contains("check.undeclared-reference") && $0.contains("\nhelp: did you mean `arrears`?") }, "\(expected)")
    }

    func testColumnsCountUTF16UnitsOrUTF8BytesAsNegotiated() throws {
        let text = """
            policy: p
            timezone: Asia/Shanghai
            facts:
              greeting: "'欠费😀' + nmae"

            """
        let dir = try temporaryDirectory(["p.yaml": text])
        let path = dir.appendingPathComponent("p.yaml").path
        // `  greeting: "'欠费😀' + ` is 22 UTF-16 units (😀 is two) and 28 UTF-8 bytes.
        for (capabilities, character) in [("{}", 22), (#"{"general":{"positionEncodings":["utf-8"]}}"#, 28)] {
            var session = LSPSession()
            session.initialize(capabilities)
            session.open(path, text)
            let diagnostics = session.run().messages.diagnostics(for: path).last ?? []
            let undeclared = try XCTUnwrap(diagnostics.first { $0["code"]?.string == "check.undeclared-reference" })
            XCTAssertEqual(undeclared["range"]?["start"]?["line"]?.int, 3)
            XCTAssertEqual(undeclared["range"]?["start"]?["character"]?.int, character, capabilities)
            XCTAssertEqual(undeclared["range"]?["end"]?["character"]?.int, character + 4, capabilities)
        }
    }

    func testEditingABaseRechecksThePoliciesThatExtendIt() throws {
        let base = """
            policy: base
            abstract: true
            facts:
              owed: bills.map(b, b.amount - b.paid).sum()

            """
        let bureau = """
            policy: bureau
            extends: base
            timezone: Asia/Shanghai
            rules:
              - id: remind
                cite: a regulation
                when: owed > 0
                emit: {action: first_reminder, due_by: now}

            """
        let dir = try temporaryDirectory(["base.yaml": base, "bureau.yaml": bureau])
        let basePath = dir.appendingPathComponent("base.yaml").path
        let bureauPath = dir.appendingPathComponent("bureau.yaml").path
        var session = LSPSession()
        session.initialize()
        session.open(bureauPath, bureau)
        session.open(basePath, base)
        session.change(basePath, base.replacingOccurrences(of: "owed:", with: "owing:"), version: 2)
        session.notify("textDocument/didClose", #"{"textDocument":{"uri":\#(LSPSession.json(LSPSession.uri(basePath)))}}"#)
        session.shutdownAndExit()
        let messages = session.run().messages
        let forBureau = messages.diagnostics(for: bureauPath).map { published($0) }
        XCTAssertEqual(forBureau.count, 4, "\(forBureau)")  // opened, base opened, base changed, base closed
        XCTAssertEqual(forBureau[0], [])
        XCTAssertEqual(forBureau[1], [])
        XCTAssertEqual(forBureau[2], ["6:10 error check.undeclared-reference undeclared reference to `owed`"])
        XCTAssertEqual(forBureau[3], [], "closing the base without saving brings back the file on disk")
        XCTAssertEqual(messages.diagnostics(for: basePath).last?.count, 0, "a closed document's diagnostics are cleared")
    }

    func testADuplicateNamesWhereItWasFirstDefined() throws {
        let text = """
            policy: p
            timezone: Asia/Shanghai
            rules:
              - id: remind
                cite: a regulation
                emit: {action: first_reminder, due_by: now}
              - id: remind
                cite: a regulation
                emit: {action: first_reminder, due_by: now}

            """
        let dir = try temporaryDirectory(["p.yaml": text])
        let path = dir.appendingPathComponent("p.yaml").path
        var session = LSPSession()
        session.initialize()
        session.open(path, text)
        let diagnostics = session.run().messages.diagnostics(for: path).last ?? []
        let duplicate = try XCTUnwrap(diagnostics.first { $0["code"]?.string == "policy.duplicate-id" })
        XCTAssertEqual(duplicate["range"]?["start"]?["line"]?.int, 6)
        let related = try XCTUnwrap(duplicate["relatedInformation"]?.list.first)
        XCTAssertEqual(related["message"]?.string, "first defined here")
        XCTAssertEqual(related["location"]?["uri"]?.string, LSPSession.uri(path))
        XCTAssertEqual(related["location"]?["range"]?["start"]?["line"]?.int, 3)
        XCTAssertEqual(related["location"]?["range"]?["start"]?["character"]?.int, 8)
    }

    func testAChangeWithARangeIsAppliedAtItsUTF16Place() throws {
        let text = "policy: p\ntimezone: Asia/Shanghai\nfacts:\n  greeting: \"'欠费😀' + nmae\"\n"
        let dir = try temporaryDirectory(["p.yaml": text])
        let path = dir.appendingPathComponent("p.yaml").path
        var session = LSPSession()
        session.initialize()
        session.open(path, text)
        // `nmae` (UTF-16 characters 22–26 of line 3) becomes `'!'`.
        session.notify("textDocument/didChange", #"{"textDocument":{"uri":\#(LSPSession.json(LSPSession.uri(path))),"version":2},"contentChanges":[{"range":{"start":{"line":3,"character":22},"end":{"line":3,"character":26}},"text":"'!'"}]}"#)
        let publications = session.run().messages.diagnostics(for: path)
        XCTAssertEqual(publications.count, 2)
        XCTAssert(publications[0].contains { $0["code"]?.string == "check.undeclared-reference" })
        XCTAssertEqual(published(publications[1]), [], "the fact is now `'欠费😀' + '!'`")
    }
}
