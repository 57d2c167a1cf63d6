import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `policyctl` command: checks and evaluates dunning and outage policies.
struct PolicyCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policyctl",
        abstract: "Check and evaluate electricity-bureau dunning and outage policies.",
        version: "0.1.0",
        subcommands: [EvalCommand.self, CheckCommand.self, ExprCommand.self, TestCommand.self, SchemaCommand.self, SimulateCommand.self, DiffCommand.self, ReportCommand.self, ExplainCommand.self, AuditCommand.self, LSPCommand.self]
    )
}

/// Runs the command and maps every outcome to the contract's exit codes: a bad flag is a
/// usage error (2, where the argument parser would say 64); `--help` and `--version` exit 0;
/// output that cannot be written, by any command, is an I/O failure (3).
@main
enum Main {
    static func main() {
        // A closed pipe is a failed write (EPIPE), reported and exiting 3, not a silent death.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try PolicyCtl.parseAsRoot()
            try command.run()
            finish(.success)
        } catch let status as ExitStatus {
            finish(status)
        } catch {
            let code = PolicyCtl.exitCode(for: error)
            if code == .success {
                do { try StandardStreams.writeLine(PolicyCtl.fullMessage(for: error)) } catch { finish(error) }
                finish(.success)
            }
            StandardStreams.error(PolicyCtl.fullMessage(for: error) + "\n")
            finish(.usage)
        }
    }

    /// Exits with `status`, after closing stdout: a write failure that the system reports only
    /// at close turns a clean exit into an I/O failure.
    static func finish(_ status: ExitStatus) -> Never {
        var status = status
        if status != .io, status != .usage {
            do { try StandardStreams.closeStandardOutput() } catch { status = error }
        }
        exit(status.rawValue)
    }
}
