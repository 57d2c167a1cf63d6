import CEL

/// A diagnostic in a policy, calendar or test file: a CEL ``Diagnostic`` whose range is in
/// UTF-8 offsets of the whole file.
public struct PolicyDiagnostic: Sendable {
    /// The file, named by its path.
    public let file: Source
    /// What and where.
    public let diagnostic: Diagnostic
    /// Other places the message refers to, such as where a duplicated key was first given.
    public let related: [RelatedPlace]

    public init(file: Source, diagnostic: Diagnostic, related: [RelatedPlace] = []) {
        self.file = file
        self.diagnostic = diagnostic
        self.related = related
    }

    /// 1-based line and column of the start.
    public var location: (line: Int, column: Int) { file.location(of: diagnostic.range.lowerBound) }
}

/// A place a diagnostic refers to (editors show it as related information): the first of
/// two definitions, a base policy's declaration.
public struct RelatedPlace: Sendable {
    /// The file, named by its path.
    public let file: Source
    /// UTF-8 offsets in the file.
    public let range: Range<Int>
    /// What is there, such as `first defined here`.
    public let message: String

    public init(file: Source, range: Range<Int>, message: String) {
        self.file = file
        self.range = range
        self.message = message
    }
}

/// Diagnostics collected across files: kept in order of discovery, capped, and sorted by
/// file then position when read.
///
/// Past the cap, diagnostics are counted by severity rather than kept, and an error takes
/// the place of the latest warning kept, so that warnings never hide an error. Only errors
/// make ``hasErrors(strict:)`` true (warnings too with `strict`), kept or not.
public struct DiagnosticBag: Sendable {
    /// At most this many are kept; the rest are counted.
    public static let cap = 100
    private(set) var items: [PolicyDiagnostic] = []
    /// Every diagnostic added, kept or dropped, to count each once (a base policy's warning
    /// is found again by every policy that extends it).
    private var seen = Set<Key>()
    /// How many errors and warnings were dropped past the cap.
    public private(set) var droppedCounts: (errors: Int, warnings: Int) = (0, 0)

    private struct Key: Hashable {
        let file: String
        let diagnostic: Diagnostic
    }

    public init() {}

    /// How many were dropped past the cap.
    public var dropped: Int { droppedCounts.errors + droppedCounts.warnings }

    /// Adds one, unless the same diagnostic is already there.
    public mutating func add(_ diagnostic: PolicyDiagnostic) {
        guard seen.insert(Key(file: diagnostic.file.name, diagnostic: diagnostic.diagnostic)).inserted else { return }
        if items.count < Self.cap {
            items.append(diagnostic)
        } else if diagnostic.diagnostic.severity == .error,
                  let warning = items.lastIndex(where: { $0.diagnostic.severity != .error }) {
            count(dropped: items.remove(at: warning))
            items.append(diagnostic)
        } else {
            count(dropped: diagnostic)
        }
    }

    private mutating func count(dropped diagnostic: PolicyDiagnostic) {
        if diagnostic.diagnostic.severity == .error { droppedCounts.errors += 1 } else { droppedCounts.warnings += 1 }
    }

    /// Adds all of `other`: what it kept, and the count of what it dropped.
    public mutating func add(contentsOf other: DiagnosticBag) {
        for item in other.items { add(item) }
        droppedCounts.errors += other.droppedCounts.errors
        droppedCounts.warnings += other.droppedCounts.warnings
    }

    /// Sorted by file, then position, then code.
    public var sorted: [PolicyDiagnostic] {
        items.sorted {
            ($0.file.name, $0.diagnostic.range.lowerBound, $0.diagnostic.code)
                < ($1.file.name, $1.diagnostic.range.lowerBound, $1.diagnostic.code)
        }
    }

    /// Whether any diagnostic, kept or dropped, is an error (or, with `strict`, a warning).
    public func hasErrors(strict: Bool = false) -> Bool {
        let (errors, warnings) = counts
        return errors > 0 || (strict && warnings > 0)
    }

    /// The number of errors and of warnings, counting those dropped past the cap.
    public var counts: (errors: Int, warnings: Int) {
        (items.filter { $0.diagnostic.severity == .error }.count + droppedCounts.errors,
         items.filter { $0.diagnostic.severity != .error }.count + droppedCounts.warnings)
    }

    /// The line that stands for the diagnostics dropped past the cap (`… and 3 more not
    /// shown: 1 error, 2 warnings`), or nil when none was.
    public var droppedSummary: String? {
        guard dropped > 0 else { return nil }
        let (errors, warnings) = droppedCounts
        return "… and \(dropped) more not shown: \(errors) \(errors == 1 ? "error" : "errors"), "
            + "\(warnings) \(warnings == 1 ? "warning" : "warnings")"
    }
}
