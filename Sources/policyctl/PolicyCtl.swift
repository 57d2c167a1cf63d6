import ArgumentParser
import Foundation

/// The `policyctl` command: checks and evaluates dunning and outage policies.
struct PolicyCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policyctl",
        abstract: "Check and evaluate electricity-bureau dunning and outage policies.",
        version: "0.1.0",
        subcommands: [EvalCommand.self, CheckCommand.self, ExprCommand.self, TestCommand.self, SchemaCommand.self, SimulateCommand.self, DiffCommand.self, ReportCommand.self, ExplainCommand.self, AuditCommand.self]
    )
}

/// Runs the command and maps every outcome to the contract's exit codes: a bad flag is a
/// usage error (2, where the argument parser would say 64); `--help` and `--version` exit 0.
@main
enum Main {
    static func main() {
        do {
            var command = try PolicyCtl.parseAsRoot()
            try command.run()
            finish(.success)
        } catch let status as ExitStatus {
            finish(status)
        } catch {
            let code = PolicyCtl.exitCode(for: error)
            if code == .success {
                try? StandardStreams.writeLine(PolicyCtl.fullMessage(for: error))
                finish(.success)
            }
            FileHandle.standardError.write(Data((PolicyCtl.fullMessage(for: error) + "\n").utf8))
            finish(.usage)
        }
    }

    static func finish(_ status: ExitStatus) -> Never {
        exit(status.rawValue)
    }
}
