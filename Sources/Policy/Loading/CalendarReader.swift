import CEL
import Foundation
@preconcurrency import Yams

/// Reads a calendar file (`calendars/<file>.yaml`): the period it covers, its holidays and
/// make-up working days. Several files may share one `calendar` id (one per year); the
/// library merges them (``CalendarDocument/merging(_:)``).
struct CalendarReader {
    static let keys = ["calendar", "name", "source", "covers", "holidays", "workdays"]
    static let coversKeys = ["from", "to"]
    static let holidayKeys = ["name", "from", "to"]
    static let workdayKeys = ["date", "for"]

    var reader: NodeReader

    init(file: YAMLFile) {
        reader = NodeReader(file: file)
    }

    mutating func read() -> CalendarDocument? {
        guard let root = reader.file.root, let top = reader.mapping(root, in: "a calendar", keys: Self.keys) else { return nil }
        guard let idNode = top["calendar"], let id = reader.identifier(idNode, in: "`calendar`") else {
            if top["calendar"] == nil { reader.report(.missingKey(key: "calendar", in: "a calendar"), range: 0..<0) }
            return nil
        }
        guard let coversNode = top["covers"] else {
            reader.report(.missingCalendarCoverage(calendar: id.value), at: idNode)
            return nil
        }
        guard let covers = reader.mapping(coversNode, in: "`covers`", keys: Self.coversKeys),
              let fromNode = covers["from"], let toNode = covers["to"],
              let first = reader.date(fromNode, in: "`covers.from`"), let last = reader.date(toNode, in: "`covers.to`")
        else {
            if case .mapping = coversNode { reader.report(.missingKey(key: "from` and `to", in: "`covers`"), at: coversNode) }
            return nil
        }
        guard first <= last else {
            reader.report(.invalidValue(what: "period", value: "\(first)…\(last)", expected: "`from` not after `to`"), at: coversNode)
            return nil
        }
        let period = first...last
        var holidays = Set<CivilDate>()
        for item in top["holidays"].flatMap({ reader.sequence($0, in: "`holidays`") }) ?? [] {
            guard let f = reader.mapping(item, in: "a holiday", keys: Self.holidayKeys),
                  let fromNode = f["from"], let from = reader.date(fromNode, in: "`from`") else { continue }
            let to = f["to"].flatMap { reader.date($0, in: "`to`") } ?? from
            guard from <= to, CivilDate.daysBetween(from, to) < 366 else {
                reader.report(.invalidValue(what: "holiday", value: "\(from)…\(to)", expected: "`from` not after `to`, within a year"), at: item)
                continue
            }
            guard period.contains(from), period.contains(to) else {
                reader.report(.outsideCalendarCoverage(what: "holiday", value: "\(from)…\(to)", period: "\(first)…\(last)"), at: item)
                continue
            }
            var day = from
            while day <= to {
                holidays.insert(day)
                guard let next = try? day.adding(days: 1) else { break }
                day = next
            }
        }
        var workdays = Set<CivilDate>()
        for item in top["workdays"].flatMap({ reader.sequence($0, in: "`workdays`") }) ?? [] {
            guard let f = reader.mapping(item, in: "a make-up working day", keys: Self.workdayKeys),
                  let dateNode = f["date"], let date = reader.date(dateNode, in: "`date`") else { continue }
            guard period.contains(date) else {
                reader.report(.outsideCalendarCoverage(what: "make-up working day", value: "\(date)", period: "\(first)…\(last)"), at: item)
                continue
            }
            workdays.insert(date)
        }
        return CalendarDocument(id: id.value, name: top["name"].flatMap { reader.string($0, in: "`name`") },
                                calendar: HolidayCalendar(holidays: holidays, workdays: workdays, coverage: [period]),
                                sourceText: reader.file.source.text,
                                files: [CalendarDocument.Part(path: reader.file.source.name, covers: period,
                                                              coversRange: reader.file.range(of: coversNode))])
    }
}

extension CalendarDocument {
    /// The part of this calendar whose period overlaps one of `other`'s, if any: two files
    /// of one calendar may not both define a day.
    func overlap(with other: CalendarDocument) -> Part? {
        files.first { part in other.files.contains { part.covers.overlaps($0.covers) } }
    }

    /// This calendar and `other` (another file of the same id, not overlapping it) as one.
    func merging(_ other: CalendarDocument) -> CalendarDocument {
        CalendarDocument(
            id: id, name: name ?? other.name,
            calendar: HolidayCalendar(holidays: calendar.holidays.union(other.calendar.holidays),
                                      workdays: calendar.workdays.union(other.calendar.workdays),
                                      coverage: calendar.coverage + other.calendar.coverage),
            sourceText: sourceText + other.sourceText, files: files + other.files)
    }

    /// Reads one calendar file; nil (with diagnostics) when it is unreadable or invalid.
    public static func read(path: String, diagnostics: inout DiagnosticBag) -> CalendarDocument? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.add(PolicyDiagnostic(file: Source("", name: path), diagnostic: PolicyMessage.unreadableFile(path: path).diagnostic(0..<0)))
            return nil
        }
        let file = YAMLFile(path: path, bytes: Array(data), diagnostics: &diagnostics)
        guard file.root != nil else { return nil }
        var reader = CalendarReader(file: file)
        let document = reader.read()
        diagnostics.add(contentsOf: reader.reader.diagnostics)
        return diagnostics.hasErrors() ? nil : document
    }
}
