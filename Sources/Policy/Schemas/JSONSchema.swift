/// The JSON Schemas (draft 2020-12) of policyctl's file formats, by the name
/// `policyctl schema <name>` takes.
///
/// The text of each is one file, `Sources/Policy/Resources/schemas/<name>.schema.json`
/// (`schemas/` at the repository root is a link to that folder, for editors and scripts),
/// shipped as a resource of this module and read at run time (``PolicyResources``): edit
/// the file, nothing else.
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

    /// The schema's file name, in `schemas/` and in the resource bundle.
    public var fileName: String { "\(rawValue).schema.json" }

    /// The schema's text, byte for byte its file; an error (never a crash) when the
    /// module's resources cannot be read.
    public func bytes() throws(PolicyResourceError) -> [UInt8] {
        try PolicyResources.bytes(of: "schemas/\(fileName)")
    }
}
