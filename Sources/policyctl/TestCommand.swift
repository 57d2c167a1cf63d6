import ArgumentParser
import CEL
import Engine
import Policy

/// `policyctl test`: runs policy test files and reports each case, with rule coverage.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run policy test files (*.test.yaml): given a snapshot and an instant, check the decision.",
        discussion: """
            Finds *.test.yaml files under the given files or directories (recursively); each \
            names a policy, looked up beside the test file, then in its parent directory. The \
            report goes to stdout (text, or JUnit XML with --format junit); problems in test \
            files and the `N passed, M failed` summary go to stderr. Exits 0 when every case \
            passed, 1 when any failed, 2 for an invalid test file, snapshot or policy (see \
            docs/testing.md).

            Examples:
              policyctl test
              policyctl test policies/tests/yongdeng.test.yaml --filter reminder
              policyctl test policies --coverage --format junit > junit.xml
            """
    )

    @Argument(help: ArgumentHelp("Test files, or directories searched for *.test.yaml.", valueName: "path"))
    var paths: [String] = ["policies"]

    @Flag(help: "Report the rules no case made fire, per policy, and the coverage figure.")
    var coverage = false

    @Option(help: "Report format: text or junit.")
    var format: TestReportFormat = .text

    @Option(help: ArgumentHelp("Run only the cases whose name contains this text (ignoring case).", valueName: "name"))
    var filter: String?

    func run() throws {
        let result = PolicyTestRunner(filter: filter).run(paths: paths)
        let diagnostics = result.diagnostics
        if !diagnostics.sorted.isEmpty {
            let renderer = DiagnosticRenderer(colored: StandardStreams.stderrIsTerminal)
            StandardStreams.error(diagnostics.sorted.map { renderer.render($0.diagnostic, in: $0.file) }.joined())
            if let dropped = diagnostics.droppedSummary { StandardStreams.error(dropped + "\n") }
        }
        switch format {
        case .text:
            try StandardStreams.write(Array(TestTextReport.render(result, coverage: coverage).utf8))
        case .junit:
            try StandardStreams.write(Array(JUnitReport.render(result, coverage: coverage).utf8))
            if coverage { StandardStreams.error(result.coverage.text) }
        }
        if result.files.isEmpty, !diagnostics.hasErrors() {
            StandardStreams.error("policyctl: no *.test.yaml files in \(paths.map { "`\($0)`" }.joined(separator: ", "))\n")
            throw ExitStatus.usage
        }
        StandardStreams.error(TestTextReport.summary(result) + "\n")
        if result.isInvalid { throw ExitStatus.usage }
        if result.failed > 0 { throw ExitStatus.evaluationErrors }
    }
}

/// Report formats of `policyctl test`.
enum TestReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case junit
}
