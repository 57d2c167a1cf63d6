import ArgumentParser
import CEL
import Engine
import Foundation

/// `policyctl audit`: replays each account's recorded history and says, for every step the
/// rules required, whether it was done on time, late, never, or done without being required.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Replay each account's history: every required step, when it was due, when it was done, the verdict.",
        discussion: """
            For each snapshot, evaluates the rules as of every recorded event, the instant \
            before it, and every deadline between them (each time with only what was known \
            then), and lists every action the rules required: when it became due, its window, \
            the record that carried it out, and the verdict (on_time, late, never_done, pending, \
            lapsed, done_without_requirement), with its rule and citation; then totals per rule \
            and verdict. The history ends at each snapshot's as_of (or --as-of). Exits 0, or 1 \
            when some snapshots could not be audited; 2 for usage or an invalid policy, 3 for \
            an I/O failure.

            Example:
              policyctl audit --policy policies examples/snapshots.ndjson --format markdown
            """
    )

    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var asOfOptions: AsOfOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: AuditFormat = .text

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
        let report: AuditReport
        do {
            report = try evaluator.fold(inputs: inputs, into: AuditReport()) { report, outcomes in
                for outcome in outcomes {
                    switch outcome {
                    case .decided(let d):
                        guard let policy = selector.policy(for: d.bureau) else { continue }
                        report.accounts.append(Auditor(policy: policy).audit(d.snapshot, until: d.decision.asOf, line: d.decision.line))
                    case .refused(let r):
                        report.refused.append(r)
                    }
                }
            }
        } catch {
            StandardStreams.error("policyctl: reading the input failed\n")
            throw ExitStatus.io
        }
        let text = switch format {
        case .json: AuditRendering.json(report)
        case .text: AuditRendering.text(report, markdown: false)
        case .markdown: AuditRendering.text(report, markdown: true)
        }
        try StandardStreams.write(Array(text.utf8))
        StandardStreams.error("audited \(report.accounts.count) accounts: \(report.findings) findings, \(report.refused.count) not audited\n")
        if !report.refused.isEmpty { throw ExitStatus.evaluationErrors }
    }
}

enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case markdown
}
