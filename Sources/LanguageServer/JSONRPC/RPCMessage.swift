import CEL

/// The id of a JSON-RPC request: a number or a string.
public enum RequestID: Sendable, Equatable, Hashable {
    case int(Int64)
    case string(String)

    /// Writes the id as JSON.
    func write(to w: inout JSONWriter) {
        switch self {
        case .int(let n): w.int(n)
        case .string(let s): w.string(s)
        }
    }
}

/// A JSON-RPC 2.0 error: a code of the protocol (or of LSP) and a message.
public struct RPCError: Error, Sendable, Equatable {
    /// The protocol's code (`-32700` … `-32600`, LSP's `-32002`).
    public let code: Int
    /// One line, in the house style.
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    /// The body is not JSON.
    public static func parseError(_ message: String) -> RPCError { RPCError(code: -32700, message: message) }
    /// The JSON is not a request, notification or response.
    public static func invalidRequest(_ message: String) -> RPCError { RPCError(code: -32600, message: message) }
    /// No such method.
    public static func methodNotFound(_ method: String) -> RPCError { RPCError(code: -32601, message: "unknown method `\(method)`") }
    /// The params do not have the method's shape.
    public static func invalidParams(_ message: String) -> RPCError { RPCError(code: -32602, message: message) }
    /// LSP: a request before `initialize`.
    public static let serverNotInitialized = RPCError(code: -32002, message: "the server is not initialized yet: send `initialize` first")
}

/// One message received: a request (answered), a notification (not answered) or a response
/// to a request of the server's.
public enum RPCMessage: Sendable {
    case request(id: RequestID, method: String, params: Value)
    case notification(method: String, params: Value)
    case response(id: RequestID?)

    /// The message in `body`, or the error to answer it with (and the id to answer, when
    /// the message had a readable one).
    public static func parse(_ body: [UInt8]) -> Result<RPCMessage, ParseFailure> {
        let value: Value
        do { value = try JSONReader().read(body) } catch {
            return .failure(ParseFailure(id: nil, error: .parseError("the message is not JSON: \(error.description)")))
        }
        guard case .map(let object) = value else {
            return .failure(ParseFailure(id: nil, error: .invalidRequest("the message is not a JSON object (batches are not supported)")))
        }
        var id: RequestID?
        switch object["id"] {
        case .int(let n)?: id = .int(n)
        case .string(let s)?: id = .string(s)
        case nil, .null?: id = nil
        default: return .failure(ParseFailure(id: nil, error: .invalidRequest("`id` must be a number or a string")))
        }
        guard object["jsonrpc"]?.stringValue == "2.0" else {
            return .failure(ParseFailure(id: id, error: .invalidRequest("`jsonrpc` must be \"2.0\"")))
        }
        guard let methodValue = object["method"] else {
            if object["result"] != nil || object["error"] != nil { return .success(.response(id: id)) }
            return .failure(ParseFailure(id: id, error: .invalidRequest("the message has no `method`")))
        }
        guard let method = methodValue.stringValue else {
            return .failure(ParseFailure(id: id, error: .invalidRequest("`method` must be a string")))
        }
        let params = object["params"] ?? .null
        switch params {
        case .map, .list, .null: break
        default: return .failure(ParseFailure(id: id, error: .invalidRequest("`params` must be an object or an array")))
        }
        if let id { return .success(.request(id: id, method: method, params: params)) }
        return .success(.notification(method: method, params: params))
    }

    /// A message that cannot be handled: the error, and the id to answer with.
    public struct ParseFailure: Error, Sendable {
        /// The id to answer with (null in the response when nil).
        public let id: RequestID?
        /// What to answer.
        public let error: RPCError
    }
}
