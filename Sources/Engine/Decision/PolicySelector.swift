import CEL
import Policy

/// Which compiled policy evaluates a snapshot: one for all, or one per bureau id.
public enum PolicySelector: Sendable {
    /// One policy (a policy file): for the snapshots of its own bureau (the policy's id) and
    /// those that name none; with `anyBureau`, for every snapshot whatever its bureau.
    case single(CompiledPolicy, anyBureau: Bool = false)
    /// Each snapshot's `bureau` picks the policy with that id.
    case byBureau([String: CompiledPolicy])

    /// The policy for a snapshot of `bureau`, or nil.
    public func policy(for bureau: String?) -> CompiledPolicy? {
        switch self {
        case .single(let p, let anyBureau): return anyBureau || bureau == nil || bureau == p.id ? p : nil
        case .byBureau(let table): return bureau.flatMap { table[$0] }
        }
    }

    /// Every policy it may pick.
    public var policies: [CompiledPolicy] {
        switch self {
        case .single(let p, _): return [p]
        case .byBureau(let table): return table.keys.sorted().compactMap { table[$0] }
        }
    }

    /// How the policies it may pick use the snapshot's records, together.
    public var recordUse: RecordUse {
        var use = RecordUse()
        for policy in policies { use.formUnion(policy.recordUse) }
        return use
    }

    /// Why ``policy(for:)`` has no policy for a snapshot of `bureau`: the message of its
    /// `unknown_bureau` error.
    public func missingPolicyMessage(for bureau: String?) -> String {
        guard let bureau else { return "the snapshot names no `bureau`" }
        switch self {
        case .single(let p, _):
            return "no policy for bureau `\(bureau)`: the policy file is bureau `\(p.id)`'s (--any-bureau applies it to every bureau)"
        case .byBureau:
            return "no policy for bureau `\(bureau)`"
        }
    }
}
