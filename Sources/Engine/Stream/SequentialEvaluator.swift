import CEL
import Foundation

/// Evaluates snapshots one after the other, each by every processor in turn (one per policy
/// version), and folds the outcomes into a result: for commands that gather decisions
/// (`diff`, `report`) instead of streaming them as `eval` does with ``StreamEvaluator``.
///
/// The input is read as `eval` reads it (NDJSON, a JSON array or one object), and every
/// outcome is the one `eval` would print for that line. The work runs on one thread with an
/// evaluating thread's large stack.
public struct SequentialEvaluator: Sendable {
    let makeProcessors: @Sendable () -> [LineProcessor]

    /// - Parameter makeProcessors: the processors, created on the evaluating thread; each
    ///   line's outcomes come in this order.
    public init(makeProcessors: @escaping @Sendable () -> [LineProcessor]) {
        self.makeProcessors = makeProcessors
    }

    /// Reads `inputs` (file descriptors, to the end, in order) and folds each line's
    /// outcomes into `initial` with `next`.
    public func fold<Result: Sendable>(inputs: [Int32], into initial: Result,
                                       _ next: @escaping @Sendable (inout Result, [LineOutcome]) -> Void) throws(StreamError) -> Result {
        let box = FoldBox(initial)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [makeProcessors] in
            let processors = makeProcessors()
            var source = LineSource(inputs: inputs)
            var result = initial
            while let batch = source.nextBatch(maxLines: StreamEvaluator.batchLines) {
                batch.buffer.withUnsafeBytes { raw in
                    for line in batch.lines {
                        next(&result, processors.map { $0.outcome(line, in: raw) })
                    }
                }
            }
            box.result = result
            box.readFailed = source.readFailed
            done.signal()
        }
        thread.stackSize = StreamEvaluator.workerStackSize
        thread.start()
        done.wait()
        if box.readFailed { throw .readFailed }
        return box.result
    }
}

/// Carries the fold's result off the evaluating thread; the semaphore orders the accesses.
private final class FoldBox<Result>: @unchecked Sendable {
    var result: Result
    var readFailed = false

    init(_ result: Result) {
        self.result = result
    }
}
