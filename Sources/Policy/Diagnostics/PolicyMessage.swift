import CEL

/// The catalogue of policy-loading diagnostics. Each case carries its data; ``code``,
/// ``severity``, ``message`` and ``help`` render it in the house style.
public enum PolicyMessage: Sendable {
    // Files and YAML
    case fileTooLarge(bytes: Int, limit: Int)
    case invalidUTF8(offset: Int)
    /// libyaml's description; `unclosedQuote` is where a string left open may have caused it.
    case yamlSyntax(problem: String, unclosedQuote: (line: Int, column: Int)? = nil)
    case tabIndentation
    case multipleDocuments
    case emptyDocument
    case anchorNotAllowed
    case tooDeep(limit: Int)
    case unreadableFile(path: String)
    /// policyctl's own resources (the JSON Schemas that hold the action vocabulary) could not
    /// be read: `problem` is ``PolicyResourceError``'s description.
    case missingResource(problem: String)
    // Shapes
    case expected(what: String, found: String)
    case unknownKey(key: String, in: String, suggestion: String?)
    case duplicateKey(key: String, firstLine: Int)
    case missingKey(key: String, in: String)
    case invalidValue(what: String, value: String, expected: String)
    /// A date-shaped text that names no day; `problem` and `hint` from ``DateText``.
    case invalidDate(text: String, problem: String, hint: String?)
    case invalidID(id: String)
    case duplicateID(kind: String, id: String, firstLine: Int)
    case conflictingKeys(String, String)
    // References
    case unknownBase(id: String, suggestion: String?)
    case extendsCycle(chain: [String])
    case unknownCalendar(id: String)
    case missingCalendarCoverage(calendar: String)
    case outsideCalendarCoverage(what: String, value: String, period: String)
    case overlappingCalendars(calendar: String, period: String, otherFile: String)
    case invalidTimeZone(name: String, problem: String, suggestion: String?)
    case missingTimeZone(policy: String)
    case factCycle(chain: [String])
    case unknownAction(name: String, suggestion: String)
    case noSuchInherited(kind: String, id: String)
    /// A param overridden with a value of another type: `path` (`[0].to`) locates the
    /// difference inside the value; `declaredAt` is `file:line:column` of the base's param.
    case paramTypeChanged(param: String, path: String, given: String, base: String, basePolicy: String,
                          declaredAt: String, hint: String?)
    // Expressions
    case expression(Diagnostic)
    case interpolation(problem: String)
    // Warnings
    case missingCite(rule: String)
    case neverFires(rule: String, reason: String)
    case unusedFact(name: String)
    case unusedParam(name: String)
    case statutoryBound(param: String, value: String, bound: String, isMinimum: Bool, cite: String)
    case calendarEnding(calendar: String, until: CivilDate, days: Int)
    case quadraticComprehension(list: String, outer: String, inner: String)

    /// A stable identifier such as `policy.unknown-key`.
    public var code: String {
        switch self {
        case .fileTooLarge: return "policy.file-too-large"
        case .invalidUTF8: return "policy.invalid-utf8"
        case .yamlSyntax: return "policy.yaml-syntax"
        case .tabIndentation: return "policy.tab-indentation"
        case .multipleDocuments: return "policy.multiple-documents"
        case .emptyDocument: return "policy.empty-document"
        case .anchorNotAllowed: return "policy.anchor-not-allowed"
        case .tooDeep: return "policy.too-deep"
        case .unreadableFile: return "policy.unreadable-file"
        case .missingResource: return "policy.missing-resource"
        case .expected: return "policy.wrong-shape"
        case .unknownKey: return "policy.unknown-key"
        case .duplicateKey: return "policy.duplicate-key"
        case .missingKey: return "policy.missing-key"
        case .invalidValue: return "policy.invalid-value"
        case .invalidDate: return "policy.invalid-date"
        case .invalidID: return "policy.invalid-id"
        case .duplicateID: return "policy.duplicate-id"
        case .conflictingKeys: return "policy.conflicting-keys"
        case .unknownBase: return "policy.unknown-base"
        case .extendsCycle: return "policy.extends-cycle"
        case .unknownCalendar: return "policy.unknown-calendar"
        case .missingCalendarCoverage: return "policy.calendar-missing-covers"
        case .outsideCalendarCoverage: return "policy.calendar-outside-covers"
        case .overlappingCalendars: return "policy.calendar-overlap"
        case .invalidTimeZone: return "policy.invalid-timezone"
        case .missingTimeZone: return "policy.missing-timezone"
        case .factCycle: return "policy.fact-cycle"
        case .unknownAction: return "policy.unknown-action"
        case .noSuchInherited: return "policy.nothing-to-disable"
        case .paramTypeChanged: return "policy.param-type-changed"
        case .expression(let d): return d.code
        case .interpolation: return "policy.bad-interpolation"
        case .missingCite: return "policy.missing-cite"
        case .neverFires: return "policy.rule-never-fires"
        case .unusedFact: return "policy.unused-fact"
        case .unusedParam: return "policy.unused-param"
        case .statutoryBound: return "policy.statutory-bound"
        case .calendarEnding: return "policy.calendar-ending"
        case .quadraticComprehension: return "policy.quadratic-comprehension"
        }
    }

    /// Errors stop a policy from loading; warnings do not (unless `--strict`).
    public var severity: Severity {
        switch self {
        case .missingCite, .neverFires, .unusedFact, .unusedParam, .statutoryBound, .unknownAction, .quadraticComprehension,
             .calendarEnding:
            return .warning
        case .expression(let d): return d.severity
        default: return .error
        }
    }

    /// One line in the house style.
    public var message: String {
        switch self {
        case .fileTooLarge(let bytes, let limit): return "file is too large (\(bytes) bytes; the limit is \(limit))"
        case .invalidUTF8(let offset): return "file is not valid UTF-8 (first bad byte at offset \(offset))"
        case .yamlSyntax(let problem, _): return "invalid YAML: \(problem)"
        case .tabIndentation: return "tab character used for indentation; YAML allows spaces only"
        case .multipleDocuments: return "a policy file holds one YAML document, found more"
        case .emptyDocument: return "file is empty"
        case .anchorNotAllowed: return "anchors and aliases are not allowed in policy files"
        case .tooDeep(let limit): return "nesting is deeper than \(limit) levels"
        case .unreadableFile(let path): return "cannot read `\(path)`"
        case .missingResource(let problem): return problem
        case .expected(let what, let found): return "expected \(what), found \(found)"
        case .unknownKey(let key, let context, _): return "unknown key `\(key)` in \(context)"
        case .duplicateKey(let key, let line): return "key `\(key)` is given twice (first on line \(line))"
        case .missingKey(let key, let context): return "missing key `\(key)` in \(context)"
        case .invalidValue(let what, let value, let expected): return "invalid \(what) `\(value)`: expected \(expected)"
        case .invalidDate(let text, let problem, _): return "invalid date `\(text)`: \(problem)"
        case .invalidID(let id): return "invalid id `\(id)`: use lower-case letters, digits, `-` and `_`, starting with a letter"
        case .duplicateID(let kind, let id, let line): return "\(kind) `\(id)` is defined twice (first on line \(line))"
        case .conflictingKeys(let a, let b): return "`\(a)` and `\(b)` cannot be used together"
        case .unknownBase(let id, _): return "policy extends unknown policy `\(id)`"
        case .extendsCycle(let chain): return "policies extend each other in a cycle: \(chain.map { "`\($0)`" }.joined(separator: " → "))"
        case .unknownCalendar(let id): return "unknown calendar `\(id)`"
        case .missingCalendarCoverage(let id): return "calendar `\(id)` does not say which period it covers (`covers: {from: …, to: …}`)"
        case .outsideCalendarCoverage(let what, let value, let period): return "\(what) `\(value)` lies outside the period the file covers (\(period))"
        case .overlappingCalendars(let id, let period, let other): return "calendar `\(id)` covers \(period) in two files (also `\(other)`)"
        case .invalidTimeZone(let name, let problem, _): return "invalid time zone `\(name)`: \(problem)"
        case .missingTimeZone(let policy): return "policy `\(policy)` has no `timezone`"
        case .factCycle(let chain): return "facts depend on each other in a cycle: \(chain.map { "`\($0)`" }.joined(separator: " → "))"
        case .unknownAction(let name, _): return "`\(name)` is not an action of the contract's vocabulary"
        case .noSuchInherited(let kind, let id): return "`disabled` \(kind) `\(id)` is not inherited from a base policy"
        case .paramTypeChanged(let param, let path, let given, let base, let basePolicy, _, _):
            return "param `\(param)\(path)` is `\(given)` here but `\(base)` in base policy `\(basePolicy)`"
        case .expression(let d): return d.message
        case .interpolation(let problem): return "invalid `${…}` text: \(problem)"
        case .missingCite(let rule): return "rule `\(rule)` has no `cite`"
        case .neverFires(let rule, let reason): return "rule `\(rule)` can never fire: \(reason)"
        case .unusedFact(let name): return "fact `\(name)` is never used"
        case .unusedParam(let name): return "param `\(name)` is never used"
        case .statutoryBound(let param, let value, let bound, let isMinimum, let cite):
            return "param `\(param)` is \(value), \(isMinimum ? "below the statutory minimum" : "above the statutory maximum") \(bound) (\(cite))"
        case .calendarEnding(let id, let until, let days):
            return days < 0 ? "calendar `\(id)` ended on \(until): working days after it are unknown"
                : "calendar `\(id)` ends on \(until), in \(days) \(days == 1 ? "day" : "days"): working days after it are unknown"
        case .quadraticComprehension(let list, let outer, let inner):
            return "`\(inner)` over `\(list)` inside `\(outer)` over the same list takes time quadratic in its size"
        }
    }

    /// A hint, where one is likely to help.
    public var help: String? {
        switch self {
        case .unknownKey(_, _, let s), .unknownBase(_, let s), .invalidTimeZone(_, _, let s): return s.map { "did you mean `\($0)`?" }
        case .unknownAction(_, let s): return "did you mean `\(s)`? (new action names are allowed; this one is close to a known one)"
        case .expression(let d): return d.help
        case .missingCite: return "every rule should say which article of which regulation requires it"
        case .invalidValue(let what, _, _) where what == "boolean": return "YAML's `yes`, `no`, `on` and `off` are not booleans here"
        case .missingTimeZone: return "set `timezone: Asia/Shanghai` (or inherit it with `extends`)"
        case .missingCalendarCoverage: return "a calendar knows only the years whose holiday notice was read; days outside `covers` are unknown, never guessed"
        case .overlappingCalendars: return "give each file of a calendar its own period (one file per year)"
        case .calendarEnding:
            return "add the next year's calendar file (same `calendar` id) from the State Council notice when it is published (docs/language.md, \"Calendars\"); until then nothing is scheduled on those days"
        case .anchorNotAllowed: return "write the value out; aliases make policies hard to review and can expand without bound"
        case .tabIndentation: return "replace the tab with spaces"
        case .missingResource:
            return "the action vocabulary is read from the policy schema compiled into policyctl: this build is defective; report it"
        case .invalidDate(_, _, let hint): return hint
        case .paramTypeChanged(_, _, _, _, let basePolicy, let declaredAt, let hint):
            return "`\(basePolicy)` declares it at \(declaredAt)" + (hint.map { "; \($0)" } ?? "")
        case .quadraticComprehension(let list, _, _):
            return "the inner one goes over all of `\(list)` again for each element; compute what it finds once, "
                + "as a fact, or use a list function (`math.least`, `math.greatest`, `sortBy`)"
        case .yamlSyntax(_, let quote?):
            return "the string quoted at line \(quote.line), column \(quote.column) is not closed on its line (YAML goes on reading it on the next lines)"
        default: return nil
        }
    }

    /// The diagnostic for a range of file offsets.
    public func diagnostic(_ range: Range<Int>) -> Diagnostic {
        Diagnostic(code: code, severity: severity, message: message, help: help, range: range)
    }
}
