import CEL
import Policy

/// Writes one JSON value (a result, params) into a message being written.
typealias JSONBody = (inout JSONWriter) -> Void

/// `policyctl lsp`: a Language Server Protocol 3.17 server for policies, over a byte stream.
///
/// One message at a time, in order: a request is answered before the next message is read,
/// and a document is re-checked (``CheckScope``) as soon as it is opened or changed, with
/// the checker `policyctl check` uses. A malformed or oversized message, an unknown method
/// or bad params get the protocol's error; nothing a client sends stops the server but
/// `exit` or the end of its input.
public final class LanguageServer {
    /// Why ``run()`` returned.
    public enum Ending: Equatable, Sendable {
        /// The client sent `exit`; `afterShutdown` says whether `shutdown` came first (the
        /// protocol's exit code is 0 then, 1 otherwise).
        case exit(afterShutdown: Bool)
        /// The input ended (the client went away).
        case endOfInput(afterShutdown: Bool)
        /// A message could not be written.
        case outputFailed(String)
    }

    private var reader: MessageReader
    private let writer: MessageWriter
    /// The date calendars are checked against, as `check --today`.
    let today: CivilDate?
    /// Lines for the server's log (stderr in `policyctl lsp`).
    let log: (String) -> Void

    private var initialized = false
    private var shutdownRequested = false
    private(set) var encoding = PositionEncoding.utf16
    var documents = TextDocuments()
    /// The last check of each directory that has open documents, by directory.
    var scopes: [String: CheckScope] = [:]

    /// A server reading `input` and writing `output`.
    public init(input: ByteInput, output: ByteOutput, today: CivilDate?, log: @escaping (String) -> Void = { _ in }) {
        reader = MessageReader(input: input)
        writer = MessageWriter(output: output)
        self.today = today
        self.log = log
    }

    /// A failed write, which ends the loop.
    private struct OutputFailure: Error {
        let reason: String
    }

    /// Serves until `exit` or the end of the input.
    public func run() -> Ending {
        do {
            while let frame = reader.next() {
                switch frame {
                case .message(let body):
                    switch RPCMessage.parse(body) {
                    case .success(let message):
                        if let ending = try handle(message) { return ending }
                    case .failure(let failure):
                        try respond(failure.id, error: failure.error)
                    }
                case .malformedHeader(let problem):
                    try respond(nil, error: .parseError("malformed message header: \(problem)"))
                case .tooLarge(let length):
                    let text = "a message of \(length) bytes was refused: the limit is \(MessageReader.maxMessageBytes) bytes"
                    log("policyctl lsp: \(text)")
                    try respond(nil, error: .invalidRequest(text))
                    try notify("window/showMessage", params: { w in
                        w.beginObject(); w.key("type"); w.int(1); w.key("message"); w.string("policyctl: \(text)"); w.endObject()
                    })
                }
            }
        } catch let failure as OutputFailure {
            return .outputFailed(failure.reason)
        } catch {
            return .outputFailed("\(error)")
        }
        return .endOfInput(afterShutdown: shutdownRequested)
    }

    // MARK: Dispatch

    /// Handles one message; returns how the loop ends when it does.
    private func handle(_ message: RPCMessage) throws -> Ending? {
        switch message {
        case .response:
            return nil
        case .notification(let method, let params):
            if method == "exit" { return .exit(afterShutdown: shutdownRequested) }
            guard initialized, !shutdownRequested else { return nil }
            do { try notification(method, params) } catch let error as RPCError {
                log("policyctl lsp: \(method): \(error.message)")
            }
            return nil
        case .request(let id, let method, let params):
            if shutdownRequested {
                try respond(id, error: .invalidRequest("the server is shutting down: only `exit` is accepted"))
                return nil
            }
            guard initialized || method == "initialize" else {
                try respond(id, error: .serverNotInitialized)
                return nil
            }
            let result: JSONBody
            do { result = try request(method, params) } catch let error as RPCError {
                try respond(id, error: error)
                return nil
            }
            try respond(id, result: result)
            return nil
        }
    }

    private func request(_ method: String, _ params: Value) throws -> JSONBody {
        switch method {
        case "initialize": return try initialize(params)
        case "shutdown":
            shutdownRequested = true
            return { $0.null() }
        case "textDocument/hover": return try hover(params)
        case "textDocument/definition": return try definition(params)
        case "textDocument/completion": return try completion(params)
        default: throw RPCError.methodNotFound(method)
        }
    }

    private func notification(_ method: String, _ params: Value) throws {
        switch method {
        case "textDocument/didOpen": try didOpen(params)
        case "textDocument/didChange": try didChange(params)
        case "textDocument/didClose": try didClose(params)
        case "workspace/didChangeWatchedFiles", "textDocument/didSave": try recheckAll()
        default: break  // `initialized`, `$/cancelRequest`, `$/setTrace` and others need nothing.
        }
    }

    // MARK: Lifecycle

    private func initialize(_ params: Value) throws -> JSONBody {
        guard !initialized else { throw RPCError.invalidRequest("`initialize` was already sent") }
        guard case .map = params else { throw RPCError.invalidParams("`initialize` needs an object of params") }
        initialized = true
        encoding = .negotiate(params[path: "capabilities", "general", "positionEncodings"]?.listValue?.compactMap(\.stringValue))
        let encoding = self.encoding
        return { w in
            w.beginObject()
            w.key("capabilities")
            w.beginObject()
            w.key("positionEncoding"); w.string(encoding.rawValue)
            w.key("textDocumentSync")
            w.beginObject()
            w.key("openClose"); w.bool(true)
            w.key("change"); w.int(1)  // full: each change sends the whole text
            w.endObject()
            w.key("hoverProvider"); w.bool(true)
            w.key("definitionProvider"); w.bool(true)
            w.key("completionProvider")
            w.beginObject()
            w.key("triggerCharacters"); w.beginArray(); w.string("."); w.endArray()
            w.endObject()
            w.endObject()
            w.key("serverInfo")
            w.beginObject()
            w.key("name"); w.string("policyctl")
            w.endObject()
            w.endObject()
        }
    }

    // MARK: Writing

    private func send(_ write: JSONBody) throws {
        var w = JSONWriter()
        write(&w)
        do { try writer.write(w.bytes) } catch { throw OutputFailure(reason: "\(error)") }
    }

    private func respond(_ id: RequestID?, result: JSONBody) throws {
        try respond(id, member: "result", result)
    }

    private func respond(_ id: RequestID?, error: RPCError) throws {
        try respond(id, member: "error") { w in
            w.beginObject()
            w.key("code"); w.int(Int64(error.code))
            w.key("message"); w.string(error.message)
            w.endObject()
        }
    }

    /// A response to request `id` (null when it could not be read) with `member` (`result`
    /// or `error`) written by `body`.
    private func respond(_ id: RequestID?, member: String, _ body: JSONBody) throws {
        try send { w in
            w.beginObject()
            w.key("jsonrpc"); w.string("2.0")
            w.key("id")
            if let id { id.write(to: &w) } else { w.null() }
            w.key(member); body(&w)
            w.endObject()
        }
    }

    /// Sends a notification.
    func notify(_ method: String, params: JSONBody) throws {
        try send { w in
            w.beginObject()
            w.key("jsonrpc"); w.string("2.0")
            w.key("method"); w.string(method)
            w.key("params"); params(&w)
            w.endObject()
        }
    }
}
