import CEL
import Foundation
import XCTest
@testable import Engine

/// `LineSource` cuts input into snapshots: NDJSON lines (blank lines skipped but counted, a
/// `\r` before the line break dropped, the last line needing no line break, lines crossing the
/// reader's chunks) or the elements of one JSON document, each input sniffed on its own after
/// a byte order mark; every snapshot numbered by its physical line; a line over the limit
/// discarded as it is read, in bounded memory.
final class LineSourceTests: XCTestCase {
    /// What the source gave, in order.
    enum Item: Equatable {
        /// An NDJSON line: its number and text.
        case line(Int, String)
        /// A line over the limit: its number.
        case tooLong(Int)
        /// A snapshot of a JSON document: its number and the value as compact JSON.
        case value(Int, String)
    }

    /// What `inputs` are cut into, batch by batch of at most `maxLines`.
    private func cut(_ inputs: [[UInt8]], maxLines: Int = 3, maxLineBytes: Int = StreamEvaluator.maxLineBytes,
                     lineOffset: Int? = nil) throws -> [Item] {
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
        var source = LineSource(inputs: descriptors, maxLineBytes: maxLineBytes, lineOffset: lineOffset)
        var result: [Item] = []
        while let batch = source.nextBatch(maxLines: maxLines) {
            XCTAssertLessThanOrEqual(batch.count, maxLines)
            XCTAssertGreaterThan(batch.count, 0)
            switch batch {
            case .lines(let buffer, let lines):
                for line in lines {
                    if line.tooLong {
                        XCTAssert(line.range.isEmpty, "a line over the limit keeps no bytes")
                        result.append(.tooLong(line.number))
                    } else {
                        result.append(.line(line.number, String(decoding: buffer[line.range], as: UTF8.self)))
                    }
                }
            case .values(let values, let firstLine):
                for (i, value) in values.enumerated() {
                    var w = JSONWriter()
                    w.value(value)
                    result.append(.value(firstLine + i, String(decoding: w.bytes, as: UTF8.self)))
                }
            }
        }
        XCTAssertFalse(source.readFailed)
        return result
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testBlankLinesAndCarriageReturnsAreDroppedButCounted() throws {
        let input = "{\"a\":1}\r\n\n   \n\t\n{\"b\":2}\n\r\n{\"c\":3}"
        XCTAssertEqual(try cut([bytes(input)]), [.line(1, #"{"a":1}"#), .line(5, #"{"b":2}"#), .line(7, #"{"c":3}"#)])
    }

    func testLinesCrossTheReadersChunks() throws {
        let long = "{\"pad\":\"" + String(repeating: "x", count: LineSource.chunk + 17) + "\"}"
        let input = (0..<5).map { "{\"n\":\($0)}\n" }.joined() + long + "\n\n{\"after\":true}\n"
        let cut = try cut([bytes(input)])
        XCTAssertEqual(cut.count, 7)
        XCTAssertEqual(cut[5], .line(6, long))
        XCTAssertEqual(cut[6], .line(8, #"{"after":true}"#))
    }

    func testInputsFollowOneAnotherAndEachEndsItsLastLine() throws {
        let cut = try cut([bytes("{\"a\":1}\n\n{\"b\":2}"), bytes("{\"c\":3}\n"), [], bytes("\n{\"d\":4}")])
        XCTAssertEqual(cut, [.line(1, #"{"a":1}"#), .line(3, #"{"b":2}"#), .line(4, #"{"c":3}"#), .line(6, #"{"d":4}"#)])
    }

    func testEachInputIsSniffedOnItsOwn() throws {
        let ndjson = bytes("{\"n\":1}\n\n{\"n\":2}\n")
        let pretty = bytes("{\n  \"n\": 3,\n  \"m\": [\n    1\n  ]\n}\n")
        let array = bytes("\n[\n  {\"n\": 4},\n  {\"n\": 5}\n]\n")
        let cut = try cut([ndjson, pretty, array, ndjson], maxLines: 512)
        XCTAssertEqual(cut, [
            .line(1, #"{"n":1}"#), .line(3, #"{"n":2}"#),
            .value(4, #"{"n":3,"m":[1]}"#),
            .value(5, #"{"n":4}"#), .value(6, #"{"n":5}"#),
            .line(7, #"{"n":1}"#), .line(9, #"{"n":2}"#),
        ])
    }

    func testADocumentThatDoesNotParseIsReadAsLines() throws {
        let cut = try cut([bytes("{\n  \"n\": 1,\n}\n"), bytes("{\"n\":2}\n")])
        XCTAssertEqual(cut, [.line(1, "{"), .line(2, #"  "n": 1,"#), .line(3, "}"), .line(4, #"{"n":2}"#)])
    }

    func testAByteOrderMarkStartingAnInputIsSkipped() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let cut = try cut([bom + bytes("{\"n\":1}\n"), bom + bytes("{\n  \"n\": 2\n}\n"), bom + bytes("[{\"n\":3}]"), bom, bom + bytes("\n{\"n\":4}")])
        XCTAssertEqual(cut, [.line(1, #"{"n":1}"#), .value(2, #"{"n":2}"#), .value(3, #"{"n":3}"#), .line(5, #"{"n":4}"#)])
        XCTAssertEqual(try self.cut([bytes("{\"n\":1}\n") + bom + bytes("{\"n\":2}\n")]), [.line(1, #"{"n":1}"#), .line(2, "\u{FEFF}{\"n\":2}")],
                       "only a mark that starts an input is skipped")
    }

    func testWithALineOffsetNumbersStartAfterItAndEveryInputIsReadAsLines() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let array = bytes("[\n{\"n\":1}\n]\n")
        let pretty = bytes("{\n  \"n\": 2\n}\n")
        let cut = try cut([bom + bytes("{\"n\":0}\n\n"), array, pretty], maxLines: 512, lineOffset: 40)
        XCTAssertEqual(cut, [
            .line(41, "\u{FEFF}{\"n\":0}"),
            .line(43, "["), .line(44, #"{"n":1}"#), .line(45, "]"),
            .line(46, "{"), .line(47, #"  "n": 2"#), .line(48, "}"),
        ], "a part of a file has no file start: no mark skipped, no document sniffed")
        XCTAssertEqual(try self.cut([bytes("{\"n\":1}\n")], lineOffset: 0), [.line(1, #"{"n":1}"#)])
    }

    func testALineOverTheLimitIsDiscardedAndTheStreamGoesOn() throws {
        let limit = 100
        let atLimit = "{\"s\":\"" + String(repeating: "y", count: limit - 8) + "\"}"
        XCTAssertEqual(atLimit.utf8.count, limit)
        let short = String(repeating: "z", count: limit + 1)
        let huge = String(repeating: "x", count: 3 * LineSource.chunk + 5)
        let input = "{\"n\":1}\n" + atLimit + "\r\n" + short + "\n\n" + huge + "\r\n{\"n\":2}\n" + huge
        XCTAssertEqual(try cut([bytes(input), bytes(huge + "\n"), bytes("{\"n\":3}")], maxLineBytes: limit), [
            .line(1, #"{"n":1}"#), .line(2, atLimit), .tooLong(3), .tooLong(5), .line(6, #"{"n":2}"#), .tooLong(7),
            .tooLong(8), .line(9, #"{"n":3}"#),
        ])
    }

    func testAnOverLongFirstLineIsNotReadAsADocument() throws {
        let huge = "{\"s\":\"" + String(repeating: "x", count: 2 * LineSource.chunk)  // not JSON by itself: a document?
        XCTAssertEqual(try cut([bytes(huge + "\n{\"n\":1}\n")], maxLineBytes: 1000), [.tooLong(1), .line(2, #"{"n":1}"#)])
    }
}
