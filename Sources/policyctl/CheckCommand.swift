import ArgumentParser
import CEL
import Policy

/// `policyctl check`: validates policies and reports every problem at its place.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate policies: YAML, keys, types of every expression, references, citations.",
        discussion: """
            Exits 0 when the policies are valid (warnings allowed unless --strict) and 2 when \
            any has an error. Human diagnostics go to stderr; --format json writes one JSON \
            document to stdout for editors and CI.
            """
    )

    @Argument(help: ArgumentHelp("Policy files or directories.", valueName: "path"))
    var paths: [String] = ["policies"]

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("The date calendars are checked against (YYYY-MM-DD; default: today, in UTC): a bureau's calendar ending within \(PolicyCompiler.calendarHorizonDays) days of it is a warning.", valueName: "date"))
    var today: String?

    func run() throws {
        let library = PolicyLibrary(paths: paths)
        let diagnostics = library.check(today: try checkDate()).diagnostics
        let sorted = diagnostics.sorted
        let (errors, warnings) = diagnostics.counts
        switch format {
        case .json:
            try StandardStreams.write(DiagnosticJSON.document(diagnostics, policies: library.requested))
        case .text:
            let renderer = DiagnosticRenderer(colored: StandardStreams.stderrIsTerminal)
            StandardStreams.error(sorted.map { renderer.render($0.diagnostic, in: $0.file) }.joined())
            if let dropped = diagnostics.droppedSummary { StandardStreams.error(dropped + "\n") }
        }
        let checked = library.requested.count
        StandardStreams.error("checked \(checked) \(checked == 1 ? "policy" : "policies"): \(errors) \(errors == 1 ? "error" : "errors"), \(warnings) \(warnings == 1 ? "warning" : "warnings")\n")
        if diagnostics.hasErrors(strict: strict) || checked == 0 { throw ExitStatus.usage }
    }
}

extension CheckCommand {
    /// `--today`, or the current date in UTC.
    func checkDate() throws -> CivilDate { try Self.checkDate(today) }

    /// The date `--today` gives (`text`), or the current date in UTC: for `check` and `lsp`.
    static func checkDate(_ text: String?) throws -> CivilDate {
        guard let text else { return try AsOfOptions.currentTime().civil(in: .utc).date }
        do { return try CivilDate(parsing: text) } catch {
            throw ValidationError("--today: \(error.message)")
        }
    }
}

/// Output formats of commands that print diagnostics or reports.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
