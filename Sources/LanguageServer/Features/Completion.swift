import CEL
import Policy

/// `textDocument/completion` inside CEL: after `params.`, the params; after another `.`,
/// the fields of the receiver's record type (by the snapshot schema, as the checker types
/// the receiver: `bills[0].`, `customer.`, a macro's variable), its member functions and,
/// on a list, the macros; elsewhere the facts, the snapshot fields and other variables, the
/// global functions and `has`. Each with its type or signature.
extension PolicyContext {
    /// One completion item.
    struct CompletionItem: Equatable, Sendable {
        /// LSP `CompletionItemKind`.
        enum Kind: Int, Sendable {
            case method = 2, function = 3, field = 5, variable = 6, property = 10, keyword = 14
        }

        let label: String
        let kind: Kind
        let detail: String
        let documentation: String?
    }

    /// The items at offset `offset` of the text of `site`.
    func completions(in site: ExpressionSite, at offset: Int) -> [CompletionItem] {
        let text = Array(site.text.utf8)
        let start = CELText.identifierStart(endingAt: min(offset, text.count), in: text)
        if let dot = CELText.dot(before: start, in: text) {
            if CELText.receiverName(endingAt: dot, in: text) == "params" { return paramItems() }
            let type = environment.flatMap { CELText.type(ofPrefix: Array(text[..<dot]), in: $0) } ?? .dyn
            return memberItems(of: type)
        }
        return topLevelItems()
    }

    private func paramItems() -> [CompletionItem] {
        (resolved?.params ?? document.params).map { param in
            CompletionItem(label: param.name, kind: .property, detail: param.type.authorName,
                           documentation: "= \(PolicyText.describe(param.value)) (\(place(param.file, param.range)))")
        }
    }

    private func memberItems(of type: CELType) -> [CompletionItem] {
        var items: [CompletionItem] = []
        if case .object(let name) = type, let object = environment?.objectTypes[name] {
            items += object.fields.sorted { $0.key < $1.key }.map {
                CompletionItem(label: $0.key, kind: .field, detail: $0.value.authorName, documentation: nil)
            }
        }
        let environment = self.environment ?? Environment()
        for (name, decl) in functions.functions.sorted(by: { $0.key < $1.key }) where !Self.isOperator(name) {
            let overloads = decl.overloads.filter { type == .dyn ? $0.isMember : $0.acceptsReceiver(type, in: environment) }
            guard !overloads.isEmpty else { continue }
            items.append(CompletionItem(label: name, kind: .method, detail: overloads.map { $0.signature(name) }.joined(separator: "; "),
                                        documentation: decl.doc))
        }
        var isList = type == .dyn
        if case .list = type { isList = true }
        if isList {
            items += Comprehension.Macro.allCases.map {
                CompletionItem(label: $0.rawValue, kind: .keyword, detail: $0.signature, documentation: "macro: `x` is bound to each element in turn")
            }
        }
        return items
    }

    private func topLevelItems() -> [CompletionItem] {
        var items: [CompletionItem] = []
        let facts = Set((resolved?.facts ?? document.facts).map(\.name))
        for (name, type) in (environment?.variables ?? [:]).sorted(by: { $0.key < $1.key }) {
            let what = facts.contains(name) ? "fact" : SnapshotSchema.snapshot.fields.contains { $0.name == name } ? "snapshot field" : "variable"
            items.append(CompletionItem(label: name, kind: .variable, detail: type.authorName, documentation: what))
        }
        for (name, decl) in functions.functions.sorted(by: { $0.key < $1.key }) where !Self.isOperator(name) {
            let overloads = decl.overloads.filter { !$0.isMember }
            guard !overloads.isEmpty else { continue }
            items.append(CompletionItem(label: name, kind: .function, detail: overloads.map { $0.signature(name) }.joined(separator: "; "),
                                        documentation: decl.doc))
        }
        // `has` is the one macro written as a global call (the parser makes it a presence test).
        items.append(CompletionItem(label: "has", kind: .keyword, detail: "has(x.f) -> bool", documentation: "whether field `f` of `x` is present"))
        return items
    }

    /// Operators (`_+_`, `@in`, `!_`) are functions of the library that no one types by name.
    static func isOperator(_ name: String) -> Bool {
        name.hasPrefix("_") || name.hasPrefix("@") || name.hasPrefix("!")
    }
}
