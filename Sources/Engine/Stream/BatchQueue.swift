import CEL
import Foundation

/// The hand-off between the reading thread, the workers and the writing thread: pending
/// batches in, results out by index, with a bound on batches in flight, and the writers of
/// written batches back to the workers.
final class BatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [Batch] = []
    private var results: [Int: BatchOutput] = [:]
    /// Writers whose output was written, emptied, for the next batches.
    private var spareWriters: [JSONWriter] = []
    private var inFlight = 0
    private var total: Int?
    private var cancelled = false
    /// Whether the reader met a read error.
    private(set) var readFailed = false

    /// Adds a batch, waiting while `limit` batches are in flight.
    func submit(_ batch: Batch, limit: Int) {
        condition.lock()
        while inFlight >= limit && !cancelled { condition.wait() }
        if !cancelled {
            pending.append(batch)
            inFlight += 1
        }
        condition.broadcast()
        condition.unlock()
    }

    func finishSubmitting(total: Int, readFailed: Bool) {
        condition.lock()
        self.total = total
        self.readFailed = readFailed
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch to evaluate, or nil when there will be none.
    func take() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty {
            if cancelled || total != nil { return nil }
            condition.wait()
        }
        return pending.removeFirst()
    }

    func complete(_ index: Int, _ result: consuming BatchOutput) {
        condition.lock()
        results[index] = result
        condition.broadcast()
        condition.unlock()
    }

    /// The result of batch `index`, waiting for it; nil after the last batch.
    func result(_ index: Int) -> BatchOutput? {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil {
            if cancelled { return nil }
            if let total, index >= total { return nil }
            condition.wait()
        }
        inFlight -= 1
        condition.broadcast()
        return results.removeValue(forKey: index)
    }

    /// A writer to reuse, if a written batch left one.
    func spareWriter() -> JSONWriter? {
        condition.lock()
        defer { condition.unlock() }
        return spareWriters.popLast()
    }

    /// Gives back a written batch's writer, emptied, unless it grew beyond
    /// ``maxSpareCapacity`` (an unusual batch should not hold its memory for the rest of
    /// the run). At most one writer per batch in flight and per worker exists.
    func recycle(_ output: consuming BatchOutput) {
        var writer = output.writer
        guard writer.capacity <= Self.maxSpareCapacity else { return }
        writer.removeAll()
        condition.lock()
        spareWriters.append(writer)
        condition.unlock()
    }

    /// The largest writer kept for reuse.
    static let maxSpareCapacity = 8 << 20

    /// Stops everything (the output was closed).
    func cancel() {
        condition.lock()
        cancelled = true
        pending.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
