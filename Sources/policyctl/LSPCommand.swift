import ArgumentParser
import LanguageServer
import Policy
#if canImport(Glibc)
import Glibc
#endif

/// `policyctl lsp`: the language server for policies, on stdin and stdout.
struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve the Language Server Protocol on stdin/stdout: check policies as they are edited.",
        discussion: """
            Editors start it and talk LSP 3.17 over stdin and stdout (docs/editors.md). Each \
            open policy is checked as `policyctl check DIR` checks its directory, with the \
            editor's unsaved text in place of the files. Exits 0 after `shutdown` and `exit` \
            or when stdin ends, 1 on `exit` without `shutdown`, 3 when stdout cannot be written.
            """
    )

    @Flag(help: "Talk over stdin and stdout (the only transport; accepted because editors pass it).")
    var stdio = false

    @Option(help: ArgumentHelp("The date calendars are checked against, as for `check` (YYYY-MM-DD; default: today, in UTC).", valueName: "date"))
    var today: String?

    func run() throws {
        let day = try CheckCommand.checkDate(today)
        let server = LanguageServer(input: FileDescriptorInput(descriptor: STDIN_FILENO), output: FileDescriptorOutput(descriptor: STDOUT_FILENO),
                                    today: day, log: { StandardStreams.error($0 + "\n") })
        switch server.run() {
        case .exit(afterShutdown: true), .endOfInput:
            return
        case .exit(afterShutdown: false):
            throw ExitStatus.evaluationErrors
        case .outputFailed(let reason):
            StandardStreams.error("policyctl: cannot write to stdout: \(reason)\n")
            throw ExitStatus.io
        }
    }
}
