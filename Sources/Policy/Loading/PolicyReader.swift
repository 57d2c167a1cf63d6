import CEL
import Foundation
@preconcurrency import Yams

/// Reads one policy file into a ``PolicyDocument``, reporting every problem it finds.
struct PolicyReader {
    static let topLevelKeys = ["policy", "name", "version", "description", "extends", "abstract", "timezone",
                               "calendar", "on_error", "params", "statutory", "facts", "tiers", "protections",
                               "windows", "vocabularies", "rules"]
    static let vocabularyKeys = ["values", "aliases", "type", "actions", "cite"]
    static let factKeys = ["value", "type", "output", "doc"]
    static let tierKeys = ["id", "name", "cite", "when", "protect", "instead", "disabled"]
    static let protectionKeys = ["id", "kind", "when", "blocks", "cite", "reason", "disabled"]
    static let windowKeys = ["days", "hours", "blackouts", "cite"]
    static let blackoutKeys = ["from", "to", "reason"]
    static let statutoryKeys = ["min", "max", "cite"]
    static let ruleKeys = ["id", "cite", "description", "effective", "each", "as", "when", "unless", "emit",
                           "violation", "review_at", "disabled"]
    static let emitKeys = ["action", "channels", "not_before", "due_by", "reason", "data"]
    static let violationKeys = ["code", "detail"]
    static let effectiveKeys = ["from", "until"]

    var reader: NodeReader

    init(file: YAMLFile) {
        reader = NodeReader(file: file)
    }

    /// The document, or nil when its id could not be read; diagnostics in ``reader``.
    mutating func read() -> PolicyDocument? {
        guard let root = reader.file.root, let top = reader.mapping(root, in: "a policy", keys: Self.topLevelKeys) else {
            return nil
        }
        guard let idNode = top["policy"] else {
            reader.report(.missingKey(key: "policy", in: "a policy"), range: 0..<0)
            return nil
        }
        guard let id = reader.identifier(idNode, in: "`policy`") else { return nil }
        let file = reader.file
        var onError: ErrorPolicy?
        if let node = top["on_error"], let text = reader.string(node, in: "`on_error`") {
            onError = ErrorPolicy(rawValue: text)
            if onError == nil { reader.report(.invalidValue(what: "`on_error`", value: text, expected: "`escalate` or `report`"), at: node) }
        }
        let tiers = list(top["tiers"], "`tiers`") { $0.readTier($1) }
        let protections = list(top["protections"], "`protections`") { $0.readProtection($1) }
        let rules = list(top["rules"], "`rules`") { $0.readRule($1) }
        reportDuplicates(tiers.map(\.id), kind: "tier")
        reportDuplicates(protections.map(\.id), kind: "protection")
        reportDuplicates(rules.map(\.id), kind: "rule")
        return PolicyDocument(
            file: file, id: id,
            name: top["name"].flatMap { reader.string($0, in: "`name`") },
            version: top["version"].flatMap { reader.string($0, in: "`version`") },
            description: top["description"].flatMap { reader.string($0, in: "`description`") },
            extends: top["extends"].flatMap { reader.identifier($0, in: "`extends`") },
            isAbstract: top["abstract"].flatMap { reader.bool($0, in: "`abstract`") } ?? false,
            timezone: top["timezone"].flatMap { node in reader.string(node, in: "`timezone`").map { Located($0, file.range(of: node)) } },
            calendar: top["calendar"].flatMap { reader.identifier($0, in: "`calendar`") },
            onError: onError,
            params: top["params"].map { readParams($0) } ?? [],
            statutory: top["statutory"].map { readStatutory($0) } ?? [],
            facts: top["facts"].map { readFacts($0) } ?? [],
            tiers: tiers,
            protections: protections,
            windows: top["windows"].map { readWindows($0) } ?? [],
            vocabularies: top["vocabularies"].map { readVocabularies($0) } ?? [],
            rules: rules)
    }

    /// Reports a second tier, protection or rule with the id of an earlier one of this
    /// file (`extends` would otherwise let the second silently replace the first).
    private mutating func reportDuplicates(_ ids: [Located<String>], kind: String) {
        var first: [String: Range<Int>] = [:]
        for id in ids {
            if let earlier = first[id.value] {
                let line = reader.file.source.location(of: earlier.lowerBound).line
                reader.report(.duplicateID(kind: kind, id: id.value, firstLine: line), range: id.range, firstAt: earlier)
            } else {
                first[id.value] = id.range
            }
        }
    }

    private mutating func list<T>(_ node: Node?, _ context: String, _ read: (inout PolicyReader, Node) -> T?) -> [T] {
        guard let node, let items = reader.sequence(node, in: context) else { return [] }
        return items.compactMap { read(&self, $0) }
    }

    private mutating func readParams(_ node: Node) -> [ParamDecl] {
        reader.namedEntries(node, in: "`params`").compactMap { name, key, value in
            guard NodeReader.isIdentifier(name) || name.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) else {
                reader.report(.invalidID(id: name), at: key)
                return nil
            }
            guard let (v, t) = reader.paramValue(value) else { return nil }
            return ParamDecl(name: name, value: v, type: t, file: reader.file.source, range: reader.file.range(of: key))
        }
    }

    private mutating func readStatutory(_ node: Node) -> [StatutoryDecl] {
        reader.namedEntries(node, in: "`statutory`").compactMap { name, key, value in
            guard let fields = reader.mapping(value, in: "statutory bound `\(name)`", keys: Self.statutoryKeys) else { return nil }
            var bounds: [String: Value] = [:]
            for field in ["min", "max"] {
                if let node = fields[field], case .scalar = node { bounds[field] = reader.paramValue(node)?.0 }
            }
            guard let cite = fields["cite"].flatMap({ reader.string($0, in: "`cite`") }) else {
                reader.report(.missingKey(key: "cite", in: "statutory bound `\(name)`"), at: key)
                return nil
            }
            return StatutoryDecl(param: name, min: bounds["min"], max: bounds["max"], cite: cite,
                                 file: reader.file.source, range: reader.file.range(of: key))
        }
    }

    private mutating func readFacts(_ node: Node) -> [FactDecl] {
        reader.namedEntries(node, in: "`facts`").compactMap { name, key, value in
            guard NodeReader.isIdentifier(name), !name.contains("-") else {
                reader.report(.invalidID(id: name), at: key)
                return nil
            }
            if case .scalar = value {
                guard let site = reader.expression(value, in: "fact `\(name)`") else { return nil }
                return FactDecl(name: name, expression: site, declaredType: nil, output: true, doc: nil, range: reader.file.range(of: key))
            }
            guard let fields = reader.mapping(value, in: "fact `\(name)`", keys: Self.factKeys) else { return nil }
            guard let valueNode = fields["value"] else {
                reader.report(.missingKey(key: "value", in: "fact `\(name)`"), at: key)
                return nil
            }
            var declared: CELType?
            if let typeNode = fields["type"], let text = reader.string(typeNode, in: "`type`") {
                declared = CELType(parsing: text)
                if declared == nil { reader.report(.invalidValue(what: "type", value: text, expected: "a CEL type such as `decimal`, `int`, `list(string)`"), at: typeNode) }
            }
            guard let site = reader.expression(valueNode, in: "fact `\(name)`") else { return nil }
            return FactDecl(name: name, expression: site, declaredType: declared,
                            output: fields["output"].flatMap { reader.bool($0, in: "`output`") } ?? true,
                            doc: fields["doc"].flatMap { reader.string($0, in: "`doc`") }, range: reader.file.range(of: key))
        }
    }

    private mutating func readTier(_ node: Node) -> TierDecl? {
        guard let fields = reader.mapping(node, in: "a tier", keys: Self.tierKeys) else { return nil }
        guard let id = requiredID(fields, node, "a tier") else { return nil }
        return TierDecl(
            id: id, file: reader.file.source,
            cite: fields["cite"].flatMap { reader.string($0, in: "`cite`") },
            when: fields["when"].flatMap { reader.expression($0, in: "`when`") },
            protect: fields["protect"].map { reader.strings($0, in: "`protect`") } ?? [],
            instead: fields["instead"].flatMap { node in reader.string(node, in: "`instead`").map { Located($0, reader.file.range(of: node)) } },
            disabled: fields["disabled"].flatMap { reader.bool($0, in: "`disabled`") } ?? false)
    }

    private mutating func readProtection(_ node: Node) -> ProtectionDecl? {
        guard let fields = reader.mapping(node, in: "a protection", keys: Self.protectionKeys) else { return nil }
        guard let id = requiredID(fields, node, "a protection") else { return nil }
        let disabled = fields["disabled"].flatMap { reader.bool($0, in: "`disabled`") } ?? false
        if !disabled, fields["kind"] == nil, fields["when"] == nil {
            reader.report(.missingKey(key: "kind` or `when", in: "protection `\(id.value)`"), at: node)
        }
        if !disabled, fields["blocks"] == nil {
            reader.report(.missingKey(key: "blocks", in: "protection `\(id.value)`"), at: node)
        }
        return ProtectionDecl(
            id: id, file: reader.file.source,
            kind: fields["kind"].flatMap { reader.string($0, in: "`kind`") },
            when: fields["when"].flatMap { reader.expression($0, in: "`when`") },
            blocks: fields["blocks"].map { reader.strings($0, in: "`blocks`") } ?? [],
            cite: fields["cite"].flatMap { reader.string($0, in: "`cite`") },
            reason: fields["reason"].flatMap { reader.string($0, in: "`reason`") },
            disabled: disabled)
    }

    private mutating func readVocabularies(_ node: Node) -> [VocabularyDecl] {
        reader.namedEntries(node, in: "`vocabularies`").compactMap { path, key, value in
            guard let fields = reader.mapping(value, in: "the vocabulary of `\(path)`", keys: Self.vocabularyKeys) else { return nil }
            guard let field = VocabularyPath(path) else {
                reader.report(.invalidValue(what: "field path", value: path, expected: "snapshot fields such as `customer.category` or `notices[].kind`"), at: key)
                return nil
            }
            var type: VocabularyDecl.ValueType?
            if let typeNode = fields["type"], let text = reader.string(typeNode, in: "`type`") {
                type = VocabularyDecl.ValueType(rawValue: text)
                if type == nil { reader.report(.invalidValue(what: "`type`", value: text, expected: "`string` or `bool`"), at: typeNode) }
            }
            return VocabularyDecl(
                path: Located(field, reader.file.range(of: key)), file: reader.file.source,
                values: fields["values"].flatMap { reader.expression($0, in: "`values`") },
                aliases: fields["aliases"].flatMap { reader.expression($0, in: "`aliases`") },
                type: type,
                includesActions: fields["actions"].flatMap { reader.bool($0, in: "`actions`") } ?? false,
                cite: fields["cite"].flatMap { reader.string($0, in: "`cite`") })
        }
    }

    private mutating func readWindows(_ node: Node) -> [WindowDecl] {
        reader.namedEntries(node, in: "`windows`").compactMap { action, key, value in
            guard let fields = reader.mapping(value, in: "the window of `\(action)`", keys: Self.windowKeys) else { return nil }
            var workdaysOnly = false
            if let daysNode = fields["days"], let days = reader.string(daysNode, in: "`days`") {
                switch days {
                case "workdays": workdaysOnly = true
                case "any": workdaysOnly = false
                default: reader.report(.invalidValue(what: "`days`", value: days, expected: "`workdays` or `any`"), at: daysNode)
                }
            }
            var hours: Range<Int>?
            if let hoursNode = fields["hours"], let text = reader.string(hoursNode, in: "`hours`") {
                hours = Self.hourRange(text)
                if hours == nil { reader.report(.invalidValue(what: "`hours`", value: text, expected: "`HH:MM-HH:MM` with the start before the end"), at: hoursNode) }
            }
            var blackouts: [WindowDecl.Blackout] = []
            if let list = fields["blackouts"], let items = reader.sequence(list, in: "`blackouts`") {
                for item in items {
                    guard let b = reader.mapping(item, in: "a blackout", keys: Self.blackoutKeys),
                          let fromNode = b["from"], let toNode = b["to"] else {
                        reader.report(.missingKey(key: "from` and `to", in: "a blackout"), at: item)
                        continue
                    }
                    guard let from = reader.date(fromNode, in: "`from`"), let to = reader.date(toNode, in: "`to`") else { continue }
                    if to < from { reader.report(.invalidValue(what: "blackout", value: "\(from)…\(to)", expected: "`from` not after `to`"), at: item) }
                    blackouts.append(.init(from: from, to: to, reason: b["reason"].flatMap { reader.string($0, in: "`reason`") } ?? "blackout"))
                }
            }
            return WindowDecl(action: Located(action, reader.file.range(of: key)), file: reader.file.source,
                              workdaysOnly: workdaysOnly, hours: hours, blackouts: blackouts,
                              cite: fields["cite"].flatMap { reader.string($0, in: "`cite`") })
        }
    }

    /// `HH:MM-HH:MM` as minutes from midnight.
    static func hourRange(_ text: String) -> Range<Int>? {
        let parts = text.split(separator: "-").map { String($0.trimmingWhitespace) }
        guard parts.count == 2, let a = minutes(parts[0]), let b = minutes(parts[1]), a < b else { return nil }
        return a..<b
    }

    static func minutes(_ text: String) -> Int? {
        let hm = text.split(separator: ":")
        guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]),
              (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60 else { return nil }
        return h * 60 + m
    }

    private mutating func readRule(_ node: Node) -> RuleDecl? {
        guard let fields = reader.mapping(node, in: "a rule", keys: Self.ruleKeys) else { return nil }
        guard let id = requiredID(fields, node, "a rule") else { return nil }
        let disabled = fields["disabled"].flatMap { reader.bool($0, in: "`disabled`") } ?? false
        var from: CivilDate?
        var until: CivilDate?
        if let effective = fields["effective"], let e = reader.mapping(effective, in: "`effective`", keys: Self.effectiveKeys) {
            from = e["from"].flatMap { reader.date($0, in: "`from`") }
            until = e["until"].flatMap { reader.date($0, in: "`until`") }
        }
        if fields["emit"] != nil, fields["violation"] != nil {
            reader.report(.conflictingKeys("emit", "violation"), at: fields.keyNodes["violation"] ?? node)
        } else if !disabled, fields["emit"] == nil, fields["violation"] == nil {
            reader.report(.missingKey(key: "emit` or `violation", in: "rule `\(id.value)`"), at: node)
        }
        var itemName = "item"
        if let asNode = fields["as"] {
            if let name = reader.identifier(asNode, in: "`as`"), !name.value.contains("-") { itemName = name.value } else {
                reader.report(.invalidID(id: NodeReader.shape(asNode)), at: asNode)
            }
            if fields["each"] == nil { reader.report(.missingKey(key: "each", in: "rule `\(id.value)` (it has `as`)"), at: asNode) }
        }
        return RuleDecl(
            id: id, file: reader.file.source,
            cite: fields["cite"].flatMap { reader.string($0, in: "`cite`") },
            description: fields["description"].flatMap { reader.string($0, in: "`description`") },
            effectiveFrom: from, effectiveUntil: until,
            each: fields["each"].flatMap { reader.expression($0, in: "`each`") },
            itemName: itemName,
            when: fields["when"].flatMap { reader.expression($0, in: "`when`") },
            unless: fields["unless"].flatMap { reader.expression($0, in: "`unless`") },
            emit: fields["emit"].flatMap { readEmit($0) },
            violation: fields["violation"].flatMap { readViolation($0) },
            reviewAt: fields["review_at"].flatMap { reader.expression($0, in: "`review_at`") },
            disabled: disabled)
    }

    private mutating func readEmit(_ node: Node) -> EmitDecl? {
        guard let fields = reader.mapping(node, in: "`emit`", keys: Self.emitKeys) else { return nil }
        guard let actionNode = fields["action"], let action = reader.identifier(actionNode, in: "`action`") else {
            if fields["action"] == nil { reader.report(.missingKey(key: "action", in: "`emit`"), at: node) }
            return nil
        }
        guard let dueNode = fields["due_by"] else {
            reader.report(.missingKey(key: "due_by", in: "`emit`"), at: node)
            return nil
        }
        guard let dueBy = reader.expression(dueNode, in: "`due_by`") else { return nil }
        var data: [(String, ExpressionSite)] = []
        if let dataNode = fields["data"] {
            for (name, _, value) in reader.namedEntries(dataNode, in: "`data`") {
                if let site = reader.expression(value, in: "`data.\(name)`") { data.append((name, site)) }
            }
        }
        return EmitDecl(
            action: action,
            channels: fields["channels"].map { reader.strings($0, in: "`channels`").map(\.value) } ?? [],
            notBefore: fields["not_before"].flatMap { reader.expression($0, in: "`not_before`") },
            dueBy: dueBy,
            reason: fields["reason"].flatMap { reader.template($0, in: "`reason`") },
            data: data)
    }

    private mutating func readViolation(_ node: Node) -> ViolationDecl? {
        guard let fields = reader.mapping(node, in: "`violation`", keys: Self.violationKeys) else { return nil }
        guard let codeNode = fields["code"], let code = reader.identifier(codeNode, in: "`code`") else {
            if fields["code"] == nil { reader.report(.missingKey(key: "code", in: "`violation`"), at: node) }
            return nil
        }
        return ViolationDecl(code: code, detail: fields["detail"].flatMap { reader.template($0, in: "`detail`") })
    }

    private mutating func requiredID(_ fields: Fields, _ node: Node, _ context: String) -> Located<String>? {
        guard let idNode = fields["id"] else {
            reader.report(.missingKey(key: "id", in: context), at: node)
            return nil
        }
        return reader.identifier(idNode, in: "`id`")
    }
}
