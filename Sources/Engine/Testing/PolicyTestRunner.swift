import CEL
import Foundation
import Policy

/// The outcome of one test case.
public struct TestCaseResult: Sendable {
    public let name: String
    /// The test file and the case's 1-based line and column in it.
    public let file: String
    public let line: Int
    public let column: Int
    /// How the decision differs from the expectation (empty: passed).
    public let mismatches: [TestMismatch]
    /// Set when the case could not be run (its snapshot is invalid, it has no instant).
    public let error: String?
    /// The rules that fired: emitted an action, had one blocked, or reported a violation.
    public let firedRules: Set<String>

    public var passed: Bool { error == nil && mismatches.isEmpty }
    public var failed: Bool { error == nil && !mismatches.isEmpty }
}

/// The outcome of one test file.
public struct TestFileResult: Sendable {
    public let path: String
    /// The id of the policy under test, when the file could be read.
    public let policyID: String?
    /// The path of the policy file, when it was found.
    public let policyPath: String?
    /// The cases run (after `--filter`).
    public var cases: [TestCaseResult]
    /// Set when the file, or its policy, could not be used: what went wrong, in short.
    public var loadError: String?
}

/// The outcome of a whole `policyctl test` run.
public struct TestRunResult: Sendable {
    public var files: [TestFileResult] = []
    /// Problems of test files, snapshots and policies, at their places.
    public var diagnostics = DiagnosticBag()
    public var coverage = CoverageReport()

    public var cases: [TestCaseResult] { files.flatMap(\.cases) }
    public var passed: Int { cases.filter(\.passed).count }
    public var failed: Int { cases.filter(\.failed).count }
    /// Whether a test file, snapshot or policy was invalid (exit 2).
    public var isInvalid: Bool { diagnostics.hasErrors() || files.contains { $0.loadError != nil } || cases.contains { $0.error != nil } }
}

/// Runs policy test files (docs/testing.md): finds them, reads them, loads and compiles the
/// policy each names, evaluates every case and compares the decision with its expectation.
public struct PolicyTestRunner {
    /// Only cases whose name contains this text (ignoring case) are run.
    public var filter: String?

    public init(filter: String? = nil) {
        self.filter = filter
    }

    /// Runs every test file found under `paths` (files, or directories searched recursively
    /// for `*.test.yaml`).
    public func run(paths: [String]) -> TestRunResult {
        var result = TestRunResult()
        let files = Self.testFiles(in: paths, diagnostics: &result.diagnostics)
        var policies = PolicyCache()
        for path in files {
            guard let file = PolicyTestFile.read(path: path, diagnostics: &result.diagnostics) else {
                result.files.append(TestFileResult(path: path, policyID: nil, policyPath: nil, cases: [], loadError: "the test file is invalid"))
                continue
            }
            result.files.append(run(file, policies: &policies, into: &result))
        }
        return result
    }

    /// The test files under `paths`, sorted within each directory; a path that does not
    /// exist is reported.
    public static func testFiles(in paths: [String], diagnostics: inout DiagnosticBag) -> [String] {
        var found: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.add(PolicyDiagnostic(file: Source("", name: path), diagnostic: PolicyMessage.unreadableFile(path: path).diagnostic(0..<0)))
                continue
            }
            guard isDirectory.boolValue else {
                found.append(path)
                continue
            }
            let names = (FileManager.default.subpaths(atPath: path) ?? []).filter { isTestFile($0) }.sorted()
            for name in names {
                let full = (path as NSString).appendingPathComponent(name)
                var d: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &d), !d.boolValue { found.append(full) }
            }
        }
        var seen = Set<String>()
        return found.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }

    /// Whether a file name is a test file's: `*.test.yaml` (or `.test.yml`).
    public static func isTestFile(_ name: String) -> Bool {
        name.hasSuffix(".test.yaml") || name.hasSuffix(".test.yml")
    }

    /// Runs the cases of `file` against `policy` (already compiled); problems with
    /// snapshots go to `diagnostics`.
    public func run(_ file: PolicyTestFile, policy: CompiledPolicy, diagnostics: inout DiagnosticBag) -> [TestCaseResult] {
        var snapshots = SnapshotCache()
        let evaluator = PolicyEvaluator(policy: policy)
        var results: [TestCaseResult] = []
        for (index, testCase) in file.cases.enumerated() where selected(testCase) {
            results.append(run(testCase, line: index + 1, file: file, evaluator: evaluator, snapshots: &snapshots, diagnostics: &diagnostics))
        }
        return results
    }

    private func selected(_ testCase: PolicyTestCase) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        return testCase.name.localizedCaseInsensitiveContains(filter)
    }

    private func run(_ file: PolicyTestFile, policies: inout PolicyCache, into result: inout TestRunResult) -> TestFileResult {
        let lookup = policies.policy(file.policy.value, for: file, diagnostics: &result.diagnostics)
        guard let (policy, policyPath) = lookup else {
            return TestFileResult(path: file.path, policyID: file.policy.value, policyPath: nil, cases: [],
                                  loadError: "policy `\(file.policy.value)` could not be loaded")
        }
        result.coverage.add(policy, path: policyPath)
        Self.checkReferences(file, policy: policy, diagnostics: &result.diagnostics)
        let cases = run(file, policy: policy, diagnostics: &result.diagnostics)
        for c in cases { result.coverage.record(c.firedRules, path: policyPath) }
        return TestFileResult(path: file.path, policyID: policy.id, policyPath: policyPath, cases: cases, loadError: nil)
    }

    private func run(_ testCase: PolicyTestCase, line: Int, file: PolicyTestFile, evaluator: PolicyEvaluator,
                     snapshots: inout SnapshotCache, diagnostics: inout DiagnosticBag) -> TestCaseResult {
        let (caseLine, column) = file.file.source.location(of: testCase.range.lowerBound)
        func failure(_ message: String) -> TestCaseResult {
            TestCaseResult(name: testCase.name, file: file.path, line: caseLine, column: column, mismatches: [], error: message, firedRules: [])
        }
        func report(_ message: TestFileMessage, _ range: Range<Int>) {
            diagnostics.add(PolicyDiagnostic(file: file.file.source, diagnostic: message.diagnostic(range)))
        }

        let decoded: DecodedSnapshot
        switch testCase.snapshot {
        case .inline(let value, let range, let nodes):
            do { decoded = try SnapshotDecoder.decode(value) } catch {
                report(.invalidSnapshot(path: error.path, problem: error.message), nodes[error.path] ?? range)
                return failure("invalid snapshot: \(error.message)")
            }
        case .file(let path, let range):
            let value: Value
            switch snapshots.json(path, file: file.file.source, range: range, diagnostics: &diagnostics) {
            case .success(let v): value = v
            case .failure(let problem): return failure(problem.message)
            }
            do { decoded = try SnapshotDecoder.decode(value) } catch {
                report(.invalidSnapshot(path: error.path, problem: error.message + " (in `\(path)`)"), range)
                return failure("invalid snapshot: \(error.message)")
            }
        }
        guard let asOf = testCase.asOf ?? decoded.asOf else {
            report(.missingAsOf(name: testCase.name), testCase.range)
            return failure("no `as_of`")
        }
        let decision = evaluator.evaluate(decoded, asOf: asOf, line: line)
        let mismatches = ExpectationMatcher.mismatches(testCase.expect, decision: decision, zone: evaluator.policy.timeZone,
                                                       source: file.file.source)
        return TestCaseResult(name: testCase.name, file: file.path, line: caseLine, column: column, mismatches: mismatches,
                              error: nil, firedRules: CoverageReport.firedRules(decision))
    }

    /// Reports expectations that name what the policy cannot produce: an unknown fact is an
    /// error; an action or violation in `no_actions`/`no_violations` that no rule produces
    /// is a warning (the check could never fail, which usually means a typo).
    public static func checkReferences(_ file: PolicyTestFile, policy: CompiledPolicy, diagnostics: inout DiagnosticBag) {
        let facts = policy.facts.filter(\.output).map(\.name)
        var actions = Set(policy.rules.compactMap { $0.emit?.action })
        actions.formUnion(policy.tiers.compactMap(\.instead))
        if policy.onError == .escalate { actions.insert("escalate") }
        let codes = Set(policy.rules.compactMap { $0.violation?.code })
        func report(_ message: TestFileMessage, _ range: Range<Int>) {
            diagnostics.add(PolicyDiagnostic(file: file.file.source, diagnostic: message.diagnostic(range)))
        }
        var warned = Set<String>()
        for testCase in file.cases {
            for fact in testCase.expect.facts where !facts.contains(fact.name) {
                report(.unknownFact(policy: policy.id, name: fact.name, suggestion: Suggestion.closest(to: fact.name, in: facts)), fact.range)
            }
            for name in testCase.expect.noActions where !actions.contains(name.value) && warned.insert("a:" + name.value).inserted {
                report(.neverEmitted(policy: policy.id, action: name.value, suggestion: Suggestion.closest(to: name.value, in: actions.sorted())), name.range)
            }
            for code in testCase.expect.noViolations where !codes.contains(code.value) && warned.insert("v:" + code.value).inserted {
                report(.neverReported(policy: policy.id, code: code.value, suggestion: Suggestion.closest(to: code.value, in: codes.sorted())), code.range)
            }
        }
    }
}

/// Policies found for test files: each test file's `policy` is looked up in the test file's
/// directory, then in its parent; libraries and compiled policies are kept for the next file.
struct PolicyCache {
    private var libraries: [String: PolicyLibrary] = [:]
    private var compiled: [String: CompiledPolicy?] = [:]

    /// The compiled policy `id` for `file` and the path of its policy file; nil (with the
    /// problem reported) when it is unknown, abstract or invalid.
    mutating func policy(_ id: String, for file: PolicyTestFile, diagnostics: inout DiagnosticBag) -> (CompiledPolicy, String)? {
        let directory = Self.directory(of: file.path)
        let parent = Self.parent(of: directory)
        var searched: [String] = []
        var known: [String] = []
        for folder in [directory, parent] where !searched.contains(folder) {
            searched.append(folder)
            let library = self.library(folder)
            known += library.documents.keys
            guard let document = library.documents[id] else { continue }
            let policyPath = document.file.source.name
            if document.isAbstract {
                diagnostics.add(PolicyDiagnostic(file: file.file.source, diagnostic: TestFileMessage.abstractPolicy(id: id).diagnostic(file.policy.range)))
                return nil
            }
            let key = (policyPath as NSString).standardizingPath
            if let cached = compiled[key] {
                guard let cached else {
                    diagnostics.add(PolicyDiagnostic(file: file.file.source, diagnostic: TestFileMessage.invalidPolicy(id: id).diagnostic(file.policy.range)))
                    return nil
                }
                return (cached, policyPath)
            }
            var bag = DiagnosticBag()
            let policy = PolicyCompiler(library: library).compile(id, diagnostics: &bag)
            compiled[key] = .some(policy)
            guard let policy else {
                for d in bag.sorted where d.diagnostic.severity == .error { diagnostics.add(d) }
                for d in library.diagnostics.sorted where d.diagnostic.severity == .error && d.file.name == policyPath { diagnostics.add(d) }
                diagnostics.add(PolicyDiagnostic(file: file.file.source, diagnostic: TestFileMessage.invalidPolicy(id: id).diagnostic(file.policy.range)))
                return nil
            }
            return (policy, policyPath)
        }
        // A policy file that could not be read is "unknown": show why.
        for folder in searched {
            for d in library(folder).diagnostics.sorted where d.diagnostic.severity == .error
                && ((d.file.name as NSString).lastPathComponent == id + ".yaml" || (d.file.name as NSString).lastPathComponent == id + ".yml") {
                diagnostics.add(d)
            }
        }
        diagnostics.add(PolicyDiagnostic(file: file.file.source, diagnostic: TestFileMessage.unknownPolicy(
            id: id, searched: searched, suggestion: Suggestion.closest(to: id, in: Set(known).sorted())).diagnostic(file.policy.range)))
        return nil
    }

    private mutating func library(_ folder: String) -> PolicyLibrary {
        if let library = libraries[folder] { return library }
        var isDirectory: ObjCBool = false
        let library = FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue
            ? PolicyLibrary(paths: [folder]) : PolicyLibrary()
        libraries[folder] = library
        return library
    }

    static func directory(of path: String) -> String {
        let d = PolicyLibrary.parent(of: path)
        return d.isEmpty ? "." : d
    }

    static func parent(of directory: String) -> String {
        let p = PolicyLibrary.parent(of: directory)
        return p.isEmpty ? "." : p
    }
}

/// JSON snapshot files, read once each; each problem is reported once.
struct SnapshotCache {
    private var values: [String: Result<Value, SnapshotFileError>] = [:]

    struct SnapshotFileError: Error {
        let message: String
    }

    /// The JSON value in `path`, or why there is none. A file that is not JSON is reported
    /// at the place in the JSON file; one that cannot be read at `range` of `file`.
    mutating func json(_ path: String, file: Source, range: Range<Int>, diagnostics: inout DiagnosticBag) -> Result<Value, SnapshotFileError> {
        if let cached = values[path] { return cached }
        let result: Result<Value, SnapshotFileError>
        if let data = FileManager.default.contents(atPath: path) {
            let bytes = Array(data)
            do {
                result = .success(try JSONReader().read(bytes))
            } catch {
                let source = Source(String(decoding: bytes, as: UTF8.self), name: path)
                let offset = min(error.offset, source.text.utf8.count)
                diagnostics.add(PolicyDiagnostic(file: source, diagnostic: TestFileMessage.snapshotJSON(problem: error.message).diagnostic(offset..<offset + 1)))
                result = .failure(SnapshotFileError(message: "snapshot file `\(path)` is not valid JSON"))
            }
        } else {
            diagnostics.add(PolicyDiagnostic(file: file, diagnostic: TestFileMessage.unreadableSnapshot(path: path).diagnostic(range)))
            result = .failure(SnapshotFileError(message: "cannot read snapshot file `\(path)`"))
        }
        values[path] = result
        return result
    }
}
