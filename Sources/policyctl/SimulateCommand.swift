import ArgumentParser
import CEL
import Engine
import Foundation

/// `policyctl simulate`: one account's timeline if nothing else happens (or if it pays on
/// a date): each required action on the day it becomes due, carried out and recorded.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Play one account forward: the actions the policy requires, when, if nothing else happens.",
        discussion: """
            Starts at --as-of, else the snapshot's as_of, else now. At each step the snapshot \
            is evaluated; every action whose not_before has come is carried out at that instant \
            and recorded in the snapshot as an integrator would record it (notices, approvals, \
            supply); then the simulation steps to the next not_before, next_review_at or \
            payment, until --days have passed. --pay-on adds a payment at 09:00 (policy time \
            zone) that settles bills oldest first, by default all the arrears. The table (or \
            --format json) ends with when supply is cut and after what. Exits 0, or 1 when an \
            evaluation error or a policy loop was found or the snapshot is invalid, 2 for \
            usage or an invalid policy, 3 when the snapshot cannot be read (docs/reviewers.md).

            Examples:
              policyctl simulate --policy policies examples/household.json --days 60
              policyctl simulate --policy policies/yongdeng.yaml account.json --days 60 --pay-on 2026-10-12 --format json
            """
    )

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup var asOfOptions: AsOfOptions

    @Option(help: ArgumentHelp("How many days to simulate from the start.", valueName: "n"))
    var days: Int

    @Option(name: .customLong("pay-on"), help: ArgumentHelp("The customer pays at 09:00 on this date (YYYY-MM-DD, policy time zone).", valueName: "date"))
    var payOn: String?

    @Option(help: ArgumentHelp("The amount paid with --pay-on (default: all the arrears then overdue).", valueName: "yuan"))
    var amount: String?

    @Option(help: "Output format: text (a table) or json.")
    var format: Format = .text

    @Argument(help: ArgumentHelp("The account snapshot: a JSON file with one object, or - for stdin.", valueName: "snapshot"))
    var snapshot: String

    func validate() throws {
        guard (1...3_660).contains(days) else { throw ValidationError("--days must be between 1 and 3660") }
        if amount != nil, payOn == nil { throw ValidationError("--amount needs --pay-on") }
        if let payOn, (try? CivilDate(parsing: payOn)) == nil { throw ValidationError("--pay-on: `\(payOn)` is not a date (YYYY-MM-DD)") }
        if let amount {
            guard let value = try? CELDecimal(parsing: amount), value > .zero else {
                throw ValidationError("--amount: `\(amount)` is not a positive decimal amount")
            }
        }
    }

    func run() throws {
        let selector = try policyOptions.load()
        let asOf = try asOfOptions.parse()
        let input = try SingleSnapshot(path: snapshot, selector: selector)
        let (json, decoded, policy) = (input.json, input.decoded, input.policy)
        let start = try asOf ?? decoded.asOf ?? AsOfOptions.currentTime()
        var payment: PlannedPayment?
        if let payOn, let date = try? CivilDate(parsing: payOn) {
            let value = amount.flatMap { try? CELDecimal(parsing: $0) }
            guard let planned = try? PlannedPayment(on: date, amount: value, zone: policy.timeZone) else {
                throw ValidationError("--pay-on: `\(payOn)` is out of range")
            }
            guard planned.at >= start else {
                throw ValidationError("--pay-on: \(payOn) 09:00 is before the simulation starts (\(start.rfc3339(in: policy.timeZone)))")
            }
            payment = planned
        }

        let timeline: Timeline
        do { timeline = try Simulator(policy: policy).run(json, from: start, days: days, payment: payment) } catch {
            StandardStreams.error("policyctl: `\(snapshot)`: invalid snapshot at `\(error.path)`: \(error.message)\n")
            throw ExitStatus.evaluationErrors
        }
        switch format {
        case .text:
            try StandardStreams.write(Array(TimelineText.render(timeline).utf8))
        case .json:
            var w = JSONWriter(pretty: true)
            TimelineJSON.write(timeline, into: &w)
            try StandardStreams.write(w.bytes + [UInt8(ascii: "\n")])
        }
        if timeline.count(.warning) > 0 || timeline.count(.error) > 0 { throw ExitStatus.evaluationErrors }
    }
}
