import CEL
import Policy

/// The JSON form of policy diagnostics (`check --format json`): one document with each
/// diagnostic's file, 1-based start and end line/column, severity, code, message, help;
/// then the counts of errors and warnings (all of them, also those past the cap) and how
/// many were omitted.
enum DiagnosticJSON {
    static func document(_ bag: DiagnosticBag, policies: [String]) -> [UInt8] {
        let diagnostics = bag.sorted
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("policies")
        w.beginArray()
        for id in policies { w.string(id) }
        w.endArray()
        w.key("diagnostics")
        w.beginArray()
        for d in diagnostics {
            let start = d.file.location(of: d.diagnostic.range.lowerBound)
            let end = d.file.location(of: d.diagnostic.range.upperBound)
            w.beginObject()
            w.key("file"); w.string(d.file.name)
            w.key("line"); w.int(Int64(start.line))
            w.key("column"); w.int(Int64(start.column))
            w.key("end_line"); w.int(Int64(end.line))
            w.key("end_column"); w.int(Int64(end.column))
            w.key("severity"); w.string(d.diagnostic.severity.rawValue)
            w.key("code"); w.string(d.diagnostic.code)
            w.key("message"); w.string(d.diagnostic.message)
            if let help = d.diagnostic.help { w.key("help"); w.string(help) }
            w.endObject()
        }
        w.endArray()
        let (errors, warnings) = bag.counts
        w.key("errors"); w.int(Int64(errors))
        w.key("warnings"); w.int(Int64(warnings))
        w.key("omitted"); w.int(Int64(bag.dropped))
        w.endObject()
        w.endLine()
        return w.bytes
    }
}
