import CEL
import Foundation
import XCTest
@testable import Engine

/// `LineSource` cuts input into snapshots: NDJSON lines (blank lines skipped but counted, a
/// `\r` before the line break dropped, the last line needing no line break, lines crossing the
/// reader's chunks) or the snapshots of JSON documents cut as they are read, each input sniffed
/// on its own after a byte order mark; every line numbered by its physical line and every
/// document snapshot by its position; a line or snapshot over the limit discarded as it is
/// read, in bounded memory.
final class LineSourceTests: XCTestCase {
    /// What the source gave, in order.
    enum Item: Equatable {
        /// An NDJSON line: its number and text.
        case line(Int, String)
        /// A line over the limit: its number.
        case tooLong(Int)
        /// A snapshot of a JSON document: its number, its text, and the line and column it starts at.
        case value(Int, String, line: Int, column: Int)
        /// A document snapshot over the limit: its number.
        case snapshotTooLong(Int)
        /// A break in a document: its number and message.
        case broken(Int, String)
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
            for line in batch.lines {
                let text = String(decoding: batch.buffer[line.range], as: UTF8.self)
                switch line.kind {
                case .line: result.append(.line(line.number, text))
                case .element(let start): result.append(.value(line.number, text, line: start.line, column: start.column))
                case .tooLong: result.append(.tooLong(line.number))
                case .snapshotTooLong: result.append(.snapshotTooLong(line.number))
                case .broken(let message): result.append(.broken(line.number, message))
                }
                if line.tooLong { XCTAssert(line.range.isEmpty, "text over the limit is not kept") }
            }
        }
        XCTAssertFalse(source.readFailed)
        return result
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// A descriptor reading `input` from a file that is already unlinked.
    private func descriptor(_ input: [UInt8]) throws -> Int32 {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("line-source-\(UUID().uuidString)")
        try Data(input).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        return fd
    }

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
            .value(4, "{\n  \"n\": 3,\n  \"m\": [\n    1\n  ]\n}", line: 1, column: 1),
            .value(5, #"{"n": 4}"#, line: 3, column: 3), .value(6, #"{"n": 5}"#, line: 4, column: 3),
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
        XCTAssertEqual(cut, [.line(1, #"{"n":1}"#), .value(2, "{\n  \"n\": 2\n}", line: 1, column: 1),
                             .value(3, #"{"n":3}"#, line: 1, column: 2), .line(5, #"{"n":4}"#)])
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

    func testAnArrayIsCutAsItIsReadInBoundedMemory() throws {
        // About 6 MiB of snapshots in one array: the reader holds a chunk or two, never the document.
        let element = "{\"account_id\":\"A\",\"pad\":\"" + String(repeating: "x", count: 1000) + "\"}"
        let count = 6 * LineSource.chunk / element.utf8.count
        let input = "[\n" + Array(repeating: "  " + element, count: count).joined(separator: ",\n") + "\n]\n"
        let fd = try descriptor(bytes(input))
        defer { close(fd) }
        var source = LineSource(inputs: [fd])
        var seen = 0
        while let batch = source.nextBatch(maxLines: 512) {
            for line in batch.lines {
                seen += 1
                XCTAssertEqual(line.number, seen)
                XCTAssertEqual(line.kind, .element(.init(line: seen + 1, column: 3)))
                XCTAssertEqual(String(decoding: batch.buffer[line.range], as: UTF8.self), element)
            }
        }
        XCTAssertEqual(seen, count)
        XCTAssertLessThanOrEqual(source.peakBufferedBytes, 3 * LineSource.chunk, "the document was not held whole")
    }

    func testObjectsOneAfterAnotherAsJqPrintsThemAreSnapshots() throws {
        let input = "{\n  \"n\": 1\n}\n{\n  \"n\": [2, \"]\\\"}\"]\n}\n\n[{\"n\":3}] {\"n\":4}"
        XCTAssertEqual(try cut([bytes(input)], maxLines: 512), [
            .value(1, "{\n  \"n\": 1\n}", line: 1, column: 1),
            .value(2, "{\n  \"n\": [2, \"]\\\"}\"]\n}", line: 4, column: 1),
            .value(3, #"{"n":3}"#, line: 8, column: 2),
            .value(4, #"{"n":4}"#, line: 8, column: 11),
        ])
    }

    func testABreakInADocumentIsOneLineAndTheRestOfThatInputIsNotRead() throws {
        let missingComma = bytes("[\n  {\"n\": 1}\n  {\"n\": 2},\n  {\"n\": 3}\n]\n")
        let unterminated = bytes("[{\"n\": 4}, {\"n\": \"5")
        let trailingComma = bytes("[{\"n\": 6},]")
        let cut = try cut([missingComma, unterminated, trailingComma, bytes("{\"n\":7}\n")], maxLines: 512)
        XCTAssertEqual(cut, [
            .value(1, #"{"n": 1}"#, line: 2, column: 3),
            .broken(2, "invalid JSON document at line 3, column 3: expected `,` or `]` after an array element; the rest of the input is not evaluated"),
            .value(3, #"{"n": 4}"#, line: 1, column: 2),
            .broken(4, "invalid JSON document at line 2, column 1: the input ends inside a string of the snapshot begun at line 1, "
                + "column 12; the rest of the input is not evaluated"),
            .value(5, #"{"n": 6}"#, line: 1, column: 2),
            .broken(6, "invalid JSON document at line 1, column 11: expected an array element after `,`; the rest of the input is not evaluated"),
            .line(7, #"{"n":7}"#),
        ])
        XCTAssertEqual(try self.cut([bytes("[1, [2}, 3]")]), [
            .value(1, "1", line: 1, column: 2),
            .broken(2, "invalid JSON document at line 1, column 7: `}` closes nothing that is open; the rest of the input is not evaluated"),
        ])
    }

    func testADocumentSnapshotOverTheLimitIsDiscardedAndTheDocumentGoesOn() throws {
        let huge = "{\"s\":\"" + String(repeating: "x", count: 2 * LineSource.chunk) + "\"}"
        XCTAssertEqual(try cut([bytes("[{\"n\":1}, " + huge + ", {\"n\":2}]")], maxLineBytes: 1000), [
            .value(1, #"{"n":1}"#, line: 1, column: 2), .snapshotTooLong(2), .value(3, #"{"n":2}"#, line: 1, column: 2 * LineSource.chunk + 21),
        ])
    }

    func testAFirstLineThatStartsNoParsingValueIsReadAsNDJSON() throws {
        // `{` alone on its first line, but what follows is NDJSON with a broken first line, not a document.
        let input = "{\"n\": 1,\n{\"n\":2}\n{\"n\":3}\n"
        XCTAssertEqual(try cut([bytes(input)]), [.line(1, #"{"n": 1,"#), .line(2, #"{"n":2}"#), .line(3, #"{"n":3}"#)])
    }
}
