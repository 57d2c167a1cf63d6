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
    /// output in order, in place (the bytes are valid during the call), and throws to stop (a
    /// closed stdout). `progress` is called from the writing thread after each batch.
    public func run(inputs: [Int32], write: (UnsafeRawBufferPointer) throws -> Void,
                    progress: (EvalStats) -> Void = { _ in }) throws -> EvalStats {
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
                    // A writer the writing thread is done with keeps its grown memory.
                    let writer = queue.spareWriter() ?? JSONWriter(capacity: 64 << 10, pretty: pretty)
                    queue.complete(batch.index, evaluate(batch.work, processor, into: writer))
                }
            }
            worker.stackSize = Self.workerStackSize
            worker.start()
        }
        var stats = EvalStats()
        var index = 0
        var written = 0
        if pretty { try Array("[\n".utf8).withUnsafeBytes { try write($0) } }
        defer { queue.cancel() }
        while let output = queue.result(index) {
            if pretty, output.count > 0 {
                let joined = output.writer.withBytes { Self.prettyJoin($0, leadingComma: written > 0) }
                try joined.withUnsafeBytes { try write($0) }
            } else {
                try output.writer.withBytes { try write($0) }
            }
            written += output.count
            stats.add(output.stats)
            progress(stats)
            index += 1
            queue.recycle(consume output)
        }
        if pretty { try Array((written > 0 ? "\n]\n" : "]\n").utf8).withUnsafeBytes { try write($0) } }
        if queue.readFailed { throw StreamError.readFailed }
        return stats
    }

    private func evaluate(_ work: BatchWork, _ processor: LineProcessor, into writer: consuming JSONWriter) -> BatchOutput {
        var w = writer
        var stats = EvalStats()
        var count = 0
        work.buffer.withUnsafeBytes { raw in
            for line in work.lines {
                processor.process(line, in: raw, into: &w, stats: &stats)
                count += 1
            }
        }
        return BatchOutput(writer: w, stats: stats, count: count)
    }

    /// Pretty output: the batch's objects (each ending in a newline) joined by commas.
    static func prettyJoin(_ bytes: UnsafeRawBufferPointer, leadingComma: Bool) -> [UInt8] {
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

/// A batch's output: the writer holding its lines, what they counted, and how many there are.
struct BatchOutput: @unchecked Sendable {
    var writer: JSONWriter
    let stats: EvalStats
    let count: Int
}

struct Batch: @unchecked Sendable {
    let index: Int
    let work: BatchWork
}
