import CEL

/// One policy file as written, before `extends` is resolved.
public struct PolicyDocument: Sendable {
    public let file: YAMLFile
    public let id: Located<String>
    public let name: String?
    public let version: String?
    public let description: String?
    public let extends: Located<String>?
    public let isAbstract: Bool
    public let timezone: Located<String>?
    public let calendar: Located<String>?
    public let onError: ErrorPolicy?
    public let params: [ParamDecl]
    public let statutory: [StatutoryDecl]
    public let facts: [FactDecl]
    public let tiers: [TierDecl]
    public let protections: [ProtectionDecl]
    public let windows: [WindowDecl]
    public let vocabularies: [VocabularyDecl]
    public let rules: [RuleDecl]
}

extension PolicyDocument {
    /// Every CEL expression of the document (facts, conditions, emitted values, `${…}`
    /// parts of texts, vocabularies), in no particular order.
    public var expressionSites: [ExpressionSite] {
        var sites: [ExpressionSite] = facts.map(\.expression)
        sites += tiers.compactMap(\.when) + protections.compactMap(\.when)
        sites += vocabularies.flatMap { [$0.values, $0.aliases].compactMap { $0 } }
        func pieces(_ template: TextTemplate?) -> [ExpressionSite] {
            (template?.pieces ?? []).compactMap { if case .expression(let site) = $0 { site } else { nil } }
        }
        for rule in rules {
            sites += [rule.each, rule.when, rule.unless, rule.reviewAt].compactMap { $0 }
            if let emit = rule.emit {
                sites += [emit.dueBy] + [emit.notBefore].compactMap { $0 } + emit.data.map(\.expression) + pieces(emit.reason)
            }
            sites += pieces(rule.violation?.detail)
        }
        return sites
    }
}

/// A calendar: the periods it covers, holidays and make-up working days, from one file or
/// from several files of the same id (one per year).
public struct CalendarDocument: Sendable {
    public let id: String
    public let name: String?
    public let calendar: HolidayCalendar
    /// The files' text, in the order read, for the policy digest.
    public let sourceText: String
    /// The files, each with the period it covers.
    public let files: [Part]

    /// One calendar file and the period it covers.
    public struct Part: Sendable {
        public let path: String
        public let covers: ClosedRange<CivilDate>
        /// Where `covers` stands in the file.
        public let coversRange: Range<Int>
    }
}
