import CEL
@preconcurrency import Yams

extension NodeReader {
    /// Text with `${expression}` parts. A `}` inside a quoted string in the expression does
    /// not end it; `$${` writes a literal `${`.
    mutating func template(_ node: Node, in context: String) -> TextTemplate? {
        guard let text = string(node, in: context) else { return nil }
        let site = ExpressionSite(node: node, text: text, in: file)
        let bytes = Array(text.utf8)
        var pieces: [TextTemplate.Piece] = []
        var literal: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "$"), bytes[i + 2] == UInt8(ascii: "{") {
                literal.append(contentsOf: Array("${".utf8))
                i += 3
                continue
            }
            guard bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") else {
                literal.append(bytes[i])
                i += 1
                continue
            }
            guard let end = Self.closingBrace(bytes, from: i + 2) else {
                report(.interpolation(problem: "`${` without its closing `}`"), range: site.fileOffset(i)..<site.fileOffset(i + 2))
                return nil
            }
            if !literal.isEmpty { pieces.append(.text(String(decoding: literal, as: UTF8.self))) }
            literal = []
            let inner = String(decoding: bytes[(i + 2)..<end], as: UTF8.self)
            pieces.append(.expression(site.subSite(text: inner, at: i + 2)))
            i = end + 1
        }
        if !literal.isEmpty { pieces.append(.text(String(decoding: literal, as: UTF8.self))) }
        return TextTemplate(pieces: pieces)
    }

    /// The index of the `}` closing an interpolation that starts at `start`.
    static func closingBrace(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var quote: UInt8?
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == q { quote = nil }
            } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                quote = b
            } else if b == UInt8(ascii: "{") {
                depth += 1
            } else if b == UInt8(ascii: "}") {
                if depth == 0 { return i }
                depth -= 1
            }
            i += 1
        }
        return nil
    }
}

extension ExpressionSite {
    /// The site of a part of this text starting at UTF-8 offset `offset`.
    func subSite(text: String, at offset: Int) -> ExpressionSite {
        ExpressionSite(text: text, file: file, segments: [(0, fileOffset(offset))])
    }
}
