/// Recursive-descent parser from RE2 pattern syntax to `RegexNode`.
///
/// Works over the pattern's Unicode scalars; errors carry UTF-8 offsets.
/// Constructs outside RE2 (backreferences, lookaround) are rejected with a clear message.
struct RegexParser {
    /// The flags of `(?imsU)` in effect at a point of the pattern.
    struct Flags {
        /// `i`: case-insensitive.
        var foldCase = false
        /// `m`: `^` and `$` match at line boundaries.
        var multiLine = false
        /// `s`: `.` matches `\n`.
        var dotAll = false
        /// `U`: swap the meaning of `x*` and `x*?` (and the other quantifiers).
        var ungreedy = false
    }

    /// Deepest group nesting accepted (as in RE2), which also bounds recursion.
    static let maxNesting = 1_000

    private let scalars: [Unicode.Scalar]
    /// The UTF-8 offset of each scalar, plus the pattern's length at the end.
    private let offsets: [Int]
    private let maxRepeat: Int
    private var position = 0
    private var depth = 0
    private var captureNames: Set<String> = []

    /// Parses `pattern`, refusing `{n,m}` counts above `maxRepeat`.
    static func parse(_ pattern: String, maxRepeat: Int) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern: pattern, maxRepeat: maxRepeat)
        var flags = Flags()
        let node = try parser.parseAlternation(flags: &flags)
        if parser.position < parser.scalars.count {
            throw parser.error("unexpected `)`", at: parser.position)
        }
        return node
    }

    private init(pattern: String, maxRepeat: Int) {
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        var offset = 0
        for scalar in pattern.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        self.scalars = scalars
        self.offsets = offsets
        self.maxRepeat = maxRepeat
    }

    // MARK: Helpers

    private var current: Unicode.Scalar? { peek(0) }

    private func peek(_ ahead: Int) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    private func error(_ message: String, at index: Int) -> RegexSyntaxError {
        RegexSyntaxError(message: message, offset: offsets[min(index, scalars.count)])
    }

    private func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return String(view)
    }

    private static func isDecimalDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return ("0"..."9").contains(scalar)
    }

    private static func hexValue(_ scalar: Unicode.Scalar?) -> UInt32? {
        guard let scalar else { return nil }
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }

    /// A literal, or the set of its case variants under `i`.
    private static func literal(_ value: UInt32, _ flags: Flags) -> RegexNode {
        if flags.foldCase, let orbit = RegexUnicodeTables.caseOrbits[value] {
            return .scalarSet(RegexScalarSet(scalars: orbit))
        }
        return .literal(value)
    }

    // MARK: Structure

    private mutating func parseAlternation(flags: inout Flags) throws(RegexSyntaxError) -> RegexNode {
        var branches = [try parseConcatenation(flags: &flags)]
        while current == "|" {
            position += 1
            branches.append(try parseConcatenation(flags: &flags))
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation(flags: inout Flags) throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        var canRepeat = false
        var previousQuantifier: Range<Int>?
        while let scalar = current, scalar != "|", scalar != ")" {
            let start = position
            guard let (minimum, maximum) = try parseQuantifier() else {
                previousQuantifier = nil
                canRepeat = try parseAtom(into: &items, flags: &flags)
                continue
            }
            let operatorEnd = position
            var greedy = !flags.ungreedy
            if current == "?" {
                position += 1
                greedy.toggle()
            }
            if let previous = previousQuantifier {
                throw error("invalid nested repetition operator `\(text(previous.lowerBound..<position))`",
                            at: previous.lowerBound)
            }
            guard canRepeat, let operand = items.popLast() else {
                throw error("missing argument to repetition operator `\(text(start..<operatorEnd))`", at: start)
            }
            items.append(.repetition(operand, min: minimum, max: maximum, greedy: greedy))
            previousQuantifier = start..<position
            canRepeat = false
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concatenation(items)
        }
    }

    /// Consumes `*`, `+`, `?` or a well-formed `{n}`, `{n,}`, `{n,m}` and returns its bounds;
    /// returns nil (consuming nothing) otherwise, a malformed brace being a literal `{`.
    private mutating func parseQuantifier() throws(RegexSyntaxError) -> (Int, Int?)? {
        switch current {
        case "*":
            position += 1
            return (0, nil)
        case "+":
            position += 1
            return (1, nil)
        case "?":
            position += 1
            return (0, 1)
        case "{":
            break
        default:
            return nil
        }
        let start = position
        var index = position + 1
        func number() -> Int? {
            var value = 0
            var digits = 0
            while index < scalars.count, Self.isDecimalDigit(scalars[index]) {
                value = min(value * 10 + Int(scalars[index].value - 0x30), 1_000_000_000)
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }
        guard let minimum = number() else { return nil }
        var maximum: Int? = minimum
        if index < scalars.count, scalars[index] == "," {
            index += 1
            maximum = number()
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        position = index + 1
        if minimum > maxRepeat || (maximum ?? 0) > maxRepeat {
            throw error("repeat count exceeds maximum of \(maxRepeat)", at: start)
        }
        if let maximum, maximum < minimum {
            throw error("invalid repeat count `\(text(start..<position))`", at: start)
        }
        return (minimum, maximum)
    }

    /// Parses one atom (or a flag group) and appends what it matches to `items`.
    /// Returns whether a following quantifier may apply to the last item.
    private mutating func parseAtom(into items: inout [RegexNode], flags: inout Flags) throws(RegexSyntaxError) -> Bool {
        guard let scalar = current else { return false }
        switch scalar {
        case "(":
            return try parseGroup(into: &items, flags: &flags)
        case "[":
            items.append(.scalarSet(try parseClass(flags: flags)))
        case ".":
            position += 1
            items.append(flags.dotAll ? .anyScalar : .anyScalarExceptNewline)
        case "^":
            position += 1
            items.append(.assertion(flags.multiLine ? .beginLine : .beginText))
        case "$":
            position += 1
            items.append(.assertion(flags.multiLine ? .endLine : .endText))
        case "\\" where peek(1) == "Q":
            position += 2
            var quoted = false
            while let next = current, !(next == "\\" && peek(1) == "E") {
                items.append(Self.literal(next.value, flags))
                position += 1
                quoted = true
            }
            if current != nil { position += 2 }
            return quoted
        case "\\":
            switch try parseEscape(inClass: false) {
            case .scalar(let value): items.append(Self.literal(value, flags))
            case .set(let set, let negated):
                items.append(.scalarSet(set.applying(foldCase: flags.foldCase, negated: negated)))
            case .assertion(let assertion): items.append(.assertion(assertion))
            }
        default:
            position += 1
            items.append(Self.literal(scalar.value, flags))
        }
        return true
    }

    /// Parses `(…)`, `(?:…)`, `(?P<name>…)`, `(?<name>…)`, `(?flags)` and `(?flags:…)`.
    /// Returns false for a bare flag group, which changes `flags` and matches nothing.
    private mutating func parseGroup(into items: inout [RegexNode], flags: inout Flags) throws(RegexSyntaxError) -> Bool {
        let open = position
        position += 1
        var inner = flags
        if current == "?" {
            switch (peek(1), peek(2)) {
            case ("P", "<"):
                position += 3
                try parseCaptureName(open: open)
            case ("P", "="), ("P", ">"):
                throw error("backreferences are not supported (RE2 syntax)", at: open)
            case ("<", "="), ("<", "!"), ("=", _), ("!", _):
                throw error("lookaround assertions are not supported (RE2 syntax)", at: open)
            case ("<", _):
                position += 2
                try parseCaptureName(open: open)
            case (":", _):
                position += 2
            default:
                position += 1
                if try parseFlags(&inner, open: open) {
                    flags = inner
                    return false
                }
            }
        }
        depth += 1
        if depth > Self.maxNesting {
            throw error("pattern nesting exceeds maximum depth of \(Self.maxNesting)", at: open)
        }
        let node = try parseAlternation(flags: &inner)
        depth -= 1
        guard current == ")" else { throw error("missing closing `)`", at: open) }
        position += 1
        items.append(node)
        return true
    }

    /// Parses `name>` of a named group; names are non-empty runs of ASCII word characters.
    private mutating func parseCaptureName(open: Int) throws(RegexSyntaxError) {
        let start = position
        while let scalar = current, scalar != ">" {
            guard scalar.isASCII, scalar == "_" || scalar.properties.isAlphabetic || Self.isDecimalDigit(scalar) else {
                throw error("invalid capture group name `\(text(start..<(position + 1)))`", at: start)
            }
            position += 1
        }
        guard current == ">" else { throw error("missing closing `>` in capture group name", at: open) }
        let name = text(start..<position)
        guard !name.isEmpty else { throw error("empty capture group name", at: start) }
        guard captureNames.insert(name).inserted else {
            throw error("duplicate capture group name `\(name)`", at: start)
        }
        position += 1
    }

    /// Parses the flags after `(?` up to `)` (returns true) or `:` (returns false).
    private mutating func parseFlags(_ flags: inout Flags, open: Int) throws(RegexSyntaxError) -> Bool {
        var negated = false
        var sawFlag = false
        while let scalar = current {
            position += 1
            switch scalar {
            case "i": flags.foldCase = !negated
            case "m": flags.multiLine = !negated
            case "s": flags.dotAll = !negated
            case "U": flags.ungreedy = !negated
            case "-":
                guard !negated else { throw error("invalid flag group `\(text(open..<position))`", at: open) }
                negated = true
                sawFlag = false
                continue
            case ")", ":":
                guard sawFlag else { throw error("invalid flag group `\(text(open..<position))`", at: open) }
                return scalar == ")"
            default:
                throw error("unknown group flag `\(scalar)`", at: position - 1)
            }
            sawFlag = true
        }
        throw error("missing closing `)`", at: open)
    }

    // MARK: Classes and escapes

    /// Parses `[…]` or `[^…]`.
    private mutating func parseClass(flags: Flags) throws(RegexSyntaxError) -> RegexScalarSet {
        let open = position
        position += 1
        var negated = false
        if current == "^" {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while true {
            guard let scalar = current else { throw error("missing closing `]`", at: open) }
            if scalar == "]" && !first { break }
            first = false
            if scalar == "[", peek(1) == ":", let set = try parsePOSIXClass() {
                ranges.append(contentsOf: set.ranges)
                continue
            }
            let itemStart = position
            guard case .scalar(let low) = try parseClassAtom() else { continue }
            var high = low
            if current == "-", let next = peek(1), next != "]" {
                position += 1
                guard case .scalar(let upper) = try parseClassAtom(), upper >= low else {
                    throw error("invalid character class range `\(text(itemStart..<position))`", at: itemStart)
                }
                high = upper
            }
            ranges.append(low...high)
        }
        position += 1
        return RegexScalarSet(ranges).applying(foldCase: flags.foldCase, negated: negated)

        /// Parses one class member: a scalar, or a set (`\d`, `\pL`…), the latter added to `ranges` at once.
        func parseClassAtom() throws(RegexSyntaxError) -> Escape? {
            guard let scalar = current else { throw error("missing closing `]`", at: open) }
            guard scalar == "\\" else {
                position += 1
                return .scalar(scalar.value)
            }
            let escape = try parseEscape(inClass: true)
            if case .set(let set, let negatedSet) = escape {
                ranges.append(contentsOf: set.applying(foldCase: flags.foldCase, negated: negatedSet).ranges)
                return nil
            }
            return escape
        }
    }

    /// Parses `[:name:]` or `[:^name:]` at `[`; returns nil (consuming nothing) when no `:]` closes it.
    private mutating func parsePOSIXClass() throws(RegexSyntaxError) -> RegexScalarSet? {
        let start = position
        var index = position + 2
        while index + 1 < scalars.count, !(scalars[index] == ":" && scalars[index + 1] == "]") {
            if scalars[index] == "]" { return nil }
            index += 1
        }
        guard index + 1 < scalars.count else { return nil }
        var name = text((start + 2)..<index)
        let negated = name.hasPrefix("^")
        if negated { name.removeFirst() }
        guard let set = RegexUnicodeTables.posixClass(name) else {
            throw error("unknown POSIX class `\(text(start..<(index + 2)))`", at: start)
        }
        position = index + 2
        return negated ? set.inverted() : set
    }

    /// What an escape sequence denotes.
    private enum Escape {
        case scalar(UInt32)
        case set(RegexScalarSet, negated: Bool)
        case assertion(RegexAssertion)
    }

    /// Parses an escape at `\` (`\Q…\E` is handled by the caller).
    private mutating func parseEscape(inClass: Bool) throws(RegexSyntaxError) -> Escape {
        let start = position
        position += 1
        guard let letter = current else { throw error("trailing backslash at end of pattern", at: start) }
        position += 1
        let invalid = error("invalid escape sequence `\\\(letter)`", at: start)
        switch letter {
        case "1"..."9":
            // `\1`–`\7` followed by an octal digit start an octal escape; otherwise a backreference.
            guard letter <= "7", let next = current, ("0"..."7").contains(next) else {
                throw error("backreferences are not supported (RE2 syntax)", at: start)
            }
            return .scalar(parseOctal(first: letter))
        case "0":
            return .scalar(parseOctal(first: letter))
        case "x":
            return .scalar(try parseHex(start: start))
        case "a": return .scalar(0x07)
        case "f": return .scalar(0x0C)
        case "n": return .scalar(0x0A)
        case "r": return .scalar(0x0D)
        case "t": return .scalar(0x09)
        case "v": return .scalar(0x0B)
        case "d", "s", "w", "D", "S", "W":
            // The uppercase letter negates; ASCII lowercase is the letter with bit 0x20 set.
            let lowercase = Unicode.Scalar(UInt8(truncatingIfNeeded: letter.value | 0x20))
            guard let set = RegexUnicodeTables.perlClass(lowercase) else { throw invalid }
            return .set(set, negated: lowercase != letter)
        case "p", "P":
            return .set(try parseUnicodeClass(start: start), negated: letter == "P")
        case "A" where !inClass: return .assertion(.beginText)
        case "z" where !inClass: return .assertion(.endText)
        case "b" where !inClass: return .assertion(.wordBoundary)
        case "B" where !inClass: return .assertion(.notWordBoundary)
        default:
            // Escaped ASCII punctuation stands for itself.
            guard letter.isASCII, !letter.properties.isAlphabetic, !Self.isDecimalDigit(letter),
                  letter.value >= 0x20, letter.value != 0x7F else { throw invalid }
            return .scalar(letter.value)
        }
    }

    /// Parses up to two more octal digits after `first`.
    private mutating func parseOctal(first: Unicode.Scalar) -> UInt32 {
        var value = first.value - 0x30
        for _ in 0..<2 {
            guard let next = current, ("0"..."7").contains(next) else { break }
            value = value * 8 + next.value - 0x30
            position += 1
        }
        return value
    }

    /// Parses `HH` or `{H…}` after `\x`.
    private mutating func parseHex(start: Int) throws(RegexSyntaxError) -> UInt32 {
        let invalid = error("invalid hexadecimal escape `\(text(start..<min(position + 1, scalars.count)))`", at: start)
        if current == "{" {
            position += 1
            var value: UInt32 = 0
            var digits = 0
            while let digit = Self.hexValue(current) {
                value = min(value * 16 + digit, RegexScalarSet.maxScalar + 1)
                digits += 1
                position += 1
            }
            guard digits > 0, current == "}" else { throw invalid }
            position += 1
            guard value <= RegexScalarSet.maxScalar else {
                throw error("hexadecimal escape exceeds U+10FFFF `\(text(start..<position))`", at: start)
            }
            return value
        }
        guard let high = Self.hexValue(current), let low = Self.hexValue(peek(1)) else { throw invalid }
        position += 2
        return high * 16 + low
    }

    /// Parses `N`, `{Name}` or `{^Name}` after `\p` / `\P`; the returned set is not yet negated for `\P`
    /// but is complemented for `{^Name}`.
    private mutating func parseUnicodeClass(start: Int) throws(RegexSyntaxError) -> RegexScalarSet {
        var name: String
        if current == "{" {
            let nameStart = position + 1
            while let scalar = current, scalar != "}" { position += 1 }
            guard current == "}" else { throw error("missing closing `}` in Unicode class", at: start) }
            name = text(nameStart..<position)
            position += 1
        } else if let scalar = current {
            name = String(scalar)
            position += 1
        } else {
            throw error("missing Unicode class name", at: start)
        }
        let negated = name.hasPrefix("^")
        if negated { name.removeFirst() }
        guard let set = RegexUnicodeTables.unicodeClass(name) else {
            throw error("unknown Unicode class `\(name)`", at: start)
        }
        return negated ? set.inverted() : set
    }
}
