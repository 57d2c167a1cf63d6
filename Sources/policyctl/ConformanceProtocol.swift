import CEL

/// The line protocol of the CEL conformance runner (`run.py`): each stdin line is
/// `{"expr", "bindings", "container"?}`; each answer line is `{"value": <typed value>}` or
/// `{"error": "message"}`, in order, one per request, whatever the request holds.
struct ConformanceProtocol {
    let context: LibraryContext

    func run() throws(ExitStatus) {
        while let line = readLine(strippingNewline: true) {
            var writer = JSONWriter()
            answer(line, into: &writer)
            writer.endLine()
            try StandardStreams.write(writer.bytes)
        }
    }

    private func answer(_ line: String, into writer: inout JSONWriter) {
        let outcome: Result<Value, EvalError>
        do {
            let request = try Request(line)
            outcome = Conformance.evaluate(request.expr, bindings: request.bindings, container: request.container,
                                           checked: false, context: context)
        } catch {
            outcome = .failure(error)
        }
        writer.beginObject()
        switch outcome {
        case .success(let value):
            writer.key("value")
            TypedValueJSON.encode(value, into: &writer)
        case .failure(let error):
            writer.key("error")
            writer.string(error.message)
        }
        writer.endObject()
    }

    /// One request line.
    private struct Request {
        var expr = ""
        var bindings: [String: Value] = [:]
        var container = ""

        init(_ line: String) throws(EvalError) {
            let json: Value
            // Typed doubles are doubles: a bound `-0.0` keeps its sign.
            do { json = try JSONReader(options: .keepingNegativeZero).read(Array(line.utf8)) } catch {
                throw EvalError("invalid request: \(error.message)")
            }
            guard case .map(let object) = json, case .string(let expr)? = object["expr"] else {
                throw EvalError("invalid request: expected an object with `expr`")
            }
            self.expr = expr
            if case .string(let container)? = object["container"] { self.container = container }
            if case .map(let bound)? = object["bindings"] {
                for (key, value) in zip(bound.keys, bound.values) {
                    guard case .string(let name) = key else { continue }
                    do { bindings[name] = try TypedValueJSON.decode(value) } catch {
                        throw EvalError("invalid binding `\(name)`: \(error.message)")
                    }
                }
            }
        }
    }
}
