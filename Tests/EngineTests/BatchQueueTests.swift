import CEL
import XCTest
@testable import Engine

/// The hand-off of a batch's output between a worker and the writing thread.
final class BatchQueueTests: XCTestCase {
    private func output(_ text: String, capacity: Int = 64) -> BatchOutput {
        var writer = JSONWriter(capacity: capacity)
        writer.string(text)
        writer.endLine()
        return BatchOutput(writer: writer, stats: EvalStats(), count: 1)
    }

    func testAWrittenBatchHandsItsOutputOverInPlaceAndItsWriterBackEmpty() throws {
        let queue = BatchQueue()
        queue.submit(Batch(index: 0, work: BatchWork(buffer: [], lines: [])), limit: 4)
        queue.finishSubmitting(total: 1, readFailed: false)
        XCTAssertNil(queue.spareWriter(), "no writer before a batch was written")
        queue.complete(0, output(String(repeating: "x", count: 1000)))
        let result = try XCTUnwrap(queue.result(0))
        XCTAssertEqual(result.writer.withBytes { Array($0) }, Array(("\"" + String(repeating: "x", count: 1000) + "\"\n").utf8))
        let grown = result.writer.capacity
        XCTAssertGreaterThan(grown, 1000)
        queue.recycle(result)
        let spare = try XCTUnwrap(queue.spareWriter())
        XCTAssertEqual(spare.withBytes { $0.count }, 0, "a reused writer starts empty")
        XCTAssertEqual(spare.capacity, grown, "and keeps the memory it grew")
        XCTAssertNil(queue.spareWriter(), "a writer is handed out once")
        XCTAssertNil(queue.result(1), "no batch after the last")
    }

    func testAWriterThatGrewBeyondTheLimitIsNotKept() {
        let queue = BatchQueue()
        queue.recycle(output("big", capacity: BatchQueue.maxSpareCapacity + 1))
        XCTAssertNil(queue.spareWriter())
        queue.recycle(output("small"))
        XCTAssertNotNil(queue.spareWriter())
    }
}
