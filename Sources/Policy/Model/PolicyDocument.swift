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
    public let rules: [RuleDecl]
}

/// A calendar file: holidays and make-up working days.
public struct CalendarDocument: Sendable {
    public let id: String
    public let name: String?
    public let calendar: HolidayCalendar
    /// The file's text, for the policy digest.
    public let sourceText: String
}
