import CEL
import Policy

/// `textDocument/publishDiagnostics`: a document's diagnostics as `check` finds them, each
/// with its range, the help line as the message's second line, and the places it refers to
/// as related information.
struct PublishDiagnostics {
    let encoding: PositionEncoding
    /// Line indexes of the files met, by name: a file's text is indexed once per publication.
    private var indexes: [String: LineIndex] = [:]

    init(encoding: PositionEncoding) {
        self.encoding = encoding
    }

    /// The LSP severity of a diagnostic's.
    static func severity(_ severity: Severity) -> Int64 {
        switch severity {
        case .error: return 1
        case .warning: return 2
        case .note: return 3
        }
    }

    /// The message shown: the diagnostic's message, then `help: …` on a second line.
    static func message(_ diagnostic: Diagnostic) -> String {
        diagnostic.help.map { "\(diagnostic.message)\nhelp: \($0)" } ?? diagnostic.message
    }

    /// The notification's params for `document`.
    mutating func params(uri: String, version: Int?, diagnostics: [PolicyDiagnostic], into w: inout JSONWriter) {
        w.beginObject()
        w.key("uri"); w.string(uri)
        if let version { w.key("version"); w.int(Int64(version)) }
        w.key("diagnostics")
        w.beginArray()
        for d in diagnostics {
            w.beginObject()
            w.key("range"); writeRange(d.diagnostic.range, in: d.file, into: &w)
            w.key("severity"); w.int(Self.severity(d.diagnostic.severity))
            w.key("code"); w.string(d.diagnostic.code)
            w.key("source"); w.string("policyctl")
            w.key("message"); w.string(Self.message(d.diagnostic))
            if !d.related.isEmpty {
                w.key("relatedInformation")
                w.beginArray()
                for place in d.related {
                    w.beginObject()
                    w.key("location")
                    writeLocation(place.range, in: place.file, into: &w)
                    w.key("message"); w.string(place.message)
                    w.endObject()
                }
                w.endArray()
            }
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// Writes `{uri, range}` for a range of file offsets.
    mutating func writeLocation(_ range: Range<Int>, in file: Source, into w: inout JSONWriter) {
        w.beginObject()
        w.key("uri"); w.string(TextDocuments.uri(ofPath: file.name))
        w.key("range"); writeRange(range, in: file, into: &w)
        w.endObject()
    }

    /// Writes `{start, end}` for a range of file offsets.
    mutating func writeRange(_ range: Range<Int>, in file: Source, into w: inout JSONWriter) {
        let index = lineIndex(file)
        w.beginObject()
        w.key("start"); Self.write(index.position(of: range.lowerBound), into: &w)
        w.key("end"); Self.write(index.position(of: range.upperBound), into: &w)
        w.endObject()
    }

    private mutating func lineIndex(_ file: Source) -> LineIndex {
        if let index = indexes[file.name], index.bytes.count == file.text.utf8.count { return index }
        let index = LineIndex(file, encoding: encoding)
        indexes[file.name] = index
        return index
    }

    static func write(_ position: Position, into w: inout JSONWriter) {
        w.beginObject()
        w.key("line"); w.int(Int64(position.line))
        w.key("character"); w.int(Int64(position.character))
        w.endObject()
    }
}
