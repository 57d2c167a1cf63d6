import CEL
import CYaml
@preconcurrency import Yams

/// A YAML file read for policy loading: its text, its single document's root node, and the
/// conversion of node marks to file offsets.
public struct YAMLFile: Sendable {
    /// Files larger than this are refused before parsing.
    public static let maxBytes = 1 << 20

    /// The path and text.
    public let source: Source
    /// The document's root, or nil when the file could not be read as one document.
    public let root: Node?

    /// Reads `bytes` as the YAML file `path`; problems go to `diagnostics`.
    public init(path: String, bytes: [UInt8], diagnostics: inout DiagnosticBag) {
        guard bytes.count <= Self.maxBytes else {
            source = Source("", name: path)
            root = nil
            diagnostics.add(PolicyDiagnostic(file: source, diagnostic: PolicyMessage.fileTooLarge(bytes: bytes.count, limit: Self.maxBytes).diagnostic(0..<0)))
            return
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8(bytes)
            source = Source(String(decoding: bytes[..<offset], as: UTF8.self), name: path)
            root = nil
            diagnostics.add(PolicyDiagnostic(file: source, diagnostic: PolicyMessage.invalidUTF8(offset: offset).diagnostic(source.text.utf8.count..<source.text.utf8.count)))
            return
        }
        let source = Source(text, name: path)
        self.source = source
        let outcome = BigStack.run { Self.compose(text) }
        switch outcome {
        case .success(let node):
            root = node
            if node == nil {
                diagnostics.add(PolicyDiagnostic(file: source, diagnostic: PolicyMessage.emptyDocument.diagnostic(0..<0)))
            }
        case .failure(let message, let line, let column, let first):
            root = nil
            let offset = Self.offset(in: source, line: line, column: column)
            let related = first.map { place -> [RelatedPlace] in
                let start = Self.offset(in: source, line: place.line, column: place.column)
                return [RelatedPlace(file: source, range: start..<(start + 1), message: "first defined here")]
            } ?? []
            diagnostics.add(PolicyDiagnostic(file: source, diagnostic: message.diagnostic(offset..<offset), related: related))
        }
    }

    /// What composing the text gave.
    enum ComposeOutcome: Sendable {
        case success(Node?)
        /// `firstAt`: where the thing given twice was first given.
        case failure(PolicyMessage, line: Int, column: Int, firstAt: (line: Int, column: Int)? = nil)
    }

    static func compose(_ text: String) -> ComposeOutcome {
        do {
            if let place = firstAnchorOrAlias(text) {
                return .failure(.anchorNotAllowed, line: place.line, column: place.column)
            }
            let parser = try Yams.Parser(yaml: text, resolver: .basic, encoding: .utf8)
            guard let root = try parser.nextRoot() else { return .success(nil) }
            if let second = try parser.nextRoot() {
                return .failure(.multipleDocuments, line: second.mark?.line ?? 1, column: second.mark?.column ?? 1)
            }
            return .success(root)
        } catch let error as YamlError {
            return describe(error, text: text)
        } catch {
            return .failure(.yamlSyntax(problem: "\(error)"), line: 1, column: 1)
        }
    }

    /// The place of the first anchor or alias, read from libyaml's events before anything
    /// is composed. Composing is no place to look: Yams hashes every mapping key to find
    /// duplicates, which takes exponential time for an alias bomb used as a key, and it
    /// holds anchors weakly, so `Node.anchor` is nil once its parser is gone.
    static func firstAnchorOrAlias(_ text: String) -> (line: Int, column: Int)? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> (line: Int, column: Int)? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            // A syntax error ends the loop; composing reports it.
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let anchored: Bool
                switch event.type {
                case YAML_ALIAS_EVENT: anchored = true
                case YAML_SCALAR_EVENT: anchored = event.data.scalar.anchor != nil
                case YAML_SEQUENCE_START_EVENT: anchored = event.data.sequence_start.anchor != nil
                case YAML_MAPPING_START_EVENT: anchored = event.data.mapping_start.anchor != nil
                case YAML_STREAM_END_EVENT: return nil
                default: anchored = false
                }
                if anchored { return (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1) }
            }
            return nil
        }
    }

    /// libyaml's nesting limit (its default, which Yams keeps).
    static let libyamlNestingLimit = 1000

    private static func describe(_ error: YamlError, text source: String) -> ComposeOutcome {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            // libyaml's message for this names the C function that raises the limit.
            if problem.contains("Maximum nesting level") {
                return .failure(.tooDeep(limit: libyamlNestingLimit), line: mark.line, column: mark.column)
            }
            if let column = TabIndentation.find(in: source, line: mark.line) {
                return .failure(.tabIndentation, line: mark.line, column: column)
            }
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            let quote = UnclosedQuote.find(in: source, before: mark.line)
            return .failure(.yamlSyntax(problem: text, unclosedQuote: quote), line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams refuses the mapping itself, naming only the first place of the key (its
            // `context.text` is the whole file); the second is found in the text.
            let key = duplicates.first ?? ""
            let first = context.mark
            let second = secondPlace(of: key, after: (first.line, first.column), in: context.text) ?? (first.line, first.column)
            return .failure(.duplicateKey(key: key, firstLine: first.line), line: second.line, column: second.column,
                            firstAt: (first.line, first.column))
        default:
            return .failure(.yamlSyntax(problem: "\(error)"), line: 1, column: 1)
        }
    }

    /// Where key `key`, first written at `first`, is written again in the same mapping: on
    /// the same line after a `,` (flow style), else on a later line at the same column
    /// (block style) before the mapping ends. Nil when not found.
    static func secondPlace(of key: String, after first: (line: Int, column: Int), in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).unicodeScalars) }
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }
        // The length of the key at `column` of `line` (0-based) when it is `key` followed by `:`.
        func keyLength(_ line: [Unicode.Scalar], _ column: Int) -> Int? {
            for spelling in spellings where column + spelling.count <= line.count && Array(line[column..<(column + spelling.count)]) == spelling {
                let rest = line[(column + spelling.count)...].drop { $0 == " " }
                if rest.first == ":" { return spelling.count }
            }
            return nil
        }
        let start = first.column - 1
        let firstLine = lines[first.line - 1]
        if let length = keyLength(firstLine, start) {
            var i = start + length
            while i < firstLine.count {
                if firstLine[i] == ",", let j = firstLine[(i + 1)...].firstIndex(where: { $0 != " " }), keyLength(firstLine, j) != nil {
                    return (first.line, j + 1)
                }
                i += 1
            }
        }
        for number in first.line..<lines.count {
            let line = lines[number]
            guard let content = line.firstIndex(where: { $0 != " " }), line[content] != "#" else { continue }
            if content < start { return nil }
            if content == start, keyLength(line, start) != nil { return (number + 1, start + 1) }
        }
        return nil
    }

    /// The file offset of a 1-based line and column (in Unicode scalars), as Yams marks are.
    static func offset(in source: Source, line: Int, column: Int) -> Int {
        guard line >= 1, line <= source.lineStarts.count else { return source.text.utf8.count }
        let text = source.line(line)
        let prefix = text.unicodeScalars.prefix(max(0, column - 1))
        return source.lineStarts[line - 1] + prefix.reduce(0) { $0 + UTF8.width($1) }
    }

    /// The file offset at which `node` starts.
    public func offset(of node: Node) -> Int {
        guard let mark = node.mark else { return 0 }
        return Self.offset(in: source, line: mark.line, column: mark.column)
    }

    /// A range covering the first line of `node`'s text (at least one character).
    public func range(of node: Node) -> Range<Int> {
        let start = offset(of: node)
        if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
            let quotes = scalar.style == .plain ? 0 : 2
            let firstLine = scalar.string.prefix { $0 != "\n" }
            return start..<(start + max(1, firstLine.utf8.count + quotes))
        }
        return start..<(start + 1)
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return bytes.count
            }
        }
    }
}
