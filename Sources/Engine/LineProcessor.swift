import CEL
import Policy

/// Counts over a run, for the summary line and the exit code.
public struct EvalStats: Sendable {
    public var evaluated = 0
    public var actions = 0
    /// Input lines that were refused plus decisions that carry errors.
    public var errors = 0

    public init() {}

    public mutating func add(_ other: EvalStats) {
        evaluated += other.evaluated
        actions += other.actions
        errors += other.errors
    }
}

/// Turns one input snapshot (JSON text or an already parsed value) into exactly one output
/// line: a decision or an error line. One per thread (it owns policy evaluators).
public final class LineProcessor {
    let selector: PolicySelector
    let asOfOverride: Timestamp?
    let defaultAsOf: Timestamp
    private var evaluators: [String: PolicyEvaluator] = [:]
    private let reader = JSONReader()

    /// - Parameters:
    ///   - asOfOverride: `--as-of`, which wins over each snapshot's `as_of`.
    ///   - defaultAsOf: the instant for snapshots without `as_of` (the current time).
    public init(selector: PolicySelector, asOfOverride: Timestamp?, defaultAsOf: Timestamp) {
        self.selector = selector
        self.asOfOverride = asOfOverride
        self.defaultAsOf = defaultAsOf
    }

    /// Processes the JSON text of one line.
    public func process(_ bytes: UnsafeRawBufferPointer, line: Int, into w: inout JSONWriter, stats: inout EvalStats) {
        let json: Value
        do { json = try reader.read(bytes) } catch {
            DecisionJSON.errorLine(line: line, accountID: nil, code: "invalid_snapshot", path: error.path,
                                   message: "invalid JSON at column \(error.column): \(error.message)", into: &w)
            finishLine(&w)
            stats.errors += 1
            return
        }
        process(json, line: line, into: &w, stats: &stats)
    }

    /// Processes a parsed snapshot.
    public func process(_ json: Value, line: Int, into w: inout JSONWriter, stats: inout EvalStats) {
        defer { finishLine(&w) }
        let snapshot: DecodedSnapshot
        do { snapshot = try SnapshotDecoder.decode(json) } catch {
            DecisionJSON.errorLine(line: line, accountID: error.accountID, code: "invalid_snapshot", path: error.path,
                                   message: error.message, into: &w)
            stats.errors += 1
            return
        }
        guard let policy = selector.policy(for: snapshot.bureau) else {
            DecisionJSON.errorLine(line: line, accountID: snapshot.accountID, code: "unknown_bureau", path: "bureau",
                                   message: snapshot.bureau.map { "no policy for bureau `\($0)`" } ?? "the snapshot names no `bureau`",
                                   into: &w)
            stats.errors += 1
            return
        }
        let evaluator = evaluator(for: policy)
        let decision = evaluator.evaluate(snapshot, asOf: asOfOverride ?? snapshot.asOf ?? defaultAsOf, line: line)
        DecisionJSON.write(decision, zone: policy.timeZone, into: &w)
        stats.evaluated += 1
        stats.actions += decision.actions.count
        if !decision.errors.isEmpty { stats.errors += 1 }
    }

    private func evaluator(for policy: CompiledPolicy) -> PolicyEvaluator {
        if let e = evaluators[policy.id] { return e }
        let e = PolicyEvaluator(policy: policy)
        evaluators[policy.id] = e
        return e
    }

    private func finishLine(_ w: inout JSONWriter) {
        w.bytes.append(UInt8(ascii: "\n"))
    }
}
