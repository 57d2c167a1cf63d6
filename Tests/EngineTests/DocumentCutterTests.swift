import CEL
@testable import Engine
import XCTest

/// `DocumentCutter` against the JSON reader, on a pretty array of real snapshots and on
/// variants of it truncated and with structural bytes replaced at every position: whenever
/// the reader reads a variant as an array of snapshots, the cutter cuts exactly those
/// snapshots with no break; and whatever the variant, the cutter gives the same steps when
/// the bytes come in small pieces as when they come at once, and never crashes.
final class DocumentCutterTests: XCTestCase {
    let reader = JSONReader()

    func document() throws -> [UInt8] {
        let lines = try ShippedFiles.lines("examples/snapshots.ndjson").prefix(3)
        let text = "[\n" + lines.map { "  " + String(decoding: $0, as: UTF8.self) }.joined(separator: ",\n") + "\n]\n"
        return Array(text.utf8)
    }

    /// What the cutter makes of `bytes`: each snapshot's text, or a break's message; read in
    /// pieces of `piece` bytes.
    func cut(_ bytes: [UInt8], piece: Int) -> [String] {
        var cutter = DocumentCutter(at: 0)
        var available = min(piece, bytes.count)
        var out: [String] = []
        while true {
            let ended = available == bytes.count
            let step = bytes.withUnsafeBufferPointer {
                cutter.next(UnsafeBufferPointer(rebasing: $0[..<available]), ended: ended, limit: 1 << 20)
            }
            switch step {
            case .value(let range, _): out.append("value " + String(decoding: bytes[range], as: UTF8.self))
            case .tooLong: out.append("too long")
            case .broken(let message): out.append("broken " + message); return out
            case .end: return out
            case .needMore:
                XCTAssertFalse(ended, "more bytes asked for after the end")
                available = min(available + piece, bytes.count)
            }
        }
    }

    func check(_ variant: [UInt8], _ label: @autoclosure () -> String) {
        let whole = cut(variant, piece: variant.count)
        XCTAssertEqual(cut(variant, piece: 7), whole, "in pieces: \(label())")
        guard case .list(let items)? = try? reader.read(variant) else { return }
        let expected = items.map { item -> String in
            var w = JSONWriter()
            w.value(item)
            return w.text
        }
        let got = whole.map { text -> String in
            guard text.hasPrefix("value "), let value = try? reader.read(Array(text.utf8.dropFirst(6))) else { return text }
            var w = JSONWriter()
            w.value(value)
            return w.text
        }
        XCTAssertEqual(got, expected, "the reader reads an array: \(label())")
    }

    func testTheDocumentAndEveryTruncation() throws {
        let document = try document()
        check(document, "the document")
        XCTAssertEqual(cut(document, piece: document.count).count, 3)
        for end in 0..<document.count { check(Array(document[..<end]), "truncated at \(end)") }
    }

    func testEveryByteReplacedByAStructuralOne() throws {
        let document = try document()
        for offset in document.indices {
            for byte in [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x20] as [UInt8] where document[offset] != byte {
                var variant = document
                variant[offset] = byte
                check(variant, "byte \(offset) replaced by \(byte)")
            }
        }
    }
}
