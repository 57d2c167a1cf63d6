import CEL
import Policy

/// What a name under the cursor stands for, in CEL or as a YAML key or id.
enum CursorSymbol: Equatable, Sendable {
    case fact(String)
    case param(String)
    case rule(String)
    case tier(String)
    case function(String)
    case macro(Comprehension.Macro)
    /// A variable of the environment other than a fact: a snapshot field, `now`, `today`,
    /// `params`, `tier`, `snapshot`.
    case variable(String)
    /// A field of a record type of the snapshot schema.
    case field(object: String, name: String)
}

extension PolicyContext {
    /// The symbol at file offset `offset` and the file range of its name.
    func symbol(at offset: Int) -> (symbol: CursorSymbol, range: Range<Int>)? {
        if let (site, inText) = site(at: offset) { return symbol(in: site, at: inText) }
        func covers(_ range: Range<Int>) -> Bool { range.contains(offset) || range.upperBound == offset }
        if let fact = document.facts.first(where: { covers($0.range) }) { return (.fact(fact.name), fact.range) }
        if let param = document.params.first(where: { covers($0.range) }) { return (.param(param.name), param.range) }
        if let rule = document.rules.first(where: { covers($0.id.range) }) { return (.rule(rule.id.value), rule.id.range) }
        if let tier = document.tiers.first(where: { covers($0.id.range) }) { return (.tier(tier.id.value), tier.id.range) }
        return nil
    }

    private func symbol(in site: ExpressionSite, at offset: Int) -> (symbol: CursorSymbol, range: Range<Int>)? {
        let text = Array(site.text.utf8)
        guard let word = CELText.identifier(around: offset, in: text) else { return nil }
        let name = String(decoding: text[word], as: UTF8.self)
        let range = site.fileOffset(word.lowerBound)..<site.fileOffset(word.upperBound)
        let isCall = CELText.nextNonSpace(after: word.upperBound, in: text) == UInt8(ascii: "(")
        if let dot = CELText.dot(before: word.lowerBound, in: text) {
            if CELText.receiverName(endingAt: dot, in: text) == "params" { return (.param(name), range) }
            if isCall {
                if let macro = Comprehension.Macro(rawValue: name) { return (.macro(macro), range) }
                return functions[name] == nil ? nil : (.function(name), range)
            }
            guard let environment, case .object(let object)? = CELText.type(ofPrefix: Array(text[..<dot]), in: environment),
                  environment.objectTypes[object]?.fields[name] != nil else { return nil }
            return (.field(object: object, name: name), range)
        }
        if isCall { return functions[name] == nil ? nil : (.function(name), range) }
        if resolved?.facts.contains(where: { $0.name == name }) ?? document.facts.contains(where: { $0.name == name }) {
            return (.fact(name), range)
        }
        if environment?.variables[name] != nil { return (.variable(name), range) }
        return nil
    }
}
