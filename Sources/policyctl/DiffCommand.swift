import ArgumentParser
import Engine
import Foundation

/// `policyctl diff`: the same snapshots under two policy versions; which decisions change.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show which decisions change between two policy versions, per account and summarised.",
        discussion: """
            Evaluates every snapshot under the base and the head policy (files or directories, \
            as --policy takes them) and reports, per account, the actions added (+), removed (-) \
            or changed (~: window, channels, data, reason, citation), blocked actions, violations \
            and errors that appear or go away, and tier changes; then counts by action, tier and \
            bureau. Accounts whose only change is next_review_at are listed apart and do not count \
            as changed. Exits 0, or with --exit-code 1 when any account changed; 2 for usage or an \
            invalid policy, 3 for an I/O failure.

            Examples:
              policyctl diff --base main/policies --head policies snapshots.ndjson
              policyctl diff --base old.yaml --head new.yaml --exit-code < batch.ndjson
            """
    )

    @Option(help: ArgumentHelp("The policy version to compare from: a file or a directory.", valueName: "file|dir"))
    var base: String

    @Option(help: ArgumentHelp("The policy version to compare to: a file or a directory.", valueName: "file|dir"))
    var head: String

    @OptionGroup var bureau: AnyBureauOption
    @OptionGroup var asOfOptions: AsOfOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Exit 1 when any account's decision changed (for CI).")
    var exitCode = false

    @Argument(help: ArgumentHelp("Snapshot files, or - for stdin (the default).", valueName: "file"))
    var files: [String] = []

    func run() throws {
        let baseSelector = try PolicyOptions.load(base, option: "--base", anyBureau: bureau.anyBureau)
        let headSelector = try PolicyOptions.load(head, option: "--head", anyBureau: bureau.anyBureau)
        try bureau.check([baseSelector, headSelector])
        let asOf = try asOfOptions.parse()
        let defaultAsOf = try AsOfOptions.currentTime()
        let inputs = try StandardStreams.openInputs(files)
        let evaluator = SequentialEvaluator {
            [baseSelector, headSelector].map { LineProcessor(selector: $0, asOfOverride: asOf, defaultAsOf: defaultAsOf) }
        }
        let diff: PolicyDiff
        do {
            diff = try evaluator.fold(inputs: inputs, into: PolicyDiff()) { diff, outcomes in
                diff.add(base: outcomes[0], head: outcomes[1])
            }
        } catch {
            StandardStreams.error("policyctl: reading the input failed\n")
            throw ExitStatus.io
        }
        switch format {
        case .text: try StandardStreams.write(Array(DiffTextReport.render(diff, base: base, head: head).utf8))
        case .json: try StandardStreams.write(DiffJSONReport.render(diff, base: base, head: head))
        }
        StandardStreams.error("compared \(diff.snapshots), changed \(diff.accounts.count); errors: base \(diff.baseStats.errors), head \(diff.headStats.errors)\n")
        // --exit-code: 1 means "changed", as `git diff --exit-code` has it.
        if exitCode, diff.hasChanges { throw ExitStatus.evaluationErrors }
    }
}
