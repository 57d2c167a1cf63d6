import CEL
@preconcurrency import Yams

/// Where the text of a YAML scalar stands in its file, so that an offset inside the text
/// (a CEL diagnostic's position) maps back to the file, also inside a `|` or `>` block.
public struct ExpressionSite: Sendable {
    /// The scalar's value, as the expression parser sees it.
    public let text: String
    /// The file.
    public let file: Source
    /// Pieces of the text: where each starts in the text and in the file (UTF-8 offsets).
    let segments: [(textStart: Int, fileStart: Int)]

    init(text: String, file: Source, segments: [(textStart: Int, fileStart: Int)]) {
        self.text = text
        self.file = file
        self.segments = segments
    }

    /// The site of scalar `node` of `file`.
    init(node: Node, text: String, in yaml: YAMLFile) {
        self.text = text
        file = yaml.source
        let start = yaml.offset(of: node)
        guard case .scalar(let scalar) = node, scalar.style == .literal || scalar.style == .folded,
              let mark = node.mark else {
            let quoted: Bool
            if case .scalar(let scalar) = node { quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted } else { quoted = false }
            segments = [(0, start + (quoted ? 1 : 0))]
            return
        }
        // A block scalar's content begins on the line after its indicator; its lines keep
        // their order, each shifted by the block's indentation.
        var pieces: [(Int, Int)] = []
        var textOffset = 0
        var lineNumber = mark.line + 1
        var indent: Int?
        while lineNumber <= file.lineStarts.count, textOffset <= text.utf8.count {
            let line = file.line(lineNumber)
            let leading = line.prefix { $0 == " " }.count
            let blank = line.allSatisfy { $0 == " " }
            if indent == nil, !blank { indent = leading }
            if let indent, !blank, leading < indent { break }
            let skip = min(indent ?? leading, line.utf8.count)
            pieces.append((textOffset, file.lineStarts[lineNumber - 1] + skip))
            textOffset += max(0, line.utf8.count - skip) + 1
            lineNumber += 1
        }
        segments = pieces.isEmpty ? [(0, start)] : pieces
    }

    /// The file offset of UTF-8 offset `offset` of ``text``.
    public func fileOffset(_ offset: Int) -> Int {
        var chosen = segments[0]
        for segment in segments where segment.textStart <= offset { chosen = segment }
        return chosen.fileStart + (offset - chosen.textStart)
    }

    /// The UTF-8 offset in ``text`` of file offset `offset`, or nil when the offset is not
    /// in the text (its end included, where an editor's cursor stands after typing).
    public func textOffset(ofFileOffset offset: Int) -> Int? {
        for (i, segment) in segments.enumerated() {
            let end = i + 1 < segments.count ? segments[i + 1].textStart : text.utf8.count
            let length = max(0, end - segment.textStart - (i + 1 < segments.count ? 1 : 0))
            if offset >= segment.fileStart, offset <= segment.fileStart + length {
                return segment.textStart + (offset - segment.fileStart)
            }
        }
        return nil
    }

    /// A CEL diagnostic of this text, moved into file coordinates.
    public func fileDiagnostic(_ diagnostic: Diagnostic) -> PolicyDiagnostic {
        var moved = diagnostic
        // "Unexpected end of expression" stands at the end of the text; a block scalar's text
        // ends with a line break, after which the file has the next key. Point just after
        // its last character instead.
        let end = text.utf8.count - text.utf8.reversed().prefix { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: " ") }.count
        let lower = fileOffset(min(diagnostic.range.lowerBound, end))
        moved.range = lower..<max(lower, fileOffset(min(diagnostic.range.upperBound, end)))
        return PolicyDiagnostic(file: file, diagnostic: moved)
    }
}
