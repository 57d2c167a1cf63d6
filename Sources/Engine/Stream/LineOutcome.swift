import CEL

/// What one input snapshot became: a decision, or the contract's error line in its place
/// (§3). `eval` writes outcomes as they come; `diff` and `report` gather them.
public enum LineOutcome: Sendable {
    /// The snapshot was evaluated.
    case decided(Decided)
    /// The snapshot could not be evaluated.
    case refused(Refusal)

    /// A decision with what is needed to print and group it.
    public struct Decided: Sendable {
        /// The decision, exactly as `eval` prints it.
        public let decision: Decision
        /// The snapshot's `bureau`, when it has one.
        public let bureau: String?
        /// The policy's time zone, in which the decision's times are written.
        public let zone: TimeZoneSpec
        /// The snapshot it decided (for `audit`, which replays its history).
        public let snapshot: DecodedSnapshot
    }

    /// A snapshot that could not be evaluated: the fields of the contract's error line.
    public struct Refusal: Sendable, Equatable {
        /// The input line (1-based) or array position.
        public let line: Int
        /// The account id, when it could be read.
        public let accountID: String?
        /// `invalid_snapshot`, `unknown_bureau` or `budget_exceeded`.
        public let code: String
        /// The JSON path of the problem.
        public let path: String
        /// What is wrong.
        public let message: String
    }
}
