import CEL

/// The catalogue of policy-test diagnostics (`policyctl test`): problems of a test file, of
/// the snapshots it names, and of its references to the policy under test. Shapes (unknown
/// keys, wrong types, duplicates) reuse ``PolicyMessage``.
public enum TestFileMessage: Sendable {
    case unknownPolicy(id: String, searched: [String], suggestion: String?)
    case abstractPolicy(id: String)
    case invalidPolicy(id: String)
    case unreadableSnapshot(path: String)
    case snapshotJSON(problem: String)
    case invalidSnapshot(path: String, problem: String)
    case missingAsOf(name: String)
    case unknownFact(policy: String, name: String, suggestion: String?)
    case neverEmitted(policy: String, action: String, suggestion: String?)
    case neverReported(policy: String, code: String, suggestion: String?)
    case noCases

    /// A stable identifier such as `test.unknown-policy`.
    public var code: String {
        switch self {
        case .unknownPolicy: return "test.unknown-policy"
        case .abstractPolicy: return "test.abstract-policy"
        case .invalidPolicy: return "test.invalid-policy"
        case .unreadableSnapshot: return "test.unreadable-snapshot"
        case .snapshotJSON: return "test.snapshot-json"
        case .invalidSnapshot: return "test.invalid-snapshot"
        case .missingAsOf: return "test.missing-as-of"
        case .unknownFact: return "test.unknown-fact"
        case .neverEmitted: return "test.action-never-emitted"
        case .neverReported: return "test.violation-never-reported"
        case .noCases: return "test.no-cases"
        }
    }

    /// Errors make the file invalid (exit 2); warnings are shown and the cases still run.
    public var severity: Severity {
        switch self {
        case .neverEmitted, .neverReported, .noCases: return .warning
        default: return .error
        }
    }

    /// One line in the house style.
    public var message: String {
        switch self {
        case .unknownPolicy(let id, let searched, _):
            return "unknown policy `\(id)` (looked in \(searched.map { "`\($0)`" }.joined(separator: " and ")))"
        case .abstractPolicy(let id): return "policy `\(id)` is abstract and cannot be tested by itself"
        case .invalidPolicy(let id): return "policy `\(id)` has errors; its tests were not run"
        case .unreadableSnapshot(let path): return "cannot read snapshot file `\(path)`"
        case .snapshotJSON(let problem): return "invalid JSON snapshot: \(problem)"
        case .invalidSnapshot(let path, let problem):
            return path.isEmpty ? "invalid snapshot: \(problem)" : "invalid snapshot at `\(path)`: \(problem)"
        case .missingAsOf(let name): return "test `\(name)` has no `as_of` and its snapshot has none"
        case .unknownFact(let policy, let name, _): return "policy `\(policy)` has no output fact `\(name)`"
        case .neverEmitted(let policy, let action, _): return "no rule of policy `\(policy)` emits `\(action)`"
        case .neverReported(let policy, let code, _): return "no rule of policy `\(policy)` reports violation `\(code)`"
        case .noCases: return "test file has no tests"
        }
    }

    /// A hint, where one is likely to help.
    public var help: String? {
        switch self {
        case .unknownPolicy(_, _, let s), .unknownFact(_, _, let s): return s.map { "did you mean `\($0)`?" }
        case .neverEmitted(_, _, let s), .neverReported(_, _, let s):
            return s.map { "did you mean `\($0)`? (as written, the check always passes)" }
                ?? "as written, the check always passes"
        case .abstractPolicy: return "test a policy that extends it"
        case .invalidPolicy(let id): return "run `policyctl check` on the directory of `\(id)`"
        case .missingAsOf: return "add `as_of: 2026-12-05T09:00:00+08:00` to the test (tests must not depend on the clock)"
        default: return nil
        }
    }

    /// The diagnostic for a range of file offsets.
    public func diagnostic(_ range: Range<Int>) -> Diagnostic {
        Diagnostic(code: code, severity: severity, message: message, help: help, range: range)
    }
}
