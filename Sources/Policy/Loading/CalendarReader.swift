import CEL
import Foundation
@preconcurrency import Yams

/// Reads a calendar file (`calendars/<id>.yaml`): holidays and make-up working days.
struct CalendarReader {
    static let keys = ["calendar", "name", "source", "holidays", "workdays"]
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
        var holidays = Set<CivilDate>()
        for item in top["holidays"].flatMap({ reader.sequence($0, in: "`holidays`") }) ?? [] {
            guard let f = reader.mapping(item, in: "a holiday", keys: Self.holidayKeys),
                  let fromNode = f["from"], let from = reader.date(fromNode, in: "`from`") else { continue }
            let to = f["to"].flatMap { reader.date($0, in: "`to`") } ?? from
            guard from <= to, CivilDate.daysBetween(from, to) < 366 else {
                reader.report(.invalidValue(what: "holiday", value: "\(from)…\(to)", expected: "`from` not after `to`, within a year"), at: item)
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
            workdays.insert(date)
        }
        return CalendarDocument(id: id.value, name: top["name"].flatMap { reader.string($0, in: "`name`") },
                                calendar: HolidayCalendar(holidays: holidays, workdays: workdays), sourceText: reader.file.source.text)
    }
}

extension CalendarDocument {
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
