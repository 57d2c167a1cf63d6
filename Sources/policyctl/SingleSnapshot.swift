import CEL
import Engine
import Policy

/// One snapshot read from a file (or `-`) for the commands that look at one account
/// (`explain`, `simulate`), with the policy its `bureau` picks. Problems are reported on
/// stderr and exit 1, as an evaluation error (3 when the file cannot be read).
struct SingleSnapshot {
    /// The snapshot as JSON (what an integrator sends).
    let json: Value
    /// The snapshot typed by the contract's schema.
    let decoded: DecodedSnapshot
    /// The policy that evaluates it.
    let policy: CompiledPolicy

    init(path: String, selector: PolicySelector) throws {
        do { json = try JSONReader().read(try StandardStreams.readAll(path)) } catch let error as JSONReadError {
            StandardStreams.error("policyctl: `\(path)`: invalid JSON at column \(error.column): \(error.message)\n")
            throw ExitStatus.evaluationErrors
        }
        do { decoded = try SnapshotDecoder.decode(json) } catch {
            StandardStreams.error("policyctl: `\(path)`: invalid snapshot at `\(error.path)`: \(error.message)\n")
            throw ExitStatus.evaluationErrors
        }
        guard let policy = selector.policy(for: decoded.bureau) else {
            StandardStreams.error("policyctl: " + selector.missingPolicyMessage(for: decoded.bureau) + "\n")
            throw ExitStatus.evaluationErrors
        }
        self.policy = policy
    }
}
