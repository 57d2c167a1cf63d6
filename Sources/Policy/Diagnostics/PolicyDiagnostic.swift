import CEL

/// A diagnostic in a policy, calendar or test file: a CEL ``Diagnostic`` whose range is in
/// UTF-8 offsets of the whole file.
public struct PolicyDiagnostic: Sendable {
    /// The file, named by its path.
    public let file: Source
    /// What and where.
    public let diagnostic: Diagnostic

    public init(file: Source, diagnostic: Diagnostic) {
        self.file = file
        self.diagnostic = diagnostic
    }

    /// 1-based line and column of the start.
    public var location: (line: Int, column: Int) { file.location(of: diagnostic.range.lowerBound) }
}

/// Diagnostics collected across files: kept in order of discovery, capped, and sorted by
/// file then position when read.
public struct DiagnosticBag: Sendable {
    /// At most this many are kept; the rest are counted.
    public static let cap = 100
    private(set) var items: [PolicyDiagnostic] = []
    /// How many were dropped past the cap.
    public private(set) var dropped = 0

    public init() {}

    /// Adds one, unless the same diagnostic is already there (a base policy's warning is
    /// found again by every policy that extends it).
    public mutating func add(_ diagnostic: PolicyDiagnostic) {
        if items.contains(where: { $0.file.name == diagnostic.file.name && $0.diagnostic == diagnostic.diagnostic }) { return }
        if items.count < Self.cap { items.append(diagnostic) } else { dropped += 1 }
    }

    /// Adds all of `other`.
    public mutating func add(contentsOf other: DiagnosticBag) {
        for item in other.items { add(item) }
        dropped += other.dropped
    }

    /// Sorted by file, then position, then code.
    public var sorted: [PolicyDiagnostic] {
        items.sorted {
            ($0.file.name, $0.diagnostic.range.lowerBound, $0.diagnostic.code)
                < ($1.file.name, $1.diagnostic.range.lowerBound, $1.diagnostic.code)
        }
    }

    /// Whether any diagnostic is an error (or, with `strict`, a warning).
    public func hasErrors(strict: Bool = false) -> Bool {
        items.contains { $0.diagnostic.severity == .error || (strict && $0.diagnostic.severity == .warning) } || dropped > 0
    }

    /// The number of each severity.
    public var counts: (errors: Int, warnings: Int) {
        (items.filter { $0.diagnostic.severity == .error }.count, items.filter { $0.diagnostic.severity == .warning }.count)
    }
}
