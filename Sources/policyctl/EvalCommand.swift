import ArgumentParser
import CEL
import Engine
import Foundation

/// `policyctl eval`: the main job. Snapshots in, one decision (or error line) per snapshot
/// out, in order, using every core.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate account snapshots against the policies and print one decision per snapshot (NDJSON).",
        discussion: """
            Input: NDJSON, a JSON array or one JSON object, from files or stdin (-). Output: \
            one line per snapshot, in input order; a snapshot that cannot be evaluated gets an \
            error line in its place. A summary goes to stderr. Exit 0 when everything evaluated \
            without error, 1 when some snapshots or rules had errors, 2 for an invalid policy or \
            usage, 3 for an I/O failure.

            Example:
              policyctl eval --policy policies examples/snapshots.ndjson
            """
    )

    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var asOfOptions: AsOfOptions

    @Flag(help: "Print one indented JSON document (for people) instead of NDJSON.")
    var pretty = false

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp(
        "Evaluation steps one snapshot may take (default: \(Activation.defaultStepBudget)); past it, the snapshot gets a budget_exceeded error line.",
        valueName: "n"))
    var maxSteps: Int = Activation.defaultStepBudget

    @Option(help: ArgumentHelp(
        "The input is the part of an NDJSON file after line n (a partition cut out of it): output lines are numbered from n + 1, and the input is read as NDJSON only.",
        valueName: "n"))
    var lineOffset: Int?

    @Argument(help: ArgumentHelp("Snapshot files, or - for stdin (the default).", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        guard maxSteps > 0 else { throw ValidationError("--max-steps must be a positive number of steps") }
        // The cap keeps every line number exact as a JSON number (2^53) and far from overflow.
        if let lineOffset, lineOffset < 0 || lineOffset >= 1 << 53 {
            throw ValidationError("--line-offset must be a line number from 0 to 9007199254740991 (got \(lineOffset))")
        }
    }

    func run() throws {
        let selector = try policyOptions.load()
        let asOf = try asOfOptions.parse()
        let inputs = try StandardStreams.openInputs(files)
        let defaultAsOf = try AsOfOptions.currentTime()
        let workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let evaluator = StreamEvaluator(workers: workers, pretty: pretty, lineOffset: lineOffset) {
            // Several workers each evaluate their own copy of a policy (see LineProcessor).
            LineProcessor(selector: selector, asOfOverride: asOf, defaultAsOf: defaultAsOf, ownsPolicies: workers > 1,
                          stepBudget: maxSteps)
        }
        let progress = ProgressLine(enabled: StandardStreams.stderrIsTerminal)
        let stats: EvalStats
        do {
            stats = try evaluator.run(inputs: inputs, write: { try StandardStreams.write($0) }, progress: progress.update)
        } catch StreamError.readFailed {
            StandardStreams.error("policyctl: reading the input failed\n")
            throw ExitStatus.io
        }
        progress.clear()
        StandardStreams.error("evaluated \(stats.evaluated), actions \(stats.actions), errors \(stats.errors)\n")
        if stats.errors > 0 { throw ExitStatus.evaluationErrors }
    }
}

/// The progress display on a terminal: one line on stderr, rewritten at most every 0.2 s.
final class ProgressLine {
    let enabled: Bool
    private var last = Date.distantPast

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ stats: EvalStats) {
        guard enabled, Date().timeIntervalSince(last) > 0.2 else { return }
        last = Date()
        StandardStreams.error("\r\u{1B}[2Kevaluated \(stats.evaluated), actions \(stats.actions), errors \(stats.errors)…")
    }

    func clear() {
        if enabled { StandardStreams.error("\r\u{1B}[2K") }
    }
}
