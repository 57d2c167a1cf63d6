/// The JSON Schemas (draft 2020-12) of policyctl's file formats, by the name
/// `policyctl schema <name>` takes.
///
/// The text of each is one file, `Sources/Policy/Resources/schemas/<name>.schema.json`
/// (`schemas/` at the repository root is a link to that folder, for editors and scripts),
/// compiled into this module as bytes (`.embedInCode` in Package.swift, which generates
/// `PackageResources`): edit the file, nothing else. The binary needs no file beside it.
public enum JSONSchema: String, CaseIterable, Sendable {
    /// Policy files (docs/language.md).
    case policy
    /// Calendar files (`calendars/<id>.yaml`).
    case calendar
    /// Policy test files (`*.test.yaml`, docs/testing.md).
    case policyTest = "policy-test"
    /// An account snapshot, the input of `eval` (contract §1).
    case snapshot
    /// One line of `eval` output: a decision or an error line (contract §2, §3).
    case decision

    /// The schema's file name, in `schemas/`.
    public var fileName: String { "\(rawValue).schema.json" }

    /// The schema's text, byte for byte its file.
    public var bytes: [UInt8] {
        switch self {
        case .policy: return PackageResources.policy_schema_json
        case .calendar: return PackageResources.calendar_schema_json
        case .policyTest: return PackageResources.policy_test_schema_json
        case .snapshot: return PackageResources.snapshot_schema_json
        case .decision: return PackageResources.decision_schema_json
        }
    }
}
