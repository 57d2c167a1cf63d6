import CEL
import Foundation
import Policy

/// `textDocument/hover`: what a name stands for — a fact, param, tier or rule (its type,
/// value or definition, doc, cite, and for a param which file of the `extends` chain set the
/// value in force), a snapshot field, or a CEL function or macro (signature, doc, first
/// example).
extension PolicyContext {
    /// The hover text (Markdown) of `symbol`, or nil when there is nothing to say.
    func hoverText(_ symbol: CursorSymbol) -> String? {
        switch symbol {
        case .fact(let name):
            guard let fact = resolved?.facts.first(where: { $0.name == name }) ?? document.facts.first(where: { $0.name == name }) else { return nil }
            let type = environment?.variables[name] ?? fact.declaredType
            var parts = ["**fact** `\(name)`" + (type.map { ": `\($0.authorName)`" } ?? "")]
            if let doc = fact.doc { parts.append(doc) }
            parts.append("```cel\n\(fact.expression.text.trimmingWhitespace)\n```")
            parts.append(definedIn("fact", fact.expression.file, fact.range, overriding: chain.filter { $0.facts.contains { $0.name == name } }))
            return parts.joined(separator: "\n\n")
        case .param(let name):
            guard let param = resolved?.params.first(where: { $0.name == name }) ?? document.params.first(where: { $0.name == name }) else { return nil }
            var parts = ["**param** `\(name)`: `\(param.type.authorName)` = `\(PolicyText.describe(param.value))`"]
            let setters = chain.filter { $0.params.contains { $0.name == name } }
            if let setter = setters.first {
                var line = "set by `\(setter.id.value)` (\(place(param.file, param.range)))"
                let earlier = setters.dropFirst().compactMap { doc in
                    doc.params.first { $0.name == name }.map { "`\(doc.id.value)`: `\(PolicyText.describe($0.value))`" }
                }
                if !earlier.isEmpty { line += "; overrides " + earlier.joined(separator: ", ") }
                parts.append(line)
            }
            if let bound = resolved?.statutory.first(where: { $0.param == name }) {
                let limits = [bound.min.map { "at least `\(PolicyText.describe($0))`" }, bound.max.map { "at most `\(PolicyText.describe($0))`" }]
                    .compactMap { $0 }.joined(separator: ", ")
                parts.append("statutory: \(limits) — \(bound.cite)")
            }
            return parts.joined(separator: "\n\n")
        case .rule(let id):
            guard let rule = resolved?.rules.first(where: { $0.id.value == id }) ?? document.rules.first(where: { $0.id.value == id }) else { return nil }
            var parts = ["**rule** `\(id)`"]
            if let description = rule.description { parts.append(description) }
            if let cite = rule.cite { parts.append("cite: \(cite)") }
            if let when = rule.when { parts.append("```cel\n\(when.text.trimmingWhitespace)\n```") }
            if let action = rule.emit?.action.value { parts.append("emits `\(action)`") }
            if let code = rule.violation?.code.value { parts.append("reports the violation `\(code)`") }
            parts.append(definedIn("rule", rule.file, rule.id.range, overriding: chain.filter { $0.rules.contains { $0.id.value == id } }))
            return parts.joined(separator: "\n\n")
        case .tier(let id):
            guard let tier = resolved?.tiers.first(where: { $0.id.value == id }) ?? document.tiers.first(where: { $0.id.value == id }) else { return nil }
            var parts = ["**tier** `\(id)`"]
            if !tier.protect.isEmpty { parts.append("protects: " + tier.protect.map { "`\($0.value)`" }.joined(separator: ", ")) }
            if let instead = tier.instead { parts.append("instead: `\(instead.value)`") }
            if let cite = tier.cite { parts.append("cite: \(cite)") }
            if let when = tier.when { parts.append("```cel\n\(when.text.trimmingWhitespace)\n```") }
            parts.append(definedIn("tier", tier.file, tier.id.range, overriding: chain.filter { $0.tiers.contains { $0.id.value == id } }))
            return parts.joined(separator: "\n\n")
        case .function(let name):
            guard let decl = functions[name] else { return nil }
            var parts = ["```\n" + decl.overloads.map { $0.signature(name) }.joined(separator: "\n") + "\n```", decl.doc]
            if let example = decl.examples.first { parts.append("example: `\(example)`") }
            if decl.isExtension { parts.append("an extension of CEL (docs/cel.md)") }
            return parts.joined(separator: "\n\n")
        case .macro(let macro):
            return "```\n\(macro.signature)\n```\n\nmacro: `x` is bound to each element in turn"
        case .variable(let name):
            guard let type = environment?.variables[name] else { return nil }
            let what = SnapshotSchema.snapshot.fields.contains { $0.name == name } ? "snapshot field" : "variable"
            return "**\(what)** `\(name)`: `\(type.authorName)`"
        case .field(let object, let name):
            guard let type = environment?.objectTypes[object]?.fields[name] else { return nil }
            return "**field** `\(object).\(name)`: `\(type.authorName)`"
        }
    }

    /// `file:line` of a place, the file named by its last path component.
    func place(_ file: Source, _ range: Range<Int>) -> String {
        "\((file.name as NSString).lastPathComponent):\(file.location(of: range.lowerBound).line)"
    }

    /// Where the declaration in force is, and the bases' declarations it overrides.
    private func definedIn(_ kind: String, _ file: Source, _ range: Range<Int>, overriding declaring: [PolicyDocument]) -> String {
        var text = "defined at \(place(file, range))"
        let bases = declaring.map(\.id.value).filter { $0 != declaring.first?.id.value }
        if !bases.isEmpty { text += "; overrides the \(kind) of " + bases.map { "`\($0)`" }.joined(separator: ", ") }
        return text
    }
}
