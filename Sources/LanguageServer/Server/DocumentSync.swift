import CEL
import Policy

/// `textDocument/didOpen`, `didChange` and `didClose`: the documents the client has open,
/// and the check that follows each change.
extension LanguageServer {
    func didOpen(_ params: Value) throws {
        guard let uri = params[path: "textDocument", "uri"]?.stringValue,
              let text = params[path: "textDocument", "text"]?.stringValue else {
            throw RPCError.invalidParams("`didOpen` needs `textDocument.uri` and `textDocument.text`")
        }
        guard let path = TextDocuments.path(ofURI: uri) else {
            log("policyctl lsp: `\(uri)` is not a file; it is not checked")
            return
        }
        documents.open(TextDocument(uri: uri, path: path, version: params[path: "textDocument", "version"]?.intValue, text: text))
        try recheck(scopeOf: path)
    }

    func didChange(_ params: Value) throws {
        guard let uri = params[path: "textDocument", "uri"]?.stringValue,
              let changes = params[member: "contentChanges"]?.listValue else {
            throw RPCError.invalidParams("`didChange` needs `textDocument.uri` and `contentChanges`")
        }
        guard var document = documents[uri] else {
            // A document opened with a message that was refused (too large) has no text here.
            log("policyctl lsp: `\(uri)` changed but is not open")
            return
        }
        for change in changes {
            guard let text = change[member: "text"]?.stringValue else {
                throw RPCError.invalidParams("a content change needs `text`")
            }
            if let range = change[member: "range"] {
                // The server asks for full changes; a client that sends a range anyway is served.
                document.text = try Self.apply(text, at: range, to: document.text, encoding: encoding)
            } else {
                document.text = text
            }
        }
        document.version = params[path: "textDocument", "version"]?.intValue
        documents.open(document)
        try recheck(scopeOf: document.path)
    }

    func didClose(_ params: Value) throws {
        guard let uri = params[path: "textDocument", "uri"]?.stringValue else {
            throw RPCError.invalidParams("`didClose` needs `textDocument.uri`")
        }
        guard let closed = documents.close(uri) else { return }
        try publish(uri: uri, version: nil, diagnostics: [])
        // What the others see of the file is now what is on disk.
        try recheck(scopeOf: closed.path)
    }

    /// `text` in place of `range` (LSP positions) of `original`.
    static func apply(_ text: String, at range: Value, to original: String, encoding: PositionEncoding) throws -> String {
        guard let startLine = range[path: "start", "line"]?.intValue, let startCharacter = range[path: "start", "character"]?.intValue,
              let endLine = range[path: "end", "line"]?.intValue, let endCharacter = range[path: "end", "character"]?.intValue else {
            throw RPCError.invalidParams("a change's `range` needs `start` and `end` positions")
        }
        let index = LineIndex(Source(original), encoding: encoding)
        let start = index.offset(of: Position(line: startLine, character: startCharacter))
        let end = max(start, index.offset(of: Position(line: endLine, character: endCharacter)))
        let bytes = index.bytes
        return String(decoding: Array(bytes[..<start]) + Array(text.utf8) + Array(bytes[end...]), as: UTF8.self)
    }

    // MARK: Checking

    /// Whether the file at `path` is one `check` reads (a policy or a calendar).
    static func isChecked(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !name.contains(".test.")
    }

    /// Checks the directory of `path` with the open documents and publishes the diagnostics
    /// of every open document in it.
    func recheck(scopeOf path: String) throws {
        guard Self.isChecked(path) else { return }
        let directory = CheckScope.directory(of: path)
        guard documents.byURI.values.contains(where: { CheckScope.directory(of: $0.path) == directory }) else {
            scopes[directory] = nil  // its last document was closed
            return
        }
        let scope = CheckScope(directory: directory, overlay: documents.overlay, today: today)
        scopes[directory] = scope
        for document in documents.byURI.values.sorted(by: { $0.uri < $1.uri })
        where Self.isChecked(document.path) && CheckScope.directory(of: document.path) == directory {
            try publish(uri: document.uri, version: document.version, diagnostics: scope.diagnostics(inFile: document.path))
        }
    }

    /// Re-checks every directory with open documents (files may have changed on disk).
    func recheckAll() throws {
        let paths = Dictionary(documents.byURI.values.map { (CheckScope.directory(of: $0.path), $0.path) }, uniquingKeysWith: { a, _ in a })
        for (_, path) in paths.sorted(by: { $0.key < $1.key }) {
            try recheck(scopeOf: path)
        }
    }

    func publish(uri: String, version: Int?, diagnostics: [PolicyDiagnostic]) throws {
        var publisher = PublishDiagnostics(encoding: encoding)
        try notify("textDocument/publishDiagnostics") { w in
            publisher.params(uri: uri, version: version, diagnostics: diagnostics, into: &w)
        }
    }
}
