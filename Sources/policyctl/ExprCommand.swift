import ArgumentParser
import CEL

/// `policyctl expr`: evaluates one CEL expression, for policy authors trying things out,
/// or runs the CEL conformance protocol on stdin.
struct ExprCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate a CEL expression and print its value as JSON.",
        discussion: """
            Variables come from --var (NAME=JSON) and from the top-level fields of a \
            --snapshot file. A syntax or type error exits 2 with the place marked; a \
            runtime error exits 1.

            Examples:
              policyctl expr "decimal('312.40') * 2"
              policyctl expr "bills.exists(b, b.paid == '0.00')" --snapshot examples/account.json
              policyctl expr --conformance < cases.jsonl
            """
    )

    @Argument(help: "The expression, e.g. \"size(bills) > 2\".")
    var expression: String?

    @Option(name: .customLong("var"), help: ArgumentHelp("Bind a variable to a JSON value.", valueName: "name=JSON"))
    var variables: [String] = []

    @Option(help: ArgumentHelp("Bind the top-level fields of a JSON snapshot as variables.", valueName: "file"))
    var snapshot: String?

    @Option(help: "Time zone of the date functions (IANA name or ±HH:MM).")
    var timezone: String = "UTC"

    @Flag(help: "Print values in the typed encoding of the CEL conformance suite.")
    var typed = false

    @Flag(help: "Read conformance requests (JSON Lines of expr, bindings, container) from stdin; answer one line each.")
    var conformance = false

    func validate() throws {
        if conformance == (expression != nil) {
            throw ValidationError("give either an expression or --conformance")
        }
    }

    func run() throws {
        let zone: TimeZoneSpec
        do { zone = try TimeZoneSpec(timezone) } catch {
            throw ValidationError("--timezone: \(error.message)")
        }
        let context = LibraryContext(timeZone: zone)
        if conformance {
            try ConformanceProtocol(context: context).run()
            return
        }
        guard let expression else { return }
        var bindings: [String: Value] = [:]
        if let snapshot {
            let bytes = try StandardStreams.readAll(snapshot)
            guard case .map(let object) = try decodeJSON(bytes, what: snapshot) else {
                throw ValidationError("--snapshot: `\(snapshot)` must hold a JSON object")
            }
            for (key, value) in zip(object.keys, object.values) {
                if case .string(let name) = key { bindings[name] = value }
            }
        }
        for spec in variables {
            guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex else {
                throw ValidationError("--var expects NAME=JSON, got `\(spec)`")
            }
            let name = String(spec[..<eq])
            bindings[name] = try decodeJSON(Array(spec[spec.index(after: eq)...].utf8), what: "--var \(name)")
        }

        var environment = Environment(context: context)
        for name in bindings.keys.sorted() { environment.declare(name, .dyn) }
        let program: Program
        do {
            program = try environment.compile(expression)
        } catch {
            StandardStreams.error(DiagnosticRenderer(colored: StandardStreams.stderrIsTerminal).render(error))
            throw ExitStatus.usage
        }
        let result = program.evaluate(Activation(environment: environment, bindings: bindings))
        if case .error(let e) = result {
            let diagnostic = Diagnostic(code: "eval.error", message: e.message, range: {
                let offset = program.sourceInfo.offset(of: e.exprID)
                return offset..<(offset + 1)
            }())
            StandardStreams.error(DiagnosticRenderer(colored: StandardStreams.stderrIsTerminal).render(diagnostic, in: program.sourceInfo.source))
            throw ExitStatus.evaluationErrors
        }
        var writer = JSONWriter()
        if typed { TypedValueJSON.encode(result, into: &writer) } else { writer.value(result) }
        writer.bytes.append(UInt8(ascii: "\n"))
        try StandardStreams.write(writer.bytes)
    }

    private func decodeJSON(_ bytes: [UInt8], what: String) throws -> Value {
        do { return try JSONReader().read(bytes) } catch {
            throw ValidationError("\(what): invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
    }
}
