import XCTest
@testable import CEL

/// Traced programs (``Program/traced()``) and the source text of each node
/// (``SourceSpans``), which `policyctl explain` shows next to node values.
final class TracingTests: XCTestCase {
    private func environment() -> Environment {
        var env = Environment()
        env.declare("x", .int)
        env.declare("flag", .bool)
        env.declare("items", .list(.int))
        env.declare("account", .map(.string, .dyn))
        return env
    }

    private var bindings: [String: Value] {
        var account = MapValue()
        account.set("owner", .map({ var m = MapValue(); m.set("name", .string("王")); return m }()))
        return ["x": .int(3), "flag": .bool(false), "items": .list([.int(1), .int(5)]), "account": .map(account)]
    }

    /// The value each node reported, by its source text.
    private func trace(_ text: String) throws -> (value: Value, values: [String: String], events: [TraceEvent]) {
        let env = environment()
        let program = try env.compile(text).traced()
        XCTAssert(program.isTraced)
        let activation = Activation(environment: env, bindings: bindings)
        let recorder = TraceRecorder()
        activation.tracer = recorder
        let value = program.evaluate(activation)
        let spans = SourceSpans(program.checked.parsed)
        var values: [String: String] = [:]
        for event in recorder.events {
            if let text = spans.text(of: event.exprID) { values[text] = event.value.debugText }
        }
        return (value, values, recorder.events)
    }

    func testTracedProgramReportsEveryEvaluatedNode() throws {
        let (value, values, _) = try trace("x > 2 && items.exists(i, i > 4)")
        XCTAssertEqual(value.debugText, "true")
        XCTAssertEqual(values["x"], "3")
        XCTAssertEqual(values["x > 2"], "true")
        XCTAssertEqual(values["items"], "[1, 5]")
        XCTAssertEqual(values["items.exists(i, i > 4)"], "true")
        XCTAssertEqual(values["x > 2 && items.exists(i, i > 4)"], "true")
    }

    func testShortCircuitSkipsTheRightOperand() throws {
        let (value, values, _) = try trace("flag && x / 0 > 1")
        XCTAssertEqual(value.debugText, "false")
        XCTAssertEqual(values["flag"], "false")
        XCTAssertNil(values["x / 0 > 1"])
        XCTAssertNil(values["x"])
    }

    func testErrorsAreReportedAsValues() throws {
        let (value, values, _) = try trace("x / 0 > 1 || x == 3")
        XCTAssertEqual(value.debugText, "true")
        XCTAssertEqual(values["x / 0"], "error(\"division by zero\")")
        XCTAssertEqual(values["x == 3"], "true")
    }

    func testUntracedProgramNeverReports() throws {
        let env = environment()
        let program = try env.compile("x > 2 && items.exists(i, i > 4)")
        XCTAssertFalse(program.isTraced)
        let activation = Activation(environment: env, bindings: bindings)
        let recorder = TraceRecorder()
        activation.tracer = recorder
        XCTAssertEqual(program.evaluate(activation).debugText, "true")
        XCTAssert(recorder.events.isEmpty)
    }

    func testTracedAndUntracedAgree() throws {
        let env = environment()
        for text in ["x + 1", "items.map(i, i * x)", "flag || x > 1 ? 'a' : 'b'", "account.owner.name", "x / 0"] {
            let program = try env.compile(text)
            let plain = program.evaluate(Activation(environment: env, bindings: bindings))
            let activation = Activation(environment: env, bindings: bindings)
            activation.tracer = TraceRecorder()
            XCTAssertEqual(program.traced().evaluate(activation).debugText, plain.debugText, text)
        }
    }

    // MARK: Source spans

    /// The texts of all nodes of `text`.
    private func spans(_ text: String) throws -> Set<String> {
        let parsed = try Parser().parse(Source(text))
        let spans = SourceSpans(parsed)
        var texts = Set<String>()
        parsed.root.forEachNode { node in
            if let t = spans.text(of: node.id) { texts.insert(t) }
        }
        return texts
    }

    func testSpansCoverOperatorsCallsAndBrackets() throws {
        let texts = try spans("size(items[0].kind) >= params.min && !has(a.b) && f(x, (y + 1))")
        for expected in ["size(items[0].kind)", "items[0].kind", "items[0]", "items", "0", "params.min",
                         "size(items[0].kind) >= params.min", "!has(a.b)", "has(a.b)", "f(x, (y + 1))", "y + 1"] {
            XCTAssert(texts.contains(expected), "missing `\(expected)` in \(texts.sorted())")
        }
    }

    func testSpansBalanceParenthesesAndKeepMacros() throws {
        let texts = try spans("(a || b) && c && notices.exists(n, n.kind == 'x')")
        XCTAssert(texts.contains("a || b"), "\(texts.sorted())")
        XCTAssert(texts.contains("c && notices.exists(n, n.kind == 'x')"), "\(texts.sorted())")  // `&&` chains are balanced trees
        XCTAssert(texts.contains("notices.exists(n, n.kind == 'x')"), "\(texts.sorted())")
        XCTAssert(texts.contains("n.kind == 'x'"), "\(texts.sorted())")
        XCTAssert(texts.contains("(a || b) && c && notices.exists(n, n.kind == 'x')"), "\(texts.sorted())")
    }

    func testSpansCollapseWhiteSpaceBetweenTokensOnly() throws {
        let texts = try spans("-1 < x\n   &&  [1, 2] == {'k  v': 2}.keys()")
        XCTAssert(texts.contains("-1"), "\(texts.sorted())")
        XCTAssert(texts.contains("[1, 2]"), "\(texts.sorted())")
        XCTAssert(texts.contains("{'k  v': 2}.keys()"), "\(texts.sorted())")
        XCTAssert(texts.contains("-1 < x && [1, 2] == {'k  v': 2}.keys()"), "\(texts.sorted())")
    }
}
