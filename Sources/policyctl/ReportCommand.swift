import ArgumentParser
import Engine
import Foundation

/// `policyctl report`: one page that sums up a batch of decisions.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Sum up a batch of decisions as one self-contained HTML page or as Markdown.",
        discussion: """
            Evaluates the snapshots as eval does and reports totals by action, tier and bureau, \
            the dunning funnel (reminders, second notices, red notices, suspensions, \
            restorations), every blocked action with its reason, every violation with its \
            citation, and every error. The HTML page needs no network and no script. The \
            numbers are eval's: the same decisions, counted the same way. Exits as eval does: \
            0, or 1 when some snapshots or rules had errors (the report lists them); 2 for usage \
            or an invalid policy, 3 for an I/O failure.

            Example:
              policyctl report --policy policies examples/snapshots.ndjson --out report.html
            """
    )

    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var asOfOptions: AsOfOptions

    @Option(help: ArgumentHelp("Write the report to this file instead of stdout.", valueName: "file"))
    var out: String?

    @Option(help: "Report format: html or markdown.")
    var format: BatchReportFormat = .html

    @Flag(help: "Add the audit of each account's history (as `policyctl audit`), totalled per rule and verdict.")
    var audit = false

    @Argument(help: ArgumentHelp("Snapshot files, or - for stdin (the default).", valueName: "file"))
    var files: [String] = []

    func run() throws {
        let selector = try policyOptions.load()
        let asOf = try asOfOptions.parse()
        let defaultAsOf = try AsOfOptions.currentTime()
        let inputs = try StandardStreams.openInputs(files)
        let evaluator = SequentialEvaluator {
            [LineProcessor(selector: selector, asOfOverride: asOf, defaultAsOf: defaultAsOf)]
        }
        let report: BatchReport
        do {
            var initial = BatchReport()
            if audit { initial.audit = AuditReport() }
            report = try evaluator.fold(inputs: inputs, into: initial) { report, outcomes in
                for outcome in outcomes {
                    report.add(outcome)
                    if case .decided(let d) = outcome, report.audit != nil, let policy = selector.policy(for: d.bureau) {
                        report.audit?.accounts.append(Auditor(policy: policy).audit(d.snapshot, until: d.decision.asOf, line: d.decision.line))
                    }
                }
            }
        } catch {
            StandardStreams.error("policyctl: reading the input failed\n")
            throw ExitStatus.io
        }
        let names = files.isEmpty ? ["stdin"] : files.map { $0 == "-" ? "stdin" : $0 }
        let title = "policyctl report"
        let text = switch format {
        case .html: HTMLReport.render(report, title: title, inputs: names)
        case .markdown: MarkdownReport.render(report, title: title, inputs: names)
        }
        if let out {
            try StandardStreams.write(Array(text.utf8), toFile: out)
        } else {
            try StandardStreams.write(Array(text.utf8))
        }
        let stats = report.stats
        StandardStreams.error("evaluated \(stats.evaluated), actions \(stats.actions), errors \(stats.errors)\n")
        if stats.errors > 0 { throw ExitStatus.evaluationErrors }
    }
}

/// Formats of `policyctl report`.
enum BatchReportFormat: String, ExpressibleByArgument, CaseIterable {
    case html
    case markdown
}
