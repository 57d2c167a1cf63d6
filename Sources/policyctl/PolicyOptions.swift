import ArgumentParser
import CEL
import Engine
import Foundation
import Policy

/// `--policy FILE|DIR`, shared by the commands that evaluate.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A policy file, or a directory whose <bureau>.yaml each snapshot's `bureau` picks.", valueName: "file|dir"))
    var policy: String = "policies"

    @OptionGroup var bureau: AnyBureauOption

    /// Loads and compiles the policies; any error is rendered and exits 2, so a bad policy
    /// never evaluates anything.
    func load() throws -> PolicySelector {
        let selector = try Self.load(policy, option: "--policy", anyBureau: bureau.anyBureau)
        try bureau.check([selector])
        return selector
    }

    /// Loads and compiles the policy file or directory `path`, given with `option` (named in
    /// messages): what `--policy` does, for commands that take policies under other names.
    /// `anyBureau` (`--any-bureau`) makes a policy file evaluate snapshots of every bureau
    /// (a directory is not changed by it).
    static func load(_ path: String, option: String, anyBureau: Bool) throws -> PolicySelector {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("\(option): `\(path)` does not exist")
        }
        let library = PolicyLibrary(paths: [path])
        var diagnostics = library.diagnostics
        var compiled: [String: CompiledPolicy] = [:]
        let ids = library.requested.filter { library.documents[$0].map { !$0.isAbstract } ?? false }
        for (id, outcome) in zip(ids, PolicyCompiler(library: library).outcomes(ids, diagnostics: &diagnostics)) {
            compiled[id] = outcome.compiled
        }
        if diagnostics.hasErrors() {
            let renderer = DiagnosticRenderer(colored: StandardStreams.stderrIsTerminal)
            StandardStreams.error(diagnostics.sorted.filter { $0.diagnostic.severity == .error }
                .map { renderer.render($0.diagnostic, in: $0.file) }.joined())
            StandardStreams.error("policyctl: invalid policy; nothing was evaluated (run `policyctl check \(path)`)\n")
            throw ExitStatus.usage
        }
        if isDirectory.boolValue {
            guard !compiled.isEmpty else { throw ValidationError("\(option): no policy in `\(path)`") }
            return .byBureau(compiled)
        }
        guard let id = library.requested.first, let single = compiled[id] else {
            throw ValidationError("\(option): `\(path)` is an abstract policy; evaluate a policy that extends it")
        }
        return .single(single, anyBureau: anyBureau)
    }
}

/// `--any-bureau`, for the commands that take a policy file.
struct AnyBureauOption: ParsableArguments {
    @Flag(help: "Evaluate every snapshot by the policy file, whatever its `bureau` (else a snapshot of another bureau is an `unknown_bureau` error).")
    var anyBureau = false

    /// Refuses `--any-bureau` when no policy it would apply to is a file (a directory's
    /// `<bureau>.yaml` is picked by each snapshot's `bureau`).
    func check(_ selectors: [PolicySelector]) throws {
        guard anyBureau, selectors.allSatisfy({ if case .byBureau = $0 { true } else { false } }) else { return }
        throw ValidationError("--any-bureau applies to a policy file, not to a directory of policies by bureau")
    }
}

/// `--as-of`, shared by the commands that evaluate.
struct AsOfOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The evaluation instant (RFC 3339), overriding each snapshot's as_of.", valueName: "time"))
    var asOf: String?

    func parse() throws -> Timestamp? {
        guard let asOf else { return nil }
        do { return try Timestamp(parsingRFC3339: asOf) } catch {
            throw ValidationError("--as-of: \(error.message)")
        }
    }

    /// The current time (whole seconds), for snapshots with no `as_of`.
    static func currentTime() throws -> Timestamp {
        do { return try Timestamp(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)), nanos: 0) } catch {
            throw ValidationError("the system clock is outside the timestamp range")
        }
    }
}
