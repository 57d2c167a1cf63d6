/// Why a resource of the Policy module (the action vocabulary, read from the policy schema
/// compiled into the binary) could not be read: a defect of the build, never a problem of
/// the user's files. `ActionVocabularyTests` keeps it from shipping; should it happen, the
/// compiler reports it (`policy.missing-resource`) rather than stopping the process.
public enum PolicyResourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A schema does not hold what it must (`problem` says what).
    case malformed(path: String, problem: String)

    /// One line in the house style (lowercase start, no final period, names in backticks).
    public var description: String {
        switch self {
        case .malformed(let path, let problem): return "policyctl's resource `\(path)` is damaged: \(problem)"
        }
    }
}
