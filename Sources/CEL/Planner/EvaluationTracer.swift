/// Receives the value of every node a traced ``Program`` evaluates (see
/// ``Program/traced()``), in evaluation order.
///
/// Only traced programs report; a program planned normally never looks at the tracer, so
/// tracing costs nothing when it is off. A node inside a comprehension reports once per
/// iteration; a node that a short-circuit skipped does not report at all.
public protocol EvaluationTracer: AnyObject {
    /// Node `id` evaluated to `value`.
    func record(_ id: ExprID, _ value: Value)
}

/// One value reported by a traced program.
public struct TraceEvent: Sendable {
    /// The node that was evaluated.
    public let exprID: ExprID
    /// What it evaluated to (possibly an error).
    public let value: Value

    /// Creates an event.
    public init(exprID: ExprID, value: Value) {
        self.exprID = exprID
        self.value = value
    }
}

/// A tracer that keeps every event in order, for one evaluation of one program.
public final class TraceRecorder: EvaluationTracer {
    /// The events so far, in evaluation order.
    public private(set) var events: [TraceEvent] = []

    /// Creates an empty recorder.
    public init() {}

    /// Appends the event.
    public func record(_ id: ExprID, _ value: Value) {
        events.append(TraceEvent(exprID: id, value: value))
    }
}
