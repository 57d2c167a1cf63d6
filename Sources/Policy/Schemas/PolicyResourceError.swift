/// Why a resource of the Policy module (a JSON Schema, and the action vocabulary read from
/// one) could not be read: an installation problem, never a problem of the user's files.
public enum PolicyResourceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The resource bundle is not where it must be: beside the executable.
    case bundleMissing(expectedAt: String)
    /// The bundle is there but one of its files is missing or unreadable.
    case fileMissing(path: String)
    /// A file is there but does not hold what it must (`problem` says what).
    case malformed(path: String, problem: String)

    /// One line in the house style (lowercase start, no final period, names in backticks).
    public var description: String {
        switch self {
        case .bundleMissing(let path):
            return "policyctl's resources are missing: no `\(path)` (keep the `\(PolicyResources.bundleFileName)` folder "
                + "of the release beside the `policyctl` binary)"
        case .fileMissing(let path): return "policyctl's resources are incomplete: cannot read `\(path)`"
        case .malformed(let path, let problem): return "policyctl's resource `\(path)` is damaged: \(problem)"
        }
    }
}
