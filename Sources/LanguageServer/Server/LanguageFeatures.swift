import CEL
import Policy

/// The requests about a place in a document: `textDocument/hover`, `definition` and
/// `completion`, answered from the last check of the document's directory. Each is worked
/// out on a thread with a large stack (`BigStack`, as the compiler does): the receiver of
/// a completion is parsed and checked, and an expression may nest deeply.
extension LanguageServer {
    /// The document, its policy and the file offset a request's `textDocument` and
    /// `position` name; nil when the document is not open or not a policy that was read.
    private func place(_ params: Value) throws -> (context: PolicyContext, offset: Int)? {
        guard let uri = params[path: "textDocument", "uri"]?.stringValue,
              let line = params[path: "position", "line"]?.intValue, let character = params[path: "position", "character"]?.intValue else {
            throw RPCError.invalidParams("the request needs `textDocument.uri` and `position`")
        }
        guard let document = documents[uri], let scope = scopes[CheckScope.directory(of: document.path)],
              let context = PolicyContext(scope: scope, path: document.path) else { return nil }
        let source = context.document.file.source
        return (context, LineIndex(source, encoding: encoding).offset(of: Position(line: line, character: character)))
    }

    func hover(_ params: Value) throws -> JSONBody {
        guard let (context, offset) = try place(params),
              let (range, text) = BigStack.run({ context.symbol(at: offset).flatMap { found in context.hoverText(found.symbol).map { (found.range, $0) } } })
        else { return { $0.null() } }
        var publisher = PublishDiagnostics(encoding: encoding)
        var w = JSONWriter()
        w.beginObject()
        w.key("contents")
        w.beginObject()
        w.key("kind"); w.string("markdown")
        w.key("value"); w.string(text)
        w.endObject()
        w.key("range"); publisher.writeRange(range, in: context.document.file.source, into: &w)
        w.endObject()
        let bytes = w.text
        return { $0.raw(bytes) }
    }

    func definition(_ params: Value) throws -> JSONBody {
        guard let (context, offset) = try place(params) else { return { $0.null() } }
        let places = BigStack.run { context.symbol(at: offset).map { context.definitions($0.symbol, from: offset) } ?? [] }
        guard !places.isEmpty else { return { $0.null() } }
        var publisher = PublishDiagnostics(encoding: encoding)
        var w = JSONWriter()
        w.beginArray()
        for place in places { publisher.writeLocation(place.range, in: place.file, into: &w) }
        w.endArray()
        let bytes = w.text
        return { $0.raw(bytes) }
    }

    func completion(_ params: Value) throws -> JSONBody {
        guard let (context, offset) = try place(params),
              let items = BigStack.run({ context.site(at: offset).map { context.completions(in: $0.site, at: $0.offset) } }) else {
            return { w in w.beginArray(); w.endArray() }
        }
        return { w in
            w.beginObject()
            w.key("isIncomplete"); w.bool(false)
            w.key("items")
            w.beginArray()
            for item in items {
                w.beginObject()
                w.key("label"); w.string(item.label)
                w.key("kind"); w.int(Int64(item.kind.rawValue))
                w.key("detail"); w.string(item.detail)
                if let documentation = item.documentation { w.key("documentation"); w.string(documentation) }
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
    }
}
