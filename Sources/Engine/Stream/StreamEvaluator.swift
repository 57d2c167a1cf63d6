import CEL
import Foundation

/// Evaluates a stream of snapshots (NDJSON, a JSON array, or one JSON object) with all
/// cores, in bounded memory, writing exactly one output line per input snapshot in input
/// order.
///
/// The reading thread cuts the input into batches of lines; worker threads (each with a
/// large stack and its own ``LineProcessor``) evaluate batches; the calling thread writes
/// finished batches in order. At most ``maxInFlight`` batches exist at once.
public final class StreamEvaluator: @unchecked Sendable {
    let makeProcessor: @Sendable () -> LineProcessor
    let workers: Int
    let pretty: Bool
    /// When set, the inputs are the lines after this line of an NDJSON file (see ``LineSource``).
    let lineOffset: Int?
    /// Lines per batch.
    static let batchLines = 512
    /// A line longer than this is refused: ``LineSource`` discards it as it reads it.
    public static let maxLineBytes = 64 << 20
    /// The stack of an evaluating thread: deep snapshots and expressions recurse.
    static let workerStackSize = 64 << 20

    public init(workers: Int, pretty: Bool = false, lineOffset: Int? = nil,
                makeProcessor: @escaping @Sendable () -> LineProcessor) {
        self.workers = max(1, workers)
        self.pretty = pretty
        self.lineOffset = lineOffset
        self.makeProcessor = makeProcessor
    }

    var maxInFlight: Int { workers * 4 }

    /// Runs over `inputs` (file descriptors, read to the end in order); `write` receives the
    /// output in order and throws to stop (a closed stdout). `progress` is called from the
    /// writing thread after each batch.
    public func run(inputs: [Int32], write: ([UInt8]) throws -> Void, progress: (EvalStats) -> Void = { _ in }) throws -> EvalStats {
        let queue = BatchQueue()
        let reader = Thread { [self] in
            var source = LineSource(inputs: inputs, lineOffset: lineOffset)
            var nextIndex = 0
            while let batch = source.nextBatch(maxLines: Self.batchLines) {
                queue.submit(Batch(index: nextIndex, work: batch), limit: maxInFlight)
                nextIndex += 1
            }
            queue.finishSubmitting(total: nextIndex, readFailed: source.readFailed)
        }
        reader.stackSize = 1 << 20
        reader.start()
        for _ in 0..<workers {
            let worker = Thread { [self] in
                let processor = makeProcessor()
                while let batch = queue.take() {
                    queue.complete(batch.index, evaluate(batch.work, processor))
                }
            }
            worker.stackSize = Self.workerStackSize
            worker.start()
        }
        var stats = EvalStats()
        var index = 0
        var written = 0
        if pretty { try write(Array("[\n".utf8)) }
        defer { queue.cancel() }
        while let (bytes, batchStats, count) = queue.result(index) {
            if pretty, count > 0 {
                try write(Self.prettyJoin(bytes, leadingComma: written > 0))
            } else {
                try write(bytes)
            }
            written += count
            stats.add(batchStats)
            progress(stats)
            index += 1
        }
        if pretty { try write(Array((written > 0 ? "\n]\n" : "]\n").utf8)) }
        if queue.readFailed { throw StreamError.readFailed }
        return stats
    }

    private func evaluate(_ work: BatchWork, _ processor: LineProcessor) -> ([UInt8], EvalStats, Int) {
        var w = JSONWriter(capacity: 64 << 10, pretty: pretty)
        var stats = EvalStats()
        var count = 0
        work.buffer.withUnsafeBytes { raw in
            for line in work.lines {
                processor.process(line, in: raw, into: &w, stats: &stats)
                count += 1
            }
        }
        return (w.bytes, stats, count)
    }

    /// Pretty output: the batch's objects (each ending in a newline) joined by commas.
    static func prettyJoin(_ bytes: [UInt8], leadingComma: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var first = !leadingComma
        var start = 0
        // Objects end with "}\n" at column 0; split there.
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n"), i > 0, bytes[i - 1] == UInt8(ascii: "}"), (i < 2 || bytes[i - 2] == UInt8(ascii: "\n")) {
                if !first { out.append(contentsOf: Array(",\n".utf8)) }
                out.append(contentsOf: bytes[start..<i])
                first = false
                start = i + 1
            }
            i += 1
        }
        return out
    }
}

/// Why a stream stopped short.
public enum StreamError: Error {
    /// An input could not be read to its end.
    case readFailed
}

/// The work of one batch: a buffer and each snapshot's byte range, kind and number in it.
struct BatchWork: @unchecked Sendable {
    let buffer: [UInt8]
    let lines: [InputLine]

    var count: Int { lines.count }
}

struct Batch: @unchecked Sendable {
    let index: Int
    let work: BatchWork
}
