import CEL
import Foundation
import LanguageServer
import XCTest

/// A conversation with the server through its JSON-RPC interface: messages written as a
/// client writes them (framed), the server run until the input ends, its messages read back.
struct LSPSession {
    private var input: [UInt8] = []
    private var nextID = 1
    var today: CivilDate? = try? CivilDate(parsing: "2026-10-01")

    /// The repository root (for the shipped `policies/`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Appends raw bytes (for malformed frames).
    mutating func raw(_ bytes: [UInt8]) { input += bytes }

    /// Appends one framed message.
    mutating func message(_ json: String) {
        input += Array("Content-Length: \(json.utf8.count)\r\n\r\n".utf8) + Array(json.utf8)
    }

    /// Appends a request; returns its id.
    @discardableResult
    mutating func request(_ method: String, _ params: String = "{}") -> Int {
        defer { nextID += 1 }
        message(#"{"jsonrpc":"2.0","id":\#(nextID),"method":"\#(method)","params":\#(params)}"#)
        return nextID
    }

    mutating func notify(_ method: String, _ params: String = "{}") {
        message(#"{"jsonrpc":"2.0","method":"\#(method)","params":\#(params)}"#)
    }

    mutating func initialize(_ capabilities: String = "{}") {
        request("initialize", #"{"processId":null,"rootUri":null,"capabilities":\#(capabilities)}"#)
        notify("initialized")
    }

    mutating func open(_ path: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", #"{"textDocument":{"uri":\#(Self.json(Self.uri(path))),"languageId":"yaml","version":\#(version),"text":\#(Self.json(text))}}"#)
    }

    mutating func change(_ path: String, _ text: String, version: Int) {
        notify("textDocument/didChange", #"{"textDocument":{"uri":\#(Self.json(Self.uri(path))),"version":\#(version)},"contentChanges":[{"text":\#(Self.json(text))}]}"#)
    }

    mutating func shutdownAndExit() {
        request("shutdown", "null")
        notify("exit", "null")
    }

    /// Runs the server over everything appended; returns how it ended and what it wrote.
    func run() -> (ending: LanguageServer.Ending, messages: [Value]) {
        let output = BufferOutput()
        let server = LanguageServer(input: BufferInput(input), output: output, today: today)
        let ending = server.run()
        var reader = MessageReader(input: BufferInput(output.bytes))
        var messages: [Value] = []
        while let frame = reader.next() {
            guard case .message(let body) = frame, let value = try? JSONReader().read(body) else {
                XCTFail("the server wrote a bad frame: \(frame)")
                continue
            }
            messages.append(value)
        }
        return (ending, messages)
    }

    static func uri(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }

    /// `text` as a JSON string.
    static func json(_ text: String) -> String {
        var w = JSONWriter()
        w.string(text)
        return w.text
    }
}

extension Value {
    /// The member `key` of an object.
    subscript(_ key: String) -> Value? {
        guard case .map(let map) = self else { return nil }
        return map[key]
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var int: Int? { if case .int(let n) = self { Int(n) } else { nil } }
    var isNull: Bool { if case .null = self { true } else { false } }
    var list: [Value] { if case .list(let items) = self { items } else { [] } }
}

extension [Value] {
    /// The response to request `id`.
    func response(_ id: Int) -> Value? { first { $0["id"]?.int == id } }

    /// The `publishDiagnostics` params sent for `path`, in order.
    func diagnostics(for path: String) -> [[Value]] {
        filter { $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.string == LSPSession.uri(path) }
            .map { $0["params"]?["diagnostics"]?.list ?? [] }
    }
}

extension LSPSession {
    /// The shipped policy `name` (path and text).
    static func shipped(_ name: String) throws -> (path: String, text: String) {
        let path = root.appendingPathComponent("policies").appendingPathComponent(name).path
        return (path, try String(contentsOfFile: path, encoding: .utf8))
    }

    /// The position of the `occurrence`-th `marker` in `text`, plus `offset` characters
    /// (UTF-16, as the protocol counts by default).
    static func position(of marker: String, in text: String, offset: Int = 0) throws -> String {
        let lines = text.components(separatedBy: "\n")
        let line = try XCTUnwrap(lines.firstIndex { $0.contains(marker) }, marker)
        let prefix = try XCTUnwrap(lines[line].range(of: marker)).lowerBound
        let character = lines[line][..<prefix].utf16.count + offset
        return #"{"line":\#(line),"character":\#(character)}"#
    }

    /// Appends a request about a position in `path`; returns its id.
    @discardableResult
    mutating func at(_ method: String, _ path: String, _ position: String) -> Int {
        request(method, #"{"textDocument":{"uri":\#(Self.json(Self.uri(path)))},"position":\#(position)}"#)
    }
}
