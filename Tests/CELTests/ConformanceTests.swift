import Foundation
import XCTest
@testable import CEL

/// Runs every usable case of the CEL conformance suite (fixtures copied from
/// `shared/conformance/cel`, see `Fixtures/conformance/README.md`) through the checker and
/// the evaluator, with the declared variable types and `disable_check` of each case.
final class ConformanceTests: XCTestCase {
    /// Cases we knowingly fail, each with the reason. A listed case that passes fails the
    /// run, so the list cannot go stale.
    static let skipped: [String: String] = [:]

    struct Case {
        let key: String
        let expr: String
        let container: String
        let bindings: [String: Value]
        let types: [String: CELType]?
        let checked: Bool
        let expected: Value?  // nil: an error is expected
    }

    func testConformanceSuite() throws {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "conformance", withExtension: nil, subdirectory: "Fixtures"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        XCTAssertEqual(files.count, 14)
        var passedPerFile: [(String, Int, Int)] = []
        var unexpectedFailures: [String] = []
        var stalePasses: [String] = []
        for file in files {
            let cases = try loadCases(directory.appendingPathComponent(file))
            var passed = 0
            for c in cases {
                let problem = run(c)
                if problem == nil { passed += 1 }
                switch (problem, Self.skipped[c.key]) {
                case (nil, _?): stalePasses.append(c.key)
                case (let p?, nil): unexpectedFailures.append("\(c.key): \(c.expr) — \(p)")
                default: break
                }
            }
            passedPerFile.append((file, passed, cases.count))
        }
        let total = passedPerFile.reduce(0) { $0 + $1.2 }
        let passed = passedPerFile.reduce(0) { $0 + $1.1 }
        print("conformance: \(passed)/\(total) passed (\(String(format: "%.1f", 100.0 * Double(passed) / Double(max(total, 1))))%)")
        for (file, p, n) in passedPerFile { print("  \(file): \(p)/\(n)") }
        XCTAssertEqual(total, 818)
        XCTAssert(unexpectedFailures.isEmpty, "failing cases not on the skip list:\n" + unexpectedFailures.joined(separator: "\n"))
        XCTAssert(stalePasses.isEmpty, "skipped cases that now pass (remove them from the list): \(stalePasses)")
    }

    /// Nil when the case passes, else what went wrong.
    func run(_ c: Case) -> String? {
        let result = Conformance.evaluate(c.expr, bindings: c.bindings, container: c.container,
                                          declaredTypes: c.types, checked: c.checked)
        switch (result, c.expected) {
        case (.failure, nil): return nil
        case (.success(let v), nil): return "expected an error, got \(v.debugText)"
        case (.failure(let e), let expected?): return "expected \(expected.debugText), got error \(e.message)"
        case (.success(let v), let expected?):
            return Self.sameTypedValue(expected, v) ? nil : "expected \(expected.debugText), got \(v.debugText)"
        }
    }

    /// Equality as the suite's runner defines it: kinds must agree, doubles within 1e-9
    /// relative (NaN equals NaN), maps in any order.
    static func sameTypedValue(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)):
            if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
            return x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameTypedValue($0, $1) }
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in zip(x.keys, x.values) {
                guard let i = y.keys.firstIndex(where: { sameTypedValue($0, k) }), sameTypedValue(v, y.values[i]) else { return false }
            }
            return true
        case (.type(let x), .type(let y)): return x.runtimeName == y.runtimeName
        default:
            return a.runtimeType.runtimeName == b.runtimeType.runtimeName && a.celEquals(b)
        }
    }

    func loadCases(_ url: URL) throws -> [Case] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var cases: [Case] = []
        for line in text.split(separator: "\n") where !line.isEmpty {
            let json = try JSONReader().read(Array(line.utf8))
            guard case .map(let object) = json, case .bool(true)? = object["usable"] else { continue }
            func string(_ key: String) -> String {
                if case .string(let s)? = object[key] { return s }
                return ""
            }
            var bindings: [String: Value] = [:]
            if case .map(let bound)? = object["bindings"] {
                for (k, v) in zip(bound.keys, bound.values) {
                    if case .string(let name) = k { bindings[name] = try TypedValueJSON.decode(v) }
                }
            }
            var types: [String: CELType]?
            if case .map(let env)? = object["type_env"] {
                var declared: [String: CELType] = [:]
                for (k, v) in zip(env.keys, env.values) {
                    if case .string(let name) = k, case .string(let typeName) = v {
                        declared[name] = try XCTUnwrap(CELType(parsing: typeName), "type `\(typeName)`")
                    }
                }
                types = declared
            }
            var expected: Value?
            if case .map(let expect)? = object["expect"], let value = expect["value"] {
                expected = try TypedValueJSON.decode(value)
            }
            var checked = true
            if case .bool(true)? = object["disable_check"] { checked = false }
            cases.append(Case(key: "\(string("file"))/\(string("section"))/\(string("name"))", expr: string("expr"),
                              container: string("container"), bindings: bindings, types: types, checked: checked,
                              expected: expected))
        }
        return cases
    }
}
