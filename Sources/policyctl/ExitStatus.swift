/// The exit codes of `policyctl`, as the contract (§4) fixes them.
enum ExitStatus: Int32, Error {
    /// Everything evaluated without error.
    case success = 0
    /// Some snapshots, rules or expressions had errors; the output is still complete.
    case evaluationErrors = 1
    /// A usage error or an invalid policy or expression.
    case usage = 2
    /// Reading or writing failed.
    case io = 3
}
