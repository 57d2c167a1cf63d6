import Foundation
import XCTest
@testable import CEL

/// A call whose arguments are all literals is evaluated once, when it is planned, and means
/// what evaluating it each time means: the same value, the same error at the same node.
final class ConstantFoldingTests: XCTestCase {
    /// Counts the calls of a function that is its argument's length.
    final class CallCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var calls = 0
        var count: Int { lock.withLock { calls } }
        func called() { lock.withLock { calls += 1 } }
    }

    static func environment(counting counter: CallCounter) -> Environment {
        var env = Environment()
        env.library.add([
            FunctionDecl("probe", doc: "the length of a string, counted", overloads: [.global("probe_string", [.string], .int)],
                         implementation: .unary { value in
                             counter.called()
                             guard case .string(let s) = value else { return .error(.noSuchOverload("probe", [value])) }
                             return .int(Int64(s.utf8.count))
                         }),
        ])
        env.declare("i", .int)
        return env
    }

    func testACallOnLiteralsRunsOnceWhenPlanned() throws {
        let counter = CallCounter()
        let env = Self.environment(counting: counter)
        let program = try env.compile("probe('abc') + i")
        XCTAssertEqual(counter.count, 1, "evaluated once while planning (for the typed plan and the boxed one)")
        for i in 0..<3 {
            for typed in [true, false] {
                let activation = Activation(environment: env, bindings: ["i": .int(Int64(i))])
                activation.runsTypedPlans = typed
                XCTAssertEqual(program.evaluate(activation).debugText, "\(3 + i)")
            }
        }
        XCTAssertEqual(counter.count, 1, "not again per evaluation, typed or boxed")
        // A call on a variable runs at each evaluation.
        var env2 = env
        env2.declare("s", .string)
        let perEvaluation = try env2.compile("probe(s)")
        for s in ["", "ab"] { _ = perEvaluation.evaluate(Activation(environment: env2, bindings: ["s": .string(s)])) }
        XCTAssertEqual(counter.count, 3)
    }

    func testATracedPlanEvaluatesEachCall() throws {
        let counter = CallCounter()
        let env = Self.environment(counting: counter)
        let traced = try env.compile("probe('abc') + i").traced()
        let before = counter.count
        _ = traced.evaluate(Activation(environment: env, bindings: ["i": .int(1)]))
        XCTAssertEqual(counter.count, before + 1, "explain shows each node as it is evaluated")
    }

    /// Folded and unfolded (traced) plans of calls on literals agree, errors and their nodes included.
    func testFoldedCallsMeanWhatTheyMeanEvaluated() throws {
        var env = Environment()
        env.declare("i", .int)
        for text in ["decimal('0.00') + decimal('1.5')", "decimal('x')", "int('12') + i", "int('twelve') + i", "duration('24h')",
                     "size('abc')", "'a' + 'b'", "timestamp('2026-12-01T09:00:00+08:00') + duration('1h')", "date('2026-02-30')",
                     "1 / 0", "9223372036854775807 + 1", "[1, 2] + [3]", "size([1, 2] + [3])", "1 + 2 == 3", "decimal('2.50') > 2"] {
            let program = try env.compile(text)
            for budget in [Activation.defaultStepBudget, 1] {
                let folded = Activation(environment: env, bindings: ["i": .int(1)])
                let evaluated = Activation(environment: env, bindings: ["i": .int(1)])
                folded.stepBudget = budget
                evaluated.stepBudget = budget
                let value = program.evaluate(folded)
                let expected = program.traced().evaluate(evaluated)
                XCTAssertEqual(value.debugText, expected.debugText, "\(text), budget \(budget)")
                if case .error(let e) = value, case .error(let f) = expected {
                    XCTAssertEqual(e.exprID, f.exprID, "\(text): the error's node")
                }
                XCTAssertEqual(folded.remainingSteps, evaluated.remainingSteps, "\(text): steps spent")
            }
        }
    }

    /// A variable declared with its value (a policy's `params`) is read as a constant, what
    /// it alone feeds is computed once, `in` one of its lists is a membership of texts, and
    /// each means what reading the variable from its slot (a traced plan) means.
    func testKnownVariablesAreConstants() throws {
        let counter = CallCounter()
        var env = Self.environment(counting: counter)
        let shape = MapShape(fields: ["kinds", "lead", "name"])
        let params = Value.map(MapValue(shape: shape, values: [
            .list([.string("planned"), .string("rationing")]), .duration(try CELDuration(seconds: 3600)), .string("abc"),
        ]))
        env.declare(object: ObjectType(name: "Params", fields: ["kinds": .list(.string), "lead": .duration, "name": .string],
                                       shape: shape))
        env.declare("params", .object("Params"), value: params)
        env.declare("kind", .string)
        let cases: [(String, [String: Value], String)] = [
            ("kind in params.kinds", ["kind": .string("planned")], "true"),
            ("kind in params.kinds", ["kind": .string("fault")], "false"),
            ("params.lead + params.lead", [:], "duration(\"7200s\")"),
            ("probe(params.name) + i", ["i": .int(1)], "4"),
            ("size(params.kinds) == 2 && params.kinds.exists(k, k == kind)", ["kind": .string("rationing")], "true"),
            ("params.missing", [:], "error: undefined field"),
        ]
        for (text, bindings, expected) in cases {
            guard let program = try? env.compile(text) else {
                XCTAssertTrue(expected.hasPrefix("error"), "`\(text)` does not compile")
                continue
            }
            for traced in [false, true] {
                for typed in [true, false] {
                    let activation = Activation(environment: env, bindings: bindings.merging(["params": params]) { a, _ in a })
                    activation.runsTypedPlans = typed
                    let value = (traced ? program.traced() : program).evaluate(activation).debugText
                    XCTAssertEqual(value, expected, "`\(text)`, traced \(traced), typed \(typed)")
                }
            }
        }
        let before = counter.count
        let program = try env.compile("probe(params.name) + i")
        XCTAssertEqual(counter.count, before + 1, "computed once while planning (the typed plan and the boxed one share it)")
        _ = program.evaluate(Activation(environment: env, bindings: ["i": .int(1), "params": params]))
        XCTAssertEqual(counter.count, before + 1, "not again when evaluated")
    }
}
