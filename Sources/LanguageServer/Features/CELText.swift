import CEL

/// Reading CEL text around a cursor. The names and types come from the checker; this only
/// finds where a name starts and ends and what stands before it.
enum CELText {
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// The identifier that `offset` is in or just after.
    static func identifier(around offset: Int, in text: [UInt8]) -> Range<Int>? {
        guard offset >= 0, offset <= text.count else { return nil }
        var start = offset
        while start > 0, isIdentifierByte(text[start - 1]) { start -= 1 }
        var end = offset
        while end < text.count, isIdentifierByte(text[end]) { end += 1 }
        guard start < end, !(text[start] >= UInt8(ascii: "0") && text[start] <= UInt8(ascii: "9")) else { return nil }
        return start..<end
    }

    /// The start of the identifier that ends at `offset` (`offset` when there is none).
    static func identifierStart(endingAt offset: Int, in text: [UInt8]) -> Int {
        var start = offset
        while start > 0, isIdentifierByte(text[start - 1]) { start -= 1 }
        return start
    }

    /// The offset of a `.` just before `offset` (spaces allowed between), if there is one.
    static func dot(before offset: Int, in text: [UInt8]) -> Int? {
        var i = offset
        while i > 0, isSpace(text[i - 1]) { i -= 1 }
        return i > 0 && text[i - 1] == UInt8(ascii: ".") ? i - 1 : nil
    }

    static func nextNonSpace(after offset: Int, in text: [UInt8]) -> UInt8? {
        var i = offset
        while i < text.count, isSpace(text[i]) { i += 1 }
        return i < text.count ? text[i] : nil
    }

    /// The bare name before a `.` at `dot` (`params` in `params.x`), nil when the receiver is
    /// not a bare name (`a.b.c`, `f(x).y`).
    static func receiverName(endingAt dot: Int, in text: [UInt8]) -> String? {
        var end = dot
        while end > 0, isSpace(text[end - 1]) { end -= 1 }
        let start = identifierStart(endingAt: end, in: text)
        guard start < end, Self.dot(before: start, in: text) == nil else { return nil }
        return String(decoding: text[start..<end], as: UTF8.self)
    }

    /// The name the probe selects, which no policy can declare (CEL names cannot start `__`
    /// here: ids and facts start with a letter).
    static let probe = "__policyctl_probe__"

    /// The type the checker gives the expression that ends `prefix` (the receiver of a
    /// `.` typed after it): `prefix` is completed into an expression that selects ``probe``
    /// from it, with the brackets it left open closed, and checked leniently; the type is
    /// that of the selection's operand. Nil when the text cannot be completed so.
    static func type(ofPrefix prefix: [UInt8], in environment: Environment) -> CELType? {
        let text = String(decoding: prefix, as: UTF8.self) + "." + probe + closers(of: prefix)
        guard let parsed = try? Parser().parse(Source(text)),
              let checked = try? Checker(environment: environment, lenient: true).check(parsed),
              let operand = probeOperand(parsed.root) else { return nil }
        return checked.type(of: operand.id)
    }

    /// The brackets `text` leaves open, closed innermost first (quoted text skipped).
    static func closers(of text: [UInt8]) -> String {
        var open: [UInt8] = []
        var quote: UInt8?
        var i = 0
        while i < text.count {
            let byte = text[i]
            if let q = quote {
                if byte == UInt8(ascii: "\\") { i += 1 } else if byte == q { quote = nil }
            } else {
                switch byte {
                case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
                case UInt8(ascii: "("): open.append(UInt8(ascii: ")"))
                case UInt8(ascii: "["): open.append(UInt8(ascii: "]"))
                case UInt8(ascii: "{"): open.append(UInt8(ascii: "}"))
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): if open.last == byte { open.removeLast() }
                default: break
                }
            }
            i += 1
        }
        return String(decoding: open.reversed(), as: UTF8.self)
    }

    /// The operand of the selection of ``probe``.
    static func probeOperand(_ expr: Expr) -> Expr? {
        switch expr.kind {
        case .select(let operand, let field):
            return field == probe ? operand : probeOperand(operand)
        case .presenceTest(let operand, _): return probeOperand(operand)
        case .call(_, let args): return args.lazy.compactMap(probeOperand).first
        case .memberCall(_, let target, let args): return probeOperand(target) ?? args.lazy.compactMap(probeOperand).first
        case .list(let items): return items.lazy.compactMap(probeOperand).first
        case .map(let entries): return entries.lazy.compactMap { probeOperand($0.key) ?? probeOperand($0.value) }.first
        case .comprehension(let c):
            return probeOperand(c.range) ?? c.filter.flatMap(probeOperand) ?? probeOperand(c.body)
        case .literal, .ident: return nil
        }
    }
}
