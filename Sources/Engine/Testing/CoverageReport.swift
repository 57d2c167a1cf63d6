import Policy

/// Rule coverage of policy tests: for each policy tested, which of its rules (inherited ones
/// included) some case made fire. A rule fires when it emits an action, has an action
/// blocked, or reports a violation; a rule no case made fire is uncovered.
public struct CoverageReport: Sendable {
    /// The coverage of one policy.
    public struct Entry: Sendable {
        public let policyID: String
        /// The policy file.
        public let path: String
        /// Every rule id, in the policy's order.
        public let rules: [String]
        /// The rules some case made fire.
        public internal(set) var covered: Set<String> = []

        /// The rules no case made fire, in the policy's order.
        public var uncovered: [String] { rules.filter { !covered.contains($0) } }
        /// Covered rules over all rules (1 for a policy without rules).
        public var ratio: Double { rules.isEmpty ? 1 : Double(rules.count - uncovered.count) / Double(rules.count) }
        /// `25/27 rules (92.6%)`.
        public var figure: String {
            let n = rules.count - uncovered.count
            return "\(n)/\(rules.count) \(rules.count == 1 ? "rule" : "rules") (\(CoverageReport.percent(ratio)))"
        }
    }

    /// One entry per policy tested, in the order first tested.
    public private(set) var entries: [Entry] = []

    public init() {}

    /// Registers `policy` (from the file at `path`) as tested.
    public mutating func add(_ policy: CompiledPolicy, path: String) {
        guard !entries.contains(where: { $0.path == path }) else { return }
        entries.append(Entry(policyID: policy.id, path: path, rules: policy.rules.map(\.id)))
    }

    /// Records rules that fired in one case of the policy at `path`.
    public mutating func record(_ fired: Set<String>, path: String) {
        guard let i = entries.firstIndex(where: { $0.path == path }) else { return }
        entries[i].covered.formUnion(fired.intersection(entries[i].rules))
    }

    /// All rules of all policies: covered over total.
    public var ratio: Double {
        let total = entries.reduce(0) { $0 + $1.rules.count }
        let covered = entries.reduce(0) { $0 + $1.rules.count - $1.uncovered.count }
        return total == 0 ? 1 : Double(covered) / Double(total)
    }

    /// The rules that fired in a decision: those with an action, a blocked action or a
    /// violation (the `on_error` escalation belongs to no rule).
    public static func firedRules(_ decision: Decision) -> Set<String> {
        var fired = Set(decision.actions.map(\.rule))
        fired.formUnion(decision.blocked.map(\.rule))
        fired.formUnion(decision.violations.map(\.rule))
        fired.remove("on_error")
        return fired
    }

    /// The text form: per policy its figure and uncovered rules, then the total.
    ///
    /// ```
    /// coverage:
    ///   yongdeng (policies/yongdeng.yaml): 25/27 rules (92.6%)
    ///     uncovered: late-fee-waiver, outage-renotice
    ///   total: 25/27 rules (92.6%)
    /// ```
    public var text: String {
        var out = "coverage:\n"
        for entry in entries {
            out += "  \(entry.policyID) (\(entry.path)): \(entry.figure)\n"
            if !entry.uncovered.isEmpty { out += "    uncovered: \(entry.uncovered.joined(separator: ", "))\n" }
        }
        let total = entries.reduce(0) { $0 + $1.rules.count }
        let covered = entries.reduce(0) { $0 + $1.rules.count - $1.uncovered.count }
        out += "  total: \(covered)/\(total) \(total == 1 ? "rule" : "rules") (\(Self.percent(ratio)))\n"
        return out
    }

    /// `92.6%`; never rounds up to 100% while a rule is uncovered.
    static func percent(_ ratio: Double) -> String {
        var tenths = (ratio * 1000).rounded()
        if ratio < 1, tenths >= 1000 { tenths = 999 }
        let whole = Int(tenths) / 10
        let fraction = Int(tenths) % 10
        return "\(whole).\(fraction)%"
    }
}
