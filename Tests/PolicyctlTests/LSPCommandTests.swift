import Foundation
import XCTest

/// `policyctl lsp` end to end: the binary on pipes, its diagnostics against those of
/// `policyctl check --format json` for the same text.
final class LSPCommandTests: XCTestCase {
    func frame(_ json: String) -> Data {
        Data("Content-Length: \(json.utf8.count)\r\n\r\n\(json)".utf8)
    }

    func jsonString(_ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }

    /// The messages of an output stream.
    func messages(_ data: Data) throws -> [[String: Any]] {
        var rest = data[...]
        var result: [[String: Any]] = []
        while let headerEnd = rest.range(of: Data("\r\n\r\n".utf8)) {
            let header = String(decoding: rest[..<headerEnd.lowerBound], as: UTF8.self)
            let length = try XCTUnwrap(Int(header.replacingOccurrences(of: "Content-Length: ", with: "")), header)
            let body = rest[headerEnd.upperBound..<(headerEnd.upperBound + length)]
            result.append(try XCTUnwrap(try JSONSerialization.jsonObject(with: body) as? [String: Any]))
            rest = rest[(headerEnd.upperBound + length)...]
        }
        return result
    }

    func testDiagnosticsOfATypoAreThoseOfCheck() throws {
        let dir = try CommandRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policies = dir.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: CommandRunner.root.appendingPathComponent("policies"), to: policies)
        let baseline = policies.appendingPathComponent("baseline.yaml")
        let text = try String(contentsOf: baseline, encoding: .utf8)
            .replacingOccurrences(of: "arrears > 0 && days_overdue >", with: "arrears > 0 && day_overdue >")
        try text.write(to: baseline, atomically: true, encoding: .utf8)
        let check = try CommandRunner.run(["check", "--format", "json", "--today", "2026-10-01", policies.path])
        XCTAssertEqual(check.status, 2, check.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: check.stdout) as? [String: Any])
        let expected = (report["diagnostics"] as? [[String: Any]] ?? []).filter { $0["file"] as? String == baseline.path }.map { d in
            // Columns count Unicode scalars in `check`, UTF-16 units in LSP: the same on these ASCII lines.
            "\((d["line"] as? Int ?? 0) - 1):\((d["column"] as? Int ?? 0) - 1) \(d["code"] ?? "") \(d["message"] ?? "")"
                + ((d["help"] as? String).map { "\nhelp: \($0)" } ?? "")
        }
        XCTAssertFalse(expected.isEmpty)

        let uri = baseline.absoluteString
        var input = Data()
        input += frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
        input += frame(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
        input += frame(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":\#(try jsonString(uri)),"languageId":"yaml","version":1,"text":\#(try jsonString(text))}}}"#)
        input += frame(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
        input += frame(#"{"jsonrpc":"2.0","method":"exit"}"#)
        let lsp = try CommandRunner.run(["lsp", "--stdio", "--today", "2026-10-01"], input: input)
        XCTAssertEqual(lsp.status, 0, lsp.stderr)
        let published = try messages(lsp.stdout).filter { $0["method"] as? String == "textDocument/publishDiagnostics" }
        XCTAssertEqual(published.count, 1)
        let params = try XCTUnwrap(published.first?["params"] as? [String: Any])
        XCTAssertEqual(params["uri"] as? String, uri)
        let got = (params["diagnostics"] as? [[String: Any]] ?? []).map { d in
            let start = (d["range"] as? [String: Any])?["start"] as? [String: Any]
            return "\(start?["line"] as? Int ?? -1):\(start?["character"] as? Int ?? -1) \(d["code"] ?? "") \(d["message"] ?? "")"
        }
        XCTAssertEqual(got, expected)
    }

    func testExitCodes() throws {
        let withoutShutdown = try CommandRunner.run(["lsp"], input: frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
                                                   + frame(#"{"jsonrpc":"2.0","method":"exit"}"#))
        XCTAssertEqual(withoutShutdown.status, 1, withoutShutdown.stderr)
        let endOfInput = try CommandRunner.run(["lsp"], input: frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#))
        XCTAssertEqual(endOfInput.status, 0, endOfInput.stderr)
        XCTAssertEqual(try messages(endOfInput.stdout).count, 1)
    }

    func testOutputThatCannotBeWrittenIsExitThree() throws {
        let result = try CommandRunner.run(["lsp"], input: frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
                                           stdoutPath: "/dev/full")
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssert(result.stderr.hasPrefix("policyctl: cannot write to stdout: "), result.stderr)
    }

    func testHelp() throws {
        let help = try CommandRunner.run(["lsp", "--help"])
        XCTAssertEqual(help.status, 0)
        let expected = try String(contentsOf: CommandRunner.root.appendingPathComponent("Tests/PolicyctlTests/Fixtures/help/lsp.txt"), encoding: .utf8)
        XCTAssertEqual(help.text, expected, "regenerate with: swift run policyctl lsp --help > Tests/PolicyctlTests/Fixtures/help/lsp.txt")
    }
}
