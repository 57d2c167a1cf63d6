import CEL
import Policy

/// Counts over a run, for the summary line and the exit code.
public struct EvalStats: Sendable {
    public var evaluated = 0
    public var actions = 0
    /// Input lines that were refused plus decisions that carry errors.
    public var errors = 0

    public init() {}

    /// Counts one line's outcome: a refused line is an error, and so is a decision with
    /// rule errors.
    public mutating func count(_ outcome: LineOutcome) {
        switch outcome {
        case .decided(let d):
            evaluated += 1
            actions += d.decision.actions.count
            if !d.decision.errors.isEmpty { errors += 1 }
        case .refused:
            errors += 1
        }
    }

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
    let ownsPolicies: Bool
    let stepBudget: Int
    let runsTypedPlans: Bool
    // The run-time exclusivity check on these (~80 instructions per access, per line) is
    // off: a processor is used by one thread, and no access to one of them is held while
    // another is made.
    @exclusivity(unchecked) private var evaluators: [String: PolicyEvaluator] = [:]
    @exclusivity(unchecked) private var evaluatorsByBureau: [String: PolicyEvaluator] = [:]
    private let reader = JSONReader()
    /// The fast path for JSON text; `reader` and ``SnapshotDecoder`` decide what it declines.
    @exclusivity(unchecked) private var fastDecoder: FastSnapshotDecoder

    /// - Parameters:
    ///   - asOfOverride: `--as-of`, which wins over each snapshot's `as_of`.
    ///   - defaultAsOf: the instant for snapshots without `as_of` (the current time).
    ///   - ownsPolicies: whether this processor evaluates its own copy of each policy it uses
    ///     (``CompiledPolicy/independentCopy()``), so that threads share no policy objects:
    ///     for one of several worker threads on a long run.
    ///   - stepBudget: the steps evaluating one snapshot may take (``CEL/Activation/stepBudget``);
    ///     a snapshot that needs more gets a `budget_exceeded` error line.
    ///   - runsTypedPlans: false to run the programs' boxed plans only
    ///     (``CEL/Activation/runsTypedPlans``): the reference for testing the typed ones.
    public init(selector: PolicySelector, asOfOverride: Timestamp?, defaultAsOf: Timestamp, ownsPolicies: Bool = false,
                stepBudget: Int = Activation.defaultStepBudget, runsTypedPlans: Bool = true) {
        self.selector = selector
        self.asOfOverride = asOfOverride
        self.defaultAsOf = defaultAsOf
        self.ownsPolicies = ownsPolicies
        self.stepBudget = stepBudget
        self.runsTypedPlans = runsTypedPlans
        fastDecoder = FastSnapshotDecoder(reader: reader, use: selector.recordUse)
    }

    /// Processes the JSON text of one line.
    public func process(_ bytes: UnsafeRawBufferPointer, line: Int, into w: inout JSONWriter, stats: inout EvalStats) {
        Self.write(outcome(bytes, line: line), into: &w, stats: &stats)
    }

    /// Processes one line cut by ``LineSource`` from `buffer`, its batch's bytes.
    func process(_ line: InputLine, in buffer: UnsafeRawBufferPointer, into w: inout JSONWriter, stats: inout EvalStats) {
        Self.write(outcome(line, in: buffer), into: &w, stats: &stats)
    }

    /// Processes a parsed snapshot.
    public func process(_ json: Value, line: Int, into w: inout JSONWriter, stats: inout EvalStats) {
        Self.write(outcome(json, line: line), into: &w, stats: &stats)
    }

    /// The outcome of one snapshot cut by ``LineSource`` from `buffer`: text over the limit
    /// is refused unread, a break in a document's structure is refused with its message.
    func outcome(_ line: InputLine, in buffer: UnsafeRawBufferPointer) -> LineOutcome {
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[line.range])
        switch line.kind {
        case .line:
            return outcome(bytes, line: line.number)
        case .element(let start):
            return outcome(bytes, line: line.number, startingAt: start)
        case .tooLong, .snapshotTooLong:
            let what = line.kind == .tooLong ? "line" : "snapshot"
            return .refused(.init(line: line.number, accountID: nil, code: "invalid_snapshot", path: "",
                                  message: "\(what) longer than \(StreamEvaluator.maxLineBytes) bytes"))
        case .broken(let message):
            return .refused(.init(line: line.number, accountID: nil, code: "invalid_snapshot", path: "", message: message))
        }
    }

    /// The outcome of the JSON text of one line: decoded by the fast decoder, or when it
    /// declines, read and decoded by the slow path, which also reports what is wrong.
    public func outcome(_ bytes: UnsafeRawBufferPointer, line: Int) -> LineOutcome {
        outcome(bytes, line: line, startingAt: nil)
    }

    /// ``outcome(_:line:)`` for the text of a line or, with `start`, of a document's snapshot
    /// (which may span lines): a JSON error is placed by its column in the line, or by its
    /// line and column in the input.
    func outcome(_ bytes: UnsafeRawBufferPointer, line: Int, startingAt start: DocumentCutter.Position?) -> LineOutcome {
        if let snapshot = fastDecoder.decode(bytes) { return outcome(snapshot, line: line) }
        let json: Value
        do { json = try reader.read(bytes) } catch {
            let place: String
            if let start {
                let column = error.line == 1 ? start.column + error.column - 1 : error.column
                place = "line \(start.line + error.line - 1), column \(column)"
            } else {
                place = "column \(error.column)"
            }
            return .refused(.init(line: line, accountID: nil, code: "invalid_snapshot", path: error.path,
                                  message: "invalid JSON at \(place): \(error.message)"))
        }
        return outcome(json, line: line)
    }

    /// The outcome of a parsed snapshot.
    public func outcome(_ json: Value, line: Int) -> LineOutcome {
        let snapshot: DecodedSnapshot
        do { snapshot = try SnapshotDecoder.decode(json) } catch {
            return .refused(.init(line: line, accountID: error.accountID, code: "invalid_snapshot", path: error.path,
                                  message: error.message))
        }
        return outcome(snapshot, line: line)
    }

    /// The outcome of a decoded snapshot.
    private func outcome(_ snapshot: DecodedSnapshot, line: Int) -> LineOutcome {
        guard let evaluator = evaluator(forBureau: snapshot.bureau) else {
            return .refused(.init(line: line, accountID: snapshot.accountID, code: "unknown_bureau", path: "bureau",
                                  message: selector.missingPolicyMessage(for: snapshot.bureau)))
        }
        let decision = evaluator.evaluate(snapshot, asOf: asOfOverride ?? snapshot.asOf ?? defaultAsOf, line: line)
        if let site = decision.budgetExceeded {
            return .refused(.init(line: line, accountID: snapshot.accountID, code: "budget_exceeded", path: "",
                                  message: "evaluation budget of \(stepBudget) steps exceeded in `\(site)`"))
        }
        return .decided(.init(decision: decision, bureau: snapshot.bureau, zone: evaluator.policy.timeZone, snapshot: snapshot))
    }

    /// Writes an outcome as one output line and counts it.
    static func write(_ outcome: LineOutcome, into w: inout JSONWriter, stats: inout EvalStats) {
        switch outcome {
        case .decided(let d):
            DecisionJSON.write(d.decision, zone: d.zone, into: &w)
        case .refused(let r):
            DecisionJSON.errorLine(line: r.line, accountID: r.accountID, code: r.code, path: r.path, message: r.message, into: &w)
        }
        stats.count(outcome)
        w.endLine()
    }

    /// This thread's evaluator for snapshots of `bureau`, or nil when no policy takes them.
    /// Found by bureau first, so that a snapshot touches only this thread's objects.
    private func evaluator(forBureau bureau: String?) -> PolicyEvaluator? {
        if let bureau, let known = evaluatorsByBureau[bureau] { return known }
        guard let policy = selector.policy(for: bureau) else { return nil }
        let evaluator = evaluators[policy.id] ?? PolicyEvaluator(policy: ownsPolicies ? policy.independentCopy() : policy, stepBudget: stepBudget,
                                                                 runsTypedPlans: runsTypedPlans)
        evaluators[policy.id] = evaluator
        if let bureau { evaluatorsByBureau[bureau] = evaluator }
        return evaluator
    }
}
