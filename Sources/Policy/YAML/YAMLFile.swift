import CEL
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
        case .failure(let message, let line, let column):
            root = nil
            let offset = Self.offset(in: source, line: line, column: column)
            diagnostics.add(PolicyDiagnostic(file: source, diagnostic: message.diagnostic(offset..<offset)))
        }
    }

    /// What composing the text gave.
    enum ComposeOutcome: Sendable {
        case success(Node?)
        case failure(PolicyMessage, line: Int, column: Int)
    }

    static func compose(_ text: String) -> ComposeOutcome {
        do {
            let parser = try Yams.Parser(yaml: text, resolver: .basic, encoding: .utf8)
            guard let root = try parser.nextRoot() else { return .success(nil) }
            if try parser.nextRoot() != nil {
                return .failure(.multipleDocuments, line: 1, column: 1)
            }
            return .success(root)
        } catch let error as YamlError {
            return describe(error)
        } catch {
            return .failure(.yamlSyntax(problem: "\(error)"), line: 1, column: 1)
        }
    }

    private static func describe(_ error: YamlError) -> ComposeOutcome {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return .failure(.yamlSyntax(problem: text), line: mark.line, column: mark.column)
        case .composer(let context, let problem, let mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return .failure(.yamlSyntax(problem: text), line: mark.line, column: mark.column)
        default:
            return .failure(.yamlSyntax(problem: "\(error)"), line: 1, column: 1)
        }
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
