import CEL

/// A parameter: a named constant typed by how it is written (see docs/language.md).
public struct ParamDecl: Sendable {
    public let name: String
    public let value: Value
    public let type: CELType
    public let file: Source
    public let range: Range<Int>
}

/// A floor or ceiling on a parameter set by a law or a promise.
public struct StatutoryDecl: Sendable {
    public let param: String
    public let min: Value?
    public let max: Value?
    public let cite: String
    public let file: Source
    public let range: Range<Int>
}

/// A named CEL value computed once per snapshot.
public struct FactDecl: Sendable {
    public let name: String
    public let expression: ExpressionSite
    /// The declared type, if any; the expression must have it.
    public let declaredType: CELType?
    /// Whether the decision shows it.
    public let output: Bool
    public let doc: String?
    public let range: Range<Int>
}

/// A customer tier.
public struct TierDecl: Sendable {
    public let id: Located<String>
    public let file: Source
    public let cite: String?
    public let when: ExpressionSite?
    /// Actions never carried out automatically for the tier.
    public let protect: [Located<String>]
    /// The action emitted in place of a protected one.
    public let instead: Located<String>?
    public let disabled: Bool
}

/// An account-level hold that blocks actions.
public struct ProtectionDecl: Sendable {
    public let id: Located<String>
    public let file: Source
    /// Matches `customer.protections[].kind`.
    public let kind: String?
    public let when: ExpressionSite?
    public let blocks: [Located<String>]
    public let cite: String?
    public let reason: String?
    public let disabled: Bool
}

/// When an action may be carried out.
public struct WindowDecl: Sendable {
    public let action: Located<String>
    public let file: Source
    /// Whether only working days of the calendar are allowed.
    public let workdaysOnly: Bool
    /// Allowed local time of day, in minutes from midnight: `from..<to`.
    public let hours: Range<Int>?
    public let blackouts: [Blackout]
    public let cite: String?

    /// Dates (inclusive) in which the action is not carried out.
    public struct Blackout: Sendable {
        public let from: CivilDate
        public let to: CivilDate
        public let reason: String
    }
}

/// Text with `${expression}` parts.
public struct TextTemplate: Sendable {
    /// Literal text and expressions, in order.
    public enum Piece: Sendable {
        case text(String)
        case expression(ExpressionSite)
    }

    public let pieces: [Piece]
}

/// What a rule emits: an action with its window and data.
public struct EmitDecl: Sendable {
    public let action: Located<String>
    public let channels: [String]
    public let notBefore: ExpressionSite?
    public let dueBy: ExpressionSite
    public let reason: TextTemplate?
    public let data: [(name: String, expression: ExpressionSite)]
}

/// A compliance finding a rule reports.
public struct ViolationDecl: Sendable {
    public let code: Located<String>
    public let detail: TextTemplate?
}

/// A rule.
public struct RuleDecl: Sendable {
    public let id: Located<String>
    public let file: Source
    public let cite: String?
    public let description: String?
    public let effectiveFrom: CivilDate?
    public let effectiveUntil: CivilDate?
    public let each: ExpressionSite?
    public let itemName: String
    public let when: ExpressionSite?
    public let unless: ExpressionSite?
    public let emit: EmitDecl?
    public let violation: ViolationDecl?
    public let reviewAt: ExpressionSite?
    public let disabled: Bool
}

/// What happens when a rule cannot be evaluated.
public enum ErrorPolicy: String, Sendable {
    /// Emit one `escalate` action naming the failed rules.
    case escalate
    /// Only list the errors.
    case report
}
