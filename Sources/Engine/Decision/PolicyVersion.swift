/// A policy as a decision names it: id, version and digest.
public struct PolicyVersion: Sendable, Equatable {
    /// The policy's id.
    public let id: String
    /// Its `version`, when it has one.
    public let version: String?
    /// `sha256:` of the policy's files (its chain and calendar).
    public let digest: String

    /// The policy that made `decision`.
    public init(of decision: Decision) {
        id = decision.policyID
        version = decision.policyVersion
        digest = decision.policyDigest
    }

    /// `id version (digest)`, with the digest shortened to 12 hex digits.
    public var label: String {
        let hex = digest.hasPrefix("sha256:") ? String(digest.dropFirst(7).prefix(12)) : digest
        return [id, version, "(\(hex))"].compactMap { $0 }.joined(separator: " ")
    }
}
