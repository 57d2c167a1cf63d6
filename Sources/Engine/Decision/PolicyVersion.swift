import CEL
import Policy

/// A policy as a decision names it: id, version and digest, encoded for JSON once.
public struct PolicyVersion: Sendable, Equatable {
    private let encodedID: JSONString
    private let encodedVersion: JSONString?
    private let encodedDigest: JSONString

    /// The policy's id.
    public var id: String { encodedID.text }
    /// Its `version`, when it has one.
    public var version: String? { encodedVersion?.text }
    /// `sha256:` of the policy's files (its chain and calendar).
    public var digest: String { encodedDigest.text }

    public init(id: String, version: String?, digest: String) {
        encodedID = JSONString(id)
        encodedVersion = version.map(JSONString.init)
        encodedDigest = JSONString(digest)
    }

    /// The version of a compiled policy.
    public init(of policy: CompiledPolicy) {
        self.init(id: policy.id, version: policy.version, digest: policy.digest)
    }

    /// The policy that made `decision`.
    public init(of decision: Decision) {
        self = decision.template.policy
    }

    /// `id version (digest)`, with the digest shortened to 12 hex digits.
    public var label: String {
        let hex = digest.hasPrefix("sha256:") ? String(digest.dropFirst(7).prefix(12)) : digest
        return [id, version, "(\(hex))"].compactMap { $0 }.joined(separator: " ")
    }

    /// Writes the contract's `policy` object (§2): `{"id":…,"version":…,"digest":…}`, as
    /// decisions, diffs and simulated timelines show it.
    public func write(into w: inout JSONWriter) {
        w.beginObject()
        w.key(Key.id); w.string(encodedID)
        w.key(Key.version); if let encodedVersion { w.string(encodedVersion) } else { w.null() }
        w.key(Key.digest); w.string(encodedDigest)
        w.endObject()
    }

    private enum Key {
        static let id = JSONKey("id")
        static let version = JSONKey("version")
        static let digest = JSONKey("digest")
    }
}
