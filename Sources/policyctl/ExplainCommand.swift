import ArgumentParser
import CEL
import Engine
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `policyctl explain`: a dry-run for a reviewer. One account's decision with the facts,
/// the tier and protections, and every rule with its citation, the values that decided its
/// condition, and its outcome.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one account's decision: every rule, its citation, the values that decided it, and its outcome.",
        discussion: """
            Evaluates the snapshot exactly as eval does, tracing every condition, and prints a \
            worksheet: the decision, the facts with their values, which tier matched and why, \
            which protections hold, then each rule in order (fired, not fired, blocked and by \
            what, not effective, error) with its citation and its conditions split into terms \
            with their values; ◀ marks the term that decided a condition. --format markdown \
            gives tables, --format json the whole model (with the decision as eval prints it). \
            Exits 0, or 1 when the decision has errors or the snapshot is invalid, 2 for usage \
            or an invalid policy, 3 when the snapshot cannot be read (docs/reviewers.md).

            Examples:
              policyctl explain --policy policies examples/household.json
              policyctl explain --policy policies/yongdeng.yaml account.json --rule suspend-supply
              policyctl explain --policy policies account.json --format markdown > worksheet.md
            """
    )

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var asOfOptions: AsOfOptions

    @Option(help: ArgumentHelp("Show only this rule (with the facts, tier and protections).", valueName: "id"))
    var rule: String?

    @Option(help: "Output format: text (a worksheet), json or markdown.")
    var format: Format = .text

    @Argument(help: ArgumentHelp("The account snapshot: a JSON file with one object, or - for stdin.", valueName: "snapshot"))
    var snapshot: String

    func run() throws {
        let selector = try policyOptions.load()
        let asOf = try asOfOptions.parse()
        let input = try SingleSnapshot(path: snapshot, selector: selector)
        let (decoded, policy) = (input.decoded, input.policy)
        var explanation = Explainer(policy: policy).explain(decoded, asOf: try asOf ?? decoded.asOf ?? AsOfOptions.currentTime())
        if let rule {
            guard let focused = explanation.only(rule: rule) else {
                let near = Suggestion.closest(to: rule, in: policy.rules.map(\.id))
                throw ValidationError("--rule: policy `\(policy.id)` has no rule `\(rule)`" + (near.map { "; did you mean `\($0)`?" } ?? ""))
            }
            explanation = focused
        }
        switch format {
        case .text:
            let colored = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            try StandardStreams.write(Array(ExplanationText(colored: colored).render(explanation).utf8))
        case .markdown:
            try StandardStreams.write(Array(ExplanationMarkdown.render(explanation).utf8))
        case .json:
            var w = JSONWriter(pretty: true)
            ExplanationJSON.write(explanation, into: &w)
            try StandardStreams.write(w.bytes + [UInt8(ascii: "\n")])
        }
        if !explanation.decision.errors.isEmpty { throw ExitStatus.evaluationErrors }
    }
}
