import CEL
import Foundation

/// The policies and calendars of one or more files or directories, read and indexed by id.
///
/// A directory contributes its `*.yaml` files (not its subdirectories) and the calendars in
/// its `calendars/` folder; a file contributes itself, the other policies of its directory
/// (so that `extends` finds its base) and the calendars beside it. Every file named is
/// kept with its diagnostics, so one broken file never hides another's errors. A file read
/// only because a named policy might need it (a sibling, a calendar) reports its problems
/// only when a named policy does need it: it is in an `extends` chain or names the
/// chain's calendar, or a chain names a base or calendar that no readable file provides
/// (then every unreadable candidate is reported, since it may be the one).
public struct PolicyLibrary: Sendable {
    /// Policy documents by id.
    public private(set) var documents: [String: PolicyDocument] = [:]
    /// Calendars by id.
    public private(set) var calendars: [String: CalendarDocument] = [:]
    /// The ids of the policies named directly (a file's own policy, or every policy of a
    /// directory), in path order: what `check` reports on and `eval` may choose from.
    public private(set) var requested: [String] = []
    /// Everything found while reading what the named policies need.
    public var diagnostics: DiagnosticBag {
        var all = namedDiagnostics
        let needs = Needs(of: self)
        for file in candidates where needs.includes(file) { all.add(contentsOf: file.diagnostics) }
        return all
    }
    private var namedDiagnostics = DiagnosticBag()
    /// Files read in case a named policy needs them, with what was found in each.
    private var candidates: [CandidateFile] = []
    private var readPaths: Set<String> = []
    /// Texts that stand in for files (an editor's unsaved documents), by normalized path:
    /// read in place of the file on disk, and listed in their directory even when the file
    /// is not on disk yet.
    private let overlay: [String: [UInt8]]

    /// A file read in case a named policy needs it.
    private struct CandidateFile: Sendable {
        enum Kind: Sendable { case policy, calendar }
        let kind: Kind
        /// The policy or calendar id, when the file could be read.
        let id: String?
        let diagnostics: DiagnosticBag
    }

    public init() {
        overlay = [:]
    }

    /// Reads `paths` (files or directories); a file whose path (any spelling) is a key of
    /// `overlay` is read from there instead of from the disk.
    public init(paths: [String], overlay: [String: [UInt8]] = [:]) {
        self.overlay = Dictionary(overlay.map { (Self.normalized($0.key), $0.value) }, uniquingKeysWith: { $1 })
        for path in paths { add(path: path) }
    }

    /// Reads one file or directory.
    public mutating func add(path: String) {
        var isDirectory: ObjCBool = false
        guard overlay[Self.normalized(path)] != nil || FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let source = Source("", name: path)
            namedDiagnostics.add(PolicyDiagnostic(file: source, diagnostic: PolicyMessage.unreadableFile(path: path).diagnostic(0..<0)))
            return
        }
        let directory = isDirectory.boolValue ? path : Self.parent(of: path)
        let files = isDirectory.boolValue ? yamlFiles(in: path) : [path]
        for file in files {
            var found = DiagnosticBag()
            if let id = readPolicy(file, &found), !requested.contains(id) { requested.append(id) }
            namedDiagnostics.add(contentsOf: found)
        }
        // Bases and calendars that the requested policies may refer to.
        for sibling in yamlFiles(in: directory.isEmpty ? "." : directory) where !readPaths.contains(Self.normalized(sibling)) {
            var found = DiagnosticBag()
            let id = readPolicy(sibling, &found)
            candidates.append(CandidateFile(kind: .policy, id: id, diagnostics: found))
        }
        for folder in [directory, Self.parent(of: directory.isEmpty ? "." : directory)] {
            let calendarsFolder = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent("calendars")
            for file in yamlFiles(in: calendarsFolder) where !readPaths.contains(Self.normalized(file)) {
                var found = DiagnosticBag()
                let id = readCalendar(file, &found)
                candidates.append(CandidateFile(kind: .calendar, id: id, diagnostics: found))
            }
        }
    }

    /// What the named policies need: the policies of their `extends` chains and the
    /// calendars those name, and whether a base or calendar named is missing.
    private struct Needs {
        var chainIDs: Set<String> = []
        var calendarIDs: Set<String> = []
        var missingBase = false
        var missingCalendar = false

        init(of library: PolicyLibrary) {
            for id in library.requested {
                var next: String? = id
                while let current = next, chainIDs.insert(current).inserted {
                    guard let document = library.documents[current] else { missingBase = true; break }
                    if let calendar = document.calendar?.value {
                        calendarIDs.insert(calendar)
                        if library.calendars[calendar] == nil { missingCalendar = true }
                    }
                    next = document.extends?.value
                }
            }
        }

        /// Whether a named policy needs `file` (see the type's description).
        func includes(_ file: CandidateFile) -> Bool {
            switch (file.kind, file.id) {
            case (.policy, let id?): return chainIDs.contains(id)
            case (.policy, nil): return missingBase
            case (.calendar, let id?): return calendarIDs.contains(id)
            case (.calendar, nil): return missingCalendar
            }
        }
    }

    /// The policy-shaped files of `directory` (`*.yaml`, `*.yml`, not `*.test.*`), those of
    /// the overlay in it included, sorted by name.
    func yamlFiles(in directory: String) -> [String] {
        var names = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        if !overlay.isEmpty {
            let folder = Self.normalized(directory)
            for path in overlay.keys where Self.parent(of: path) == folder { names.insert((path as NSString).lastPathComponent) }
        }
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.contains(".test.") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
            .filter { path in
                var d: ObjCBool = false
                return overlay[Self.normalized(path)] != nil || (FileManager.default.fileExists(atPath: path, isDirectory: &d) && !d.boolValue)
            }
    }

    /// The folder of `path`, spelled as `path` spells it (`""` for a bare file name).
    /// NSString's `deletingLastPathComponent` traps on short paths such as `.` or `p` in
    /// swift-corelibs-foundation, so it is not used.
    public static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty || trimmed == "." || trimmed == ".." || trimmed.hasSuffix("/.") || trimmed.hasSuffix("/..") {
            return URL(fileURLWithPath: String(trimmed.isEmpty ? "." : trimmed)).standardizedFileURL.deletingLastPathComponent().path
        }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// One spelling for every path of a file (`p.yaml`, `./p.yaml`, `/abs/p.yaml`).
    public static func normalized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private mutating func readFile(_ path: String, _ diagnostics: inout DiagnosticBag) -> YAMLFile? {
        let normalized = Self.normalized(path)
        guard readPaths.insert(normalized).inserted else { return nil }
        guard let data = overlay[normalized] ?? FileManager.default.contents(atPath: path).map({ Array($0) }) else {
            diagnostics.add(PolicyDiagnostic(file: Source("", name: path), diagnostic: PolicyMessage.unreadableFile(path: path).diagnostic(0..<0)))
            return nil
        }
        let file = YAMLFile(path: path, bytes: data, diagnostics: &diagnostics)
        return file.root == nil ? nil : file
    }

    /// Reads a policy file; returns its id (also when it was read before, or when another
    /// file already has that id: then the first file's document is kept and this one is
    /// reported).
    private mutating func readPolicy(_ path: String, _ diagnostics: inout DiagnosticBag) -> String? {
        let normalized = Self.normalized(path)
        if readPaths.contains(normalized) {
            return documents.values.first { Self.normalized($0.file.source.name) == normalized }?.id.value
        }
        guard let file = readFile(path, &diagnostics) else { return nil }
        var reader = PolicyReader(file: file)
        let document = reader.read()
        diagnostics.add(contentsOf: reader.reader.diagnostics)
        guard let document else { return nil }
        if let existing = documents[document.id.value] {
            diagnostics.add(PolicyDiagnostic(file: file.source, diagnostic: PolicyMessage.duplicateID(
                kind: "policy", id: document.id.value,
                firstLine: existing.file.source.location(of: existing.id.range.lowerBound).line).diagnostic(document.id.range),
                related: [RelatedPlace(file: existing.file.source, range: existing.id.range, message: "first defined here")]))
            return document.id.value
        }
        documents[document.id.value] = document
        return document.id.value
    }

    /// Reads a calendar file; returns its id.
    private mutating func readCalendar(_ path: String, _ diagnostics: inout DiagnosticBag) -> String? {
        guard let file = readFile(path, &diagnostics) else { return nil }
        var reader = CalendarReader(file: file)
        let calendar = reader.read()
        diagnostics.add(contentsOf: reader.reader.diagnostics)
        guard let calendar else { return nil }
        guard let existing = calendars[calendar.id] else {
            calendars[calendar.id] = calendar
            return calendar.id
        }
        if let part = existing.overlap(with: calendar), let new = calendar.files.first {
            diagnostics.add(PolicyDiagnostic(file: file.source, diagnostic: PolicyMessage.overlappingCalendars(
                calendar: calendar.id, period: "\(new.covers.lowerBound)…\(new.covers.upperBound)", otherFile: (part.path as NSString).lastPathComponent
            ).diagnostic(new.coversRange)))
        } else {
            calendars[calendar.id] = existing.merging(calendar)
        }
        return calendar.id
    }
}

/// What checking a library found: every diagnostic `check` reports, and the requested
/// policies that compiled.
public struct LibraryCheck: Sendable {
    /// The problems of the files read and those found compiling every requested policy.
    public let diagnostics: DiagnosticBag
    /// The requested policies without errors, by id.
    public let compiled: [String: CompiledPolicy]
    /// The environment each requested policy's rules were checked in, by id (also for a
    /// policy with errors, once its `extends` chain resolved).
    public let environments: [String: Environment]
}

extension PolicyLibrary {
    /// What `check` reports: the problems of the files read and those found compiling every
    /// requested policy. `today` is the date calendars are checked against (see
    /// ``PolicyCompiler``).
    public func check(today: CivilDate?) -> LibraryCheck {
        var diagnostics = self.diagnostics
        var compiled: [String: CompiledPolicy] = [:]
        var environments: [String: Environment] = [:]
        let outcomes = PolicyCompiler(library: self, today: today).outcomes(requested, diagnostics: &diagnostics)
        for (id, outcome) in zip(requested, outcomes) {
            compiled[id] = outcome.compiled
            environments[id] = outcome.environment
        }
        return LibraryCheck(diagnostics: diagnostics, compiled: compiled, environments: environments)
    }
}
