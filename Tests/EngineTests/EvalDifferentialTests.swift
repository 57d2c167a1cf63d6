import CEL
import Engine
import Foundation
import XCTest

/// `eval`'s two paths for a line, compared byte for byte on what they write over more than
/// 100,000 generated snapshots and variants of them (every value replaced by one of another
/// kind, every member removed): the fast path (``FastSnapshotDecoder``, then the programs'
/// typed plans) and the slow path (``JSONReader`` and ``SnapshotDecoder``, the definition of a
/// snapshot, then the programs' boxed plans, ``CEL/Activation/runsTypedPlans``). Each
/// redesign of the fast path (typed records, the typed planner) must keep this test
/// passing: it is the check that the fast path means what the slow path means. The work is
/// split between two threads, each with its own processors, as `eval` does.
final class EvalDifferentialTests: XCTestCase {
    /// Replacements of every kind the schema meets: absence, strings, money, dates, lists.
    static let replacements = ["null", #""x""#, "1", #""312.40""#, #""2026-11-15""#, "[]", "{}"]

    /// Counts over the variants one thread compared, and the first difference it found.
    struct Tally: Sendable {
        var compared = 0, decided = 0, fastDecoded = 0
        var difference: String?
    }

    /// Every variant of `line`: the line, each value replaced, each member removed.
    static func variants(of line: [UInt8], reader: JSONReader) throws -> [[UInt8]] {
        let tree = JSONTree(try reader.read(line))
        var variants = [line]
        for path in tree.paths.dropFirst() {
            variants += replacements.map { replacement in tree.editing(path) { _ in .scalar(replacement) }.bytes }
            let parent = Array(path.dropLast())
            if case .object(let members) = tree.node(at: parent), let last = path.last {
                variants.append(tree.editing(parent) { _ in .object(members.enumerated().filter { $0.offset != last }.map(\.element)) }.bytes)
            }
        }
        return variants
    }

    static func compare(_ lines: ArraySlice<[UInt8]>, selector: PolicySelector) throws -> Tally {
        let processor = LineProcessor(selector: selector, asOfOverride: nil, defaultAsOf: try Timestamp(seconds: 0))
        let boxed = LineProcessor(selector: selector, asOfOverride: nil, defaultAsOf: try Timestamp(seconds: 0), runsTypedPlans: false)
        let reader = JSONReader()
        var decoder = FastSnapshotDecoder(reader: reader)
        var tally = Tally()
        for (number, line) in zip(lines.indices, lines) {
            for variant in try variants(of: line, reader: reader) {
                var fast = JSONWriter(), slow = JSONWriter()
                var fastStats = EvalStats(), slowStats = EvalStats()
                variant.withUnsafeBytes { processor.process($0, line: number + 1, into: &fast, stats: &fastStats) }
                if let json = try? reader.read(variant) {
                    boxed.process(json, line: number + 1, into: &slow, stats: &slowStats)
                } else {
                    variant.withUnsafeBytes { boxed.process($0, line: number + 1, into: &slow, stats: &slowStats) }
                }
                guard fast.bytes == slow.bytes else {
                    tally.difference = "line \(number + 1), variant \(String(decoding: variant, as: UTF8.self)):\nfast \(fast.text)\nslow \(slow.text)"
                    return tally
                }
                tally.compared += 1
                if slowStats.errors == 0 { tally.decided += 1 }
                if variant.withUnsafeBytes({ decoder.decode($0) }) != nil { tally.fastDecoded += 1 }
            }
        }
        return tally
    }

    func testTheFastPathWritesWhatTheSlowPathWrites() throws {
        let selector = ShippedFiles.policies()
        let lines = try ShippedFiles.lines("Tests/EngineTests/Fixtures/decoder/generated-300-7.ndjson")
        let halves = [lines[..<(lines.count / 2)], lines[(lines.count / 2)...]]
        let tallies = ResultBox(count: halves.count)
        DispatchQueue.concurrentPerform(iterations: halves.count) { i in
            tallies.set(i, Result { try Self.compare(halves[i], selector: selector) })
        }
        var total = Tally()
        for result in tallies.results {
            let tally = try XCTUnwrap(result).get()
            if let difference = tally.difference { XCTFail(difference) }
            total.compared += tally.compared
            total.decided += tally.decided
            total.fastDecoded += tally.fastDecoded
        }
        XCTAssertGreaterThanOrEqual(total.compared, 100_000)
        // The variants must exercise both paths and the decisions, not only error lines.
        XCTAssertGreaterThan(total.fastDecoded, total.compared / 3, "\(total.fastDecoded) of \(total.compared) took the fast path")
        XCTAssertGreaterThan(total.decided, total.compared / 3, "\(total.decided) of \(total.compared) were decided")
    }
}

/// The results of concurrent work, one slot per iteration, written under a lock.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<EvalDifferentialTests.Tally, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ result: Result<EvalDifferentialTests.Tally, any Error>) {
        lock.lock()
        slots[i] = result
        lock.unlock()
    }

    var results: [Result<EvalDifferentialTests.Tally, any Error>?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
