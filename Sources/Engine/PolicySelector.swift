import Policy

/// Which compiled policy evaluates a snapshot: one for all, or one per bureau id.
public enum PolicySelector: Sendable {
    /// Every snapshot uses this policy.
    case single(CompiledPolicy)
    /// Each snapshot's `bureau` picks the policy with that id.
    case byBureau([String: CompiledPolicy])

    /// The policy for a snapshot of `bureau`, or nil.
    public func policy(for bureau: String?) -> CompiledPolicy? {
        switch self {
        case .single(let p): return p
        case .byBureau(let table): return bureau.flatMap { table[$0] }
        }
    }
}
