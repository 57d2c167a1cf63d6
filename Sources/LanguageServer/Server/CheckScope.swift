import CEL
import Policy

/// The directory whose policies are checked together for a document, and what the last
/// check of it found.
///
/// A document is checked as `policyctl check DIR` checks its directory (a calendar's, the
/// directory above its `calendars/` folder), with the open documents read in place of
/// their files: the same library, compiler and diagnostics, so the editor and `check`
/// agree. Checking the directory, not the file alone, is what makes an edit to a baseline
/// reach the policies that extend it.
struct CheckScope {
    /// The directory, normalized.
    let directory: String
    /// The library read, open documents overlaid.
    let library: PolicyLibrary
    /// What checking it found, and the policies that compiled.
    let result: LibraryCheck

    /// The directory checked for the file at `path`.
    static func directory(of path: String) -> String {
        let folder = PolicyLibrary.parent(of: path)
        if (folder as String).hasSuffix("/calendars") { return PolicyLibrary.parent(of: folder) }
        return folder
    }

    /// Checks `directory` with `overlay` read in place of files.
    init(directory: String, overlay: [String: [UInt8]], today: CivilDate?) {
        self.directory = directory
        library = PolicyLibrary(paths: [directory], overlay: overlay)
        result = library.check(today: today)
    }

    /// The diagnostics found in the file at `path` (normalized), sorted as `check` sorts them.
    func diagnostics(inFile path: String) -> [PolicyDiagnostic] {
        result.diagnostics.sorted.filter { PolicyLibrary.normalized($0.file.name) == path }
    }

    /// The policy read from the file at `path` (normalized), if it is one.
    func document(atPath path: String) -> PolicyDocument? {
        library.documents.values.first { PolicyLibrary.normalized($0.file.source.name) == path }
    }
}
