import CEL
import Foundation
import XCTest
@testable import Policy

/// Input built to hurt the loader: each must give one clear diagnostic, quickly, without
/// crashing or exhausting memory. The time of each is printed (the aim is well under a
/// second); no assertion is made on it, so a slow machine does not fail the run.
final class HostileInputTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchDirectory()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `bytes` as `name`, checks it as `policyctl check` does, and prints the time.
    func check(_ name: String, _ bytes: [UInt8]) throws -> [PolicyDiagnostic] {
        let path = directory.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var bag = DiagnosticBag()
        let seconds = elapsed { bag = checkPolicies([path]) }
        print("hostile input \(name) (\(bytes.count) bytes): \(String(format: "%.3f", seconds)) s → "
              + bag.sorted.map { "\($0.diagnostic.code) at \($0.location.line):\($0.location.column)" }.joined(separator: ", "))
        return bag.sorted
    }

    /// Billion laughs: nine levels of ten aliases each would expand to 10⁹ strings.
    func testAliasBombIsRefused() throws {
        var text = "policy: p\ntimezone: Asia/Shanghai\nparams:\n  a0: &a0 [lol]\n"
        for level in 1...9 {
            text += "  a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let diagnostics = try check("alias-bomb.yaml", Array(text.utf8))
        XCTAssertEqual(diagnostics.map(\.diagnostic.code), ["policy.anchor-not-allowed"])
        XCTAssertEqual(diagnostics.first?.location.line, 4)
        XCTAssertEqual(diagnostics.first?.location.column, 7)
    }

    /// The same bomb used as mapping keys, which YAML libraries hash to find duplicates.
    func testAliasBombInKeysIsRefused() throws {
        var text = "a0: &a0 [lol]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "bomb:\n  ? *a9\n  : 1\n"
        let diagnostics = try check("alias-bomb-keys.yaml", Array(text.utf8))
        XCTAssertEqual(diagnostics.map(\.diagnostic.code), ["policy.anchor-not-allowed"])
    }

    /// A list nested 10,000 deep.
    func testDeepNestingGivesAnError() throws {
        let depth = 10_000
        let text = "policy: p\ntimezone: Asia/Shanghai\nparams:\n  deep: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let diagnostics = try check("deep.yaml", Array(text.utf8))
        // libyaml's own nesting limit (1,000) stops it before the loader's (64) is reached;
        // its message, which names a C function, is not shown.
        XCTAssertEqual(diagnostics.map(\.diagnostic.code), ["policy.too-deep"])
        XCTAssertEqual(diagnostics.first?.diagnostic.message, "nesting is deeper than 1000 levels")
    }

    /// A list nested 10,000 deep in block style, as the root of the file.
    func testDeepBlockNestingGivesAnError() throws {
        // `- - - x` nests a block list in a block list on one line.
        let text = String(repeating: "- ", count: 10_000) + "x\n"
        let diagnostics = try check("deep-block.yaml", Array(text.utf8))
        XCTAssertFalse(diagnostics.isEmpty)
        XCTAssert(diagnostics.allSatisfy { $0.diagnostic.severity == .error })
    }

    /// 50 MB is refused before it is parsed.
    func testHugeFileIsRefused() throws {
        var bytes = Array("policy: p\ntimezone: Asia/Shanghai\ndescription: |\n".utf8)
        let line = Array("  padding padding padding padding padding padding padding padding padding\n".utf8)
        while bytes.count < 50_000_000 { bytes += line }
        let diagnostics = try check("huge.yaml", bytes)
        XCTAssertEqual(diagnostics.map(\.diagnostic.code), ["policy.file-too-large"])
        XCTAssertEqual(diagnostics.first?.diagnostic.message, "file is too large (\(bytes.count) bytes; the limit is 1048576)")
    }

    /// Just over 1 MiB is refused; exactly 1 MiB is read.
    func testSizeLimitIsOneMebibyte() throws {
        let head = Array("policy: p\ntimezone: Asia/Shanghai\n".utf8)
        func padded(to size: Int) -> [UInt8] { head + Array(repeating: UInt8(ascii: "#"), count: size - head.count - 1) + [10] }
        XCTAssertEqual(try check("over/p.yaml", padded(to: (1 << 20) + 1)).map(\.diagnostic.code), ["policy.file-too-large"])
        XCTAssertEqual(try check("at-limit/p.yaml", padded(to: 1 << 20)).filter { $0.diagnostic.severity == .error }.map(describe), [])
    }

    /// Bytes that are not UTF-8: the position is the first bad byte's.
    func testInvalidUTF8IsRefused() throws {
        var bytes = Array("policy: p\ntimezone: Asia/Shanghai\nname: 永登".utf8)
        let offset = bytes.count
        bytes += [0xC3, 0x28] + Array("\n".utf8)
        let diagnostics = try check("latin1.yaml", bytes)
        XCTAssertEqual(diagnostics.map(\.diagnostic.code), ["policy.invalid-utf8"])
        XCTAssertEqual(diagnostics.first?.diagnostic.message, "file is not valid UTF-8 (first bad byte at offset \(offset))")
        XCTAssertEqual(diagnostics.first?.location.line, 3)
        XCTAssertEqual(diagnostics.first?.location.column, 9)
    }

    /// A GBK-encoded file (as Windows tools in China write it) is not UTF-8.
    func testGBKFileIsRefused() throws {
        // "name: 永登" in GBK.
        let bytes = Array("policy: p\nname: ".utf8) + [0xD3, 0xC0, 0xB5, 0xC7] + [10]
        XCTAssertEqual(try check("gbk.yaml", bytes).map(\.diagnostic.code), ["policy.invalid-utf8"])
    }

    /// A long flat list is fine (no depth problem), and fast.
    func testLongFlatParamList() throws {
        let text = "policy: p\ntimezone: Asia/Shanghai\nparams:\n  many: [" + (0..<50_000).map(String.init).joined(separator: ", ") + "]\n"
        let diagnostics = try check("long-list.yaml", Array(text.utf8))
        XCTAssertEqual(diagnostics.filter { $0.diagnostic.severity == .error }.map(describe), [])
    }
}
