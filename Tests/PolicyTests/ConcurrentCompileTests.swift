import CEL
import Foundation
import XCTest
@testable import Policy

/// `check` and loading a directory compile the requested policies side by side, one thread
/// per core (`PolicyCompiler.outcomes`): what they give must be what compiling them one
/// after the other gives, in the same order.
final class ConcurrentCompileTests: XCTestCase {
    func testRunAllKeepsTheOrderOfItsWorkAndGivesEachABigStack() {
        // Recursion 20,000 deep needs more than a worker thread's 512 KiB stack.
        @Sendable func depth(_ n: Int) -> Int { n == 0 ? 0 : 1 + depth(n - 1) }
        // More works than cores: the threads take them in turn, the results stay in order.
        let results = BigStack.runAll((0..<40).map { i in { @Sendable in depth(20_000 + i) } })
        XCTAssertEqual(results, (0..<40).map { 20_000 + $0 })
        XCTAssertEqual(BigStack.runAll([@Sendable () -> Int]()), [])
    }

    func testTheShippedPoliciesCompiledAtOnceGiveWhatEachGivesAlone() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let library = PolicyLibrary(paths: [root.appendingPathComponent("policies").path])
        let ids = library.requested
        XCTAssertGreaterThan(ids.count, 1)
        let today = try CivilDate(parsing: "2026-12-04")
        var together = DiagnosticBag()
        let outcomes = PolicyCompiler(library: library, today: today).outcomes(ids, diagnostics: &together)
        var alone = DiagnosticBag()
        for (id, outcome) in zip(ids, outcomes) {
            let single = PolicyCompiler(library: library, today: today).outcome(id, diagnostics: &alone)
            XCTAssertEqual(outcome.compiled?.digest, single.compiled?.digest, id)
            XCTAssertEqual(outcome.compiled?.facts.map(\.name), single.compiled?.facts.map(\.name), id)
        }
        XCTAssertEqual(together.sorted.map(\.diagnostic.message), alone.sorted.map(\.diagnostic.message))
    }

    func testAPolicyWithErrorsAmongOthersKeepsItsDiagnosticsInPlace() throws {
        let url = try makeScratchDirectory()
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        let good = "policy: good\ntimezone: UTC\nrules: []\n"
        let bad = "policy: bad\ntimezone: UTC\nfacts:\n  x:\n    value: 1 + true\n    type: int\nrules: []\n"
        try Data(good.utf8).write(to: url.appendingPathComponent("good.yaml"))
        try Data(bad.utf8).write(to: url.appendingPathComponent("bad.yaml"))
        let library = PolicyLibrary(paths: [url.path])
        XCTAssertEqual(Set(library.requested), ["good", "bad"])
        XCTAssertFalse(library.diagnostics.hasErrors())
        var bag = DiagnosticBag()
        let outcomes = PolicyCompiler(library: library).outcomes(library.requested, diagnostics: &bag)
        for (id, outcome) in zip(library.requested, outcomes) {
            XCTAssertEqual(outcome.compiled == nil, id == "bad", id)
        }
        XCTAssertTrue(bag.hasErrors())
    }
}
