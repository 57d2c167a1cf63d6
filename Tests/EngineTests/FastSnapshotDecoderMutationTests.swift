import CEL
import Engine
import Foundation
import XCTest

/// Corrupted and unusual variants of real snapshots: whenever the fast decoder accepts one,
/// the slow path accepts it with exactly the same snapshot, so whenever the slow path refuses
/// one (and writes its error line), the fast decoder has declined it.
final class FastSnapshotDecoderMutationTests: XCTestCase {
    let pair = DecoderPair()

    /// Snapshots with every kind of schema field, unknown fields, and `.any` contacts.
    func samples() throws -> [[UInt8]] {
        let lines = try ShippedFiles.lines("examples/snapshots.ndjson")
        let rich = lines.max { a, b in a.count < b.count }
        let protected = lines.first { String(decoding: $0, as: UTF8.self).contains(#""protections":[{"#) }
        let sample = Array(#"""
            {"account_id":"M-1","bureau":"xigu","as_of":"2026-12-10T09:00:00+08:00","extra":{"a":[1,"b"]},
            "customer":{"name":"客户","class":"residential","category":"household","voltage_kv":"0.4","important_grade":"一级",
            "month_end_payer":false,"contacts":{"sms":"138","email":null},"protections":[{"kind":"medical","until":"2027-03-31","ref":"R"}],"note":1},
            "bills":[{"period":"2026-10","amount":"312.40","due_date":"2026-11-15","paid":0,"disputed":true}],
            "payments":[{"at":"2026-12-03T18:00:00+08:00","amount":286.1}],
            "notices":[{"kind":"first_reminder","channel":"sms","sent_at":"2026-11-06T09:00:00+08:00","delivered_at":null,
            "signed":true,"refused":false,"planned_cut_at":"2026-12-13T10:00:00+08:00","outage_id":"PO-1"}],
            "approvals":[{"action":"suspend_supply","by":"unit-head","at":"2026-12-08T09:00:00Z"}],
            "supply":{"status":"suspended","since":"2026-12-09T10:00:00+08:00"},
            "outages":[{"id":"PO-1","kind":"planned","start":"2026-12-20T08:00:00+08:00","end":"2026-12-20T18:00:00+08:00","reason":"检修"}]}
            """#.utf8)
        return [try XCTUnwrap(rich), try XCTUnwrap(protected), sample]
    }

    /// Checks the contract on a variant; the current fast decoder declines nothing the slow path accepts.
    func check(_ bytes: [UInt8], _ label: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        let accepted = pair.check(bytes, label(), file: file, line: line)
        if !accepted, pair.slow(bytes) != nil {
            XCTFail("the fast decoder declines what the slow path accepts: \(label())", file: file, line: line)
        }
    }

    func trees() throws -> [JSONTree] {
        try samples().map { JSONTree(try pair.reader.read($0)) }
    }

    func testTruncatedAtEveryByte() throws {
        for sample in try samples() {
            for end in 0..<sample.count { check(Array(sample[..<end]), "truncated at \(end)") }
        }
    }

    func testEveryByteReplaced() throws {
        let sample = try samples()[2]
        for offset in sample.indices {
            for byte in [0x22, 0x5C, 0x7B, 0x5D, 0x2C, 0x3A, 0x30, 0x6E, 0x00, 0xFF] as [UInt8] {
                var variant = sample
                variant[offset] = byte
                check(variant, "byte \(offset) replaced by \(byte)")
            }
            var inserted = sample
            inserted.insert(0x20, at: offset)
            check(inserted, "space inserted at \(offset)")
        }
    }

    /// JSON texts to put in place of values: every kind, near misses, limits, escapes, nesting
    /// deep enough to cross the reader's limit of 256 levels at every depth of the schema.
    static let replacements = [
        #""x""#, #""""#, "1", "-0", "1.5", "312.40", "1e2", "1E-2", "1e400", "9223372036854775807", "9223372036854775808",
        "12345678901234567890123", "0.1234567890123456789", "-", "01", "1.", "true", "false", "null", "nul", "{}", "[]",
        "[null]", "[{}]", "[[1]]", #"{"a":1}"#, #""2026-11-15""#, #""2026-13-15""#, #""2026-12-10T09:00:00+08:00""#,
        #""2026-12-10T09:00:00""#, #""312.40""#, #""abc""#, #""1e3""#, #""residential""#, #""vip""#, #""on""#, #""planned""#,
        #""二级""#, #""\u00e9""#, #""\ud83d\ude00""#, #""\ud800""#, #""2026\u002d11-15""#, #""\x""#,
        String(repeating: "[", count: 300) + String(repeating: "]", count: 300), #"{"account_id":"A","account_id":"A"}"#,
    ] + (251...255).map { String(repeating: "[", count: $0) + String(repeating: "]", count: $0) }

    func testEveryValueReplaced() throws {
        for tree in try trees() {
            for path in tree.paths {
                for replacement in Self.replacements {
                    check(tree.editing(path) { _ in .scalar(replacement) }.bytes, "\(path) = \(replacement)")
                }
            }
        }
    }

    func testMembersRemovedAddedAndDuplicatedAtEveryLevel() throws {
        for tree in try trees() {
            for path in tree.paths {
                guard case .object(let members) = tree.node(at: path) else { continue }
                for i in members.indices {
                    check(tree.editing(path) { _ in .object(members.enumerated().filter { $0.offset != i }.map(\.element)) }.bytes,
                          "\(path) without member \(i)")
                    check(tree.editing(path) { _ in .object(members + [members[i]]) }.bytes, "\(path) with member \(i) twice")
                    var escaped = members
                    escaped[i].key = Self.escapingFirstCharacter(escaped[i].key)
                    check(tree.editing(path) { _ in .object(escaped) }.bytes, "\(path) with member \(i)'s key escaped")
                }
                for extra in [#""zz""#, #""account_id""#, #""name""#, #""e\u0301""#] {
                    check(tree.editing(path) { _ in .object([JSONTree.Member(key: extra, value: .scalar(#"{"a":[1,{"b":null}]}"#))] + members) }.bytes,
                          "\(path) with \(extra) first")
                    check(tree.editing(path) { _ in .object(members + [JSONTree.Member(key: extra, value: .scalar("null"))]) }.bytes,
                          "\(path) with \(extra) last")
                }
            }
        }
    }

    func testWhitespaceBetweenEveryToken() throws {
        for tree in try trees() {
            for space in [" ", "\n", "\t\r\n ", "\u{0B}", "\u{A0}"] {
                check(Array(tree.text(space: space).utf8), "tokens separated by \(Array(space.unicodeScalars))")
            }
        }
    }

    func testInvalidUTF8InStringsAndKeys() throws {
        let sample = try samples()[2]
        let quotes = sample.indices.filter { sample[$0] == UInt8(ascii: "\"") }
        let sequences: [[UInt8]] = [[0xFF], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8], [0x01]]
        for quote in quotes {
            for sequence in sequences {
                var variant = sample
                variant.insert(contentsOf: sequence, at: quote + 1)
                check(variant, "\(sequence) after the quote at \(quote)")
            }
        }
    }

    /// A key's JSON text with its first character written as a `\u` escape.
    static func escapingFirstCharacter(_ key: String) -> String {
        let scalars = Array(key.unicodeScalars)
        guard scalars.count > 2, scalars[1].value < 0x10000 else { return key }
        let hex = String(scalars[1].value, radix: 16)
        return "\"\\u" + String(repeating: "0", count: 4 - hex.count) + hex + String(String.UnicodeScalarView(scalars[2...]))
    }
}
