import ArgumentParser
import CEL
import Engine
import Policy

/// `policyctl expr`: evaluates one CEL expression, for policy authors trying things out,
/// or runs the CEL conformance protocol on stdin.
struct ExprCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate a CEL expression and print its value as JSON.",
        discussion: """
            Variables come from --var (NAME=JSON) and from the top-level fields of a \
            --snapshot file, typed as `eval` types them (money as decimals, dates, times; \
            the whole snapshot as `snapshot`). --calendar gives the working-day functions a \
            holiday calendar. A syntax or type error exits 2 with the place marked; a \
            runtime error exits 1.

            Examples:
              policyctl expr "decimal('312.40') * 2"
              policyctl expr "bills.map(b, b.amount - b.paid).sum()" --snapshot examples/household.json
              policyctl expr "add_workdays(date('2026-09-30'), 1)" --calendar policies/calendars/cn-2026.yaml
              policyctl expr --conformance < cases.jsonl
            """
    )

    @Argument(help: "The expression, e.g. \"size(bills) > 2\".")
    var expression: String?

    @Option(name: .customLong("var"), help: ArgumentHelp("Bind a variable to a JSON value.", valueName: "name=JSON"))
    var variables: [String] = []

    @Option(help: ArgumentHelp("Bind the top-level fields of a JSON snapshot as variables.", valueName: "file"))
    var snapshot: String?

    @Option(help: ArgumentHelp("A calendar file (holidays and make-up working days) for the working-day functions.", valueName: "file"))
    var calendar: String?

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
        var context = LibraryContext(timeZone: zone)
        if let calendar {
            var diagnostics = DiagnosticBag()
            guard let document = CalendarDocument.read(path: calendar, diagnostics: &diagnostics) else {
                let renderer = DiagnosticRenderer(colored: StandardStreams.stderrIsTerminal)
                StandardStreams.error(diagnostics.sorted.map { renderer.render($0.diagnostic, in: $0.file) }.joined())
                throw ValidationError("--calendar: `\(calendar)` is not a valid calendar file")
            }
            context.calendar = document.calendar
        }
        if conformance {
            try ConformanceProtocol(context: context).run()
            return
        }
        guard let expression else { return }
        var bindings: [String: Value] = [:]
        if let snapshot {
            let json = try decodeJSON(try StandardStreams.readAll(snapshot), what: snapshot)
            do {
                let decoded = try SnapshotDecoder.decode(json)
                for (name, value) in decoded.fields { bindings[name] = value }
                bindings["snapshot"] = decoded.whole
            } catch {
                throw ValidationError("--snapshot: invalid snapshot at `\(error.path)`: \(error.message)")
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
        writer.endLine()
        try StandardStreams.write(writer.bytes)
    }

    private func decodeJSON(_ bytes: [UInt8], what: String) throws -> Value {
        do { return try JSONReader().read(bytes) } catch {
            throw ValidationError("\(what): invalid JSON at line \(error.line), column \(error.column): \(error.message)")
        }
    }
}
