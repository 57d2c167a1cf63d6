import CEL

/// A policy ready to evaluate: every expression checked and planned, blocks and windows
/// indexed. Built once by ``PolicyCompiler``, shared by all evaluation threads.
///
/// A class: evaluators on many threads hold it, and copying a reference (one retain)
/// instead of its many fields keeps them from contending for the same reference counts.
public final class CompiledPolicy: Sendable {
    public let id: String
    public let name: String?
    public let version: String?
    /// `sha256:` of the policy's files (its chain and calendar), so a decision names exactly
    /// the rules that made it.
    public let digest: String
    public let isAbstract: Bool
    public let timeZone: TimeZoneSpec
    public let calendar: any WorkCalendar
    public let onError: ErrorPolicy
    /// The environment every program was planned in (its slots are the activation's).
    public let environment: Environment
    /// Slots of the variables the engine binds.
    public let slots: Slots
    /// The `params` value.
    public let params: Value
    public let facts: [CompiledFact]
    /// How many facts a decision shows (``CompiledFact/output``).
    public let outputFactCount: Int
    public let tiers: [CompiledTier]
    public let protections: [CompiledProtection]
    public let windows: [String: CompiledWindow]
    /// The snapshot fields whose values are checked against a vocabulary.
    public let vocabularies: VocabularyTree
    public let rules: [CompiledRule]
    /// How the policy reads the snapshot's records: the fields its expressions select and
    /// its vocabularies check, and the records they use whole (a decoder may leave what no
    /// policy reads undecoded).
    public let recordUse: RecordUse
    /// How to compile the same policy again, when it came from a compiler.
    private let recipe: (@Sendable () -> CompiledPolicy?)?

    public init(id: String, name: String?, version: String?, digest: String, isAbstract: Bool, timeZone: TimeZoneSpec,
                calendar: any WorkCalendar, onError: ErrorPolicy, environment: Environment, slots: Slots, params: Value,
                facts: [CompiledFact], tiers: [CompiledTier], protections: [CompiledProtection],
                windows: [String: CompiledWindow], vocabularies: [CompiledVocabulary] = [], rules: [CompiledRule], recordUse: RecordUse,
                recipe: (@Sendable () -> CompiledPolicy?)? = nil) {
        self.recipe = recipe
        self.id = id
        self.name = name
        self.version = version
        self.digest = digest
        self.isAbstract = isAbstract
        self.timeZone = timeZone
        self.calendar = calendar
        self.onError = onError
        self.environment = environment
        self.slots = slots
        self.params = params
        self.facts = facts
        outputFactCount = facts.filter(\.output).count
        self.tiers = tiers
        self.protections = protections
        self.windows = windows
        self.vocabularies = VocabularyTree(vocabularies)
        self.rules = rules
        self.recordUse = recordUse
    }

    /// The same policy compiled again from the same files (already read), sharing no
    /// programs, closures or values with this one; this one when it cannot be.
    ///
    /// For evaluation threads: threads that evaluate one shared policy keep retaining and
    /// releasing the same objects, and each such reference count moves between the cores'
    /// caches; with a copy each, a thread touches its own. Compiling takes tens of
    /// milliseconds, so a copy pays only for long runs.
    public func independentCopy() -> CompiledPolicy {
        recipe?() ?? self
    }

    /// Variable slots.
    public struct Slots: Sendable {
        /// Each top-level snapshot field, with its slot.
        public let snapshotFields: [(name: String, slot: Int)]
        public let snapshot: Int
        public let now: Int
        public let today: Int
        public let params: Int
        public let tier: Int
        /// Slots needed by the largest program.
        public let count: Int
    }
}

/// A fact: its program and where its value goes. (A class, so evaluation loops do not
/// copy it.)
public final class CompiledFact: Sendable {
    public let name: String
    public let program: Program
    public let type: CELType
    public let output: Bool
    public let slot: Int
    /// Whether the value depends on nothing but `today`, `params` and other such facts
    /// (the policy's calendar and time zone being fixed): it is then the same for every
    /// snapshot evaluated on the same day, and the evaluator computes it once per day.
    public let isSameAllDay: Bool

    public init(name: String, program: Program, type: CELType, output: Bool, slot: Int, isSameAllDay: Bool) {
        self.name = name
        self.program = program
        self.type = type
        self.output = output
        self.slot = slot
        self.isSameAllDay = isSameAllDay
    }
}

public final class CompiledTier: Sendable {
    public let id: String
    public let cite: String?
    public let when: Program?
    public let protect: Set<String>
    public let instead: String?

    public init(id: String, cite: String?, when: Program?, protect: Set<String>, instead: String?) {
        self.id = id
        self.cite = cite
        self.when = when
        self.protect = protect
        self.instead = instead
    }
}

public final class CompiledProtection: Sendable {
    public let id: String
    public let kind: String?
    public let when: Program?
    public let blocks: Set<String>
    public let cite: String?
    public let reason: String?

    public init(id: String, kind: String?, when: Program?, blocks: Set<String>, cite: String?, reason: String?) {
        self.id = id
        self.kind = kind
        self.when = when
        self.blocks = blocks
        self.cite = cite
        self.reason = reason
    }
}

public struct CompiledWindow: Sendable {
    public let action: String
    public let workdaysOnly: Bool
    public let hours: Range<Int>?
    public let blackouts: [WindowDecl.Blackout]
    public let cite: String?
}

/// Text whose `${…}` parts are programs.
public struct CompiledTemplate: Sendable {
    public enum Piece: Sendable {
        case text(String)
        case program(Program)
    }

    public let pieces: [Piece]
}

public struct CompiledEmit: Sendable {
    public let action: String
    public let channels: [String]
    public let notBefore: Program?
    public let dueBy: Program
    public let reason: CompiledTemplate?
    public let data: [(name: String, program: Program)]
}

public struct CompiledViolation: Sendable {
    public let code: String
    public let detail: CompiledTemplate?
}

public final class CompiledRule: Sendable {
    public let id: String
    public let cite: String?
    public let description: String?
    public let effectiveFrom: CivilDate?
    public let effectiveUntil: CivilDate?
    public let each: Program?
    /// The slot of the `as` variable of an `each` rule.
    public let itemSlot: Int?
    public let when: Program?
    public let unless: Program?
    public let emit: CompiledEmit?
    public let violation: CompiledViolation?
    public let reviewAt: Program?
    /// The rule's condition text, for `explain`.
    public let whenText: String?
    public let unlessText: String?

    public init(id: String, cite: String?, description: String?, effectiveFrom: CivilDate?, effectiveUntil: CivilDate?, each: Program?, itemSlot: Int?, when: Program?, unless: Program?, emit: CompiledEmit?, violation: CompiledViolation?, reviewAt: Program?, whenText: String?, unlessText: String?) {
        self.id = id
        self.cite = cite
        self.description = description
        self.effectiveFrom = effectiveFrom
        self.effectiveUntil = effectiveUntil
        self.each = each
        self.itemSlot = itemSlot
        self.when = when
        self.unless = unless
        self.emit = emit
        self.violation = violation
        self.reviewAt = reviewAt
        self.whenText = whenText
        self.unlessText = unlessText
    }
}
