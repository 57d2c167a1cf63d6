import Foundation
import XCTest
@testable import Engine

/// `LineSource` cuts NDJSON input into lines: blank lines are skipped, a `\r` before the
/// line break is dropped, the last line needs no line break, lines may cross the reader's
/// chunks, and several inputs follow one another.
final class LineSourceTests: XCTestCase {
    /// The lines `inputs` are cut into, batch by batch of at most `maxLines`.
    private func lines(_ inputs: [[UInt8]], maxLines: Int = 3) throws -> [String] {
        var descriptors: [Int32] = []
        var urls: [URL] = []
        defer {
            for fd in descriptors { close(fd) }
            for url in urls { try? FileManager.default.removeItem(at: url) }
        }
        for input in inputs {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("line-source-\(UUID().uuidString)")
            try Data(input).write(to: url)
            urls.append(url)
            let fd = open(url.path, O_RDONLY)
            XCTAssertGreaterThanOrEqual(fd, 0)
            descriptors.append(fd)
        }
        var source = LineSource(inputs: descriptors)
        var result: [String] = []
        var next = 1
        while let batch = source.nextBatch(maxLines: maxLines, startLine: next) {
            guard case .lines(let buffer, let ranges, let firstLine) = batch else {
                XCTFail("NDJSON input read as one document")
                break
            }
            XCTAssertEqual(firstLine, next)
            XCTAssertLessThanOrEqual(ranges.count, maxLines)
            result += ranges.map { String(decoding: buffer[$0], as: UTF8.self) }
            next += ranges.count
        }
        XCTAssertFalse(source.readFailed)
        return result
    }

    func testBlankLinesAndCarriageReturnsAreDropped() throws {
        let input = "{\"a\":1}\r\n\n   \n\t\n{\"b\":2}\n\r\n{\"c\":3}"
        XCTAssertEqual(try lines([Array(input.utf8)]), [#"{"a":1}"#, #"{"b":2}"#, #"{"c":3}"#])
    }

    func testLinesCrossTheReadersChunks() throws {
        let long = "{\"pad\":\"" + String(repeating: "x", count: LineSource.chunk + 17) + "\"}"
        let input = (0..<5).map { "{\"n\":\($0)}\n" }.joined() + long + "\n{\"after\":true}\n"
        let cut = try lines([Array(input.utf8)])
        XCTAssertEqual(cut.count, 7)
        XCTAssertEqual(cut[5], long)
        XCTAssertEqual(cut[6], #"{"after":true}"#)
    }

    func testInputsFollowOneAnotherAndEachEndsItsLastLine() throws {
        let cut = try lines([Array("{\"a\":1}\n{\"b\":2}".utf8), Array("{\"c\":3}\n".utf8), [], Array("{\"d\":4}".utf8)])
        XCTAssertEqual(cut, [#"{"a":1}"#, #"{"b":2}"#, #"{"c":3}"#, #"{"d":4}"#])
    }
}
