import CEL
import Engine
import XCTest

/// The two ways `eval` decodes a line — the fast decoder, and the reader followed by
/// `SnapshotDecoder` — and the contract between them. One fast decoder serves every check,
/// as in `eval`, so that what one document leaves behind meets the next.
final class DecoderPair {
    let reader: JSONReader
    private var decoder: FastSnapshotDecoder

    init(reader: JSONReader = JSONReader()) {
        self.reader = reader
        decoder = FastSnapshotDecoder(reader: reader)
    }

    func fast(_ bytes: [UInt8]) -> DecodedSnapshot? {
        bytes.withUnsafeBytes { decoder.decode($0) }
    }

    func slow(_ bytes: [UInt8]) -> DecodedSnapshot? {
        try? SnapshotDecoder.decode(reader.read(bytes))
    }

    /// Checks the contract on `bytes`: when the fast decoder accepts them, the slow path accepts
    /// them too with exactly the same snapshot (so when the slow path refuses them, the fast
    /// decoder declines). Returns whether the fast decoder accepted them.
    @discardableResult
    func check(_ bytes: [UInt8], _ label: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let fast = fast(bytes) else { return false }
        guard let slow = slow(bytes) else {
            XCTFail("the fast decoder accepts what the slow path refuses: \(label())", file: file, line: line)
            return true
        }
        XCTAssertEqual(StrictText.of(fast), StrictText.of(slow), label(), file: file, line: line)
        return true
    }

    /// Checks that the fast decoder accepts `bytes` and gives exactly the slow path's snapshot.
    func assertAccepted(_ bytes: [UInt8], _ label: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotNil(slow(bytes), "the slow path refuses \(label())", file: file, line: line)
        XCTAssertTrue(check(bytes, label(), file: file, line: line), "the fast decoder declines \(label())", file: file, line: line)
    }
}
