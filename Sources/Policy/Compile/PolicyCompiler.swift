import CEL
import Crypto
import Foundation

/// Turns a ``ResolvedPolicy`` into a ``CompiledPolicy``: builds the expression
/// environment (snapshot fields, `now`, `today`, `params`, facts, `tier`), checks and plans
/// every expression, orders the facts by dependency, and reports what `check` warns about
/// (also comprehensions nested over the same list, ``QuadraticComprehension``).
///
/// The stages, in order: environment → facts (dependency order; each fact's type is known
/// before the facts that use it are checked) → tiers and protections (see facts, not
/// `tier`) → rules (see everything) → warnings (need every expression's references).
public struct PolicyCompiler {
    let library: PolicyLibrary
    /// With a date (`check` passes today), a bureau's calendar that ends within
    /// ``calendarHorizonDays`` of it is warned about; nil compiles without looking at the clock.
    let today: CivilDate?
    /// How long before its calendar ends `check` warns a bureau.
    public static let calendarHorizonDays = 60

    public init(library: PolicyLibrary, today: CivilDate? = nil) {
        self.library = library
        self.today = today
    }

    /// Compiles policy `id`; nil when it has errors (all reported in `diagnostics`).
    public func compile(_ id: String, diagnostics: inout DiagnosticBag) -> CompiledPolicy? {
        outcome(id, diagnostics: &diagnostics).compiled
    }

    /// What compiling policy `id` gave: the policy (nil when it has errors, all reported in
    /// `diagnostics`) and, whenever its `extends` chain resolved, the environment its rules
    /// were checked in (what an editor completes and describes, also while it has errors).
    public func outcome(_ id: String, diagnostics: inout DiagnosticBag) -> CompileOutcome {
        outcomes([id], diagnostics: &diagnostics)[0]
    }

    /// What compiling each of `ids` gave, in their order, as ``outcome(_:diagnostics:)``.
    /// The policies are compiled side by side, one large-stack thread per core taking them
    /// in turn (``BigStack/runAll(_:)``): `check` and loading a directory of policies use
    /// every core. The
    /// diagnostics are added in the order of `ids`, as if compiled one after the other.
    public func outcomes(_ ids: [String], diagnostics: inout DiagnosticBag) -> [CompileOutcome] {
        let library = self.library
        let today = self.today
        let results = BigStack.runAll(ids.map { id in
            { @Sendable () -> (CompileOutcome, DiagnosticBag) in
                var bag = DiagnosticBag()
                guard let resolved = library.resolve(id, diagnostics: &bag) else { return (CompileOutcome(compiled: nil, environment: nil), bag) }
                var run = CompileRun(resolved: resolved, library: library, today: today)
                let compiled = run.compile()
                bag.add(contentsOf: run.diagnostics)
                return (CompileOutcome(compiled: bag.hasErrors() ? nil : compiled, environment: run.ruleEnvironment), bag)
            }
        })
        for (_, bag) in results { diagnostics.add(contentsOf: bag) }
        return results.map(\.0)
    }
}

/// A compiled policy, or the environment its expressions were checked in when it has errors.
public struct CompileOutcome: Sendable {
    /// The policy, nil when it has errors.
    public let compiled: CompiledPolicy?
    /// The environment of its rules (snapshot fields, `now`, `today`, `params`, the facts,
    /// `tier`), nil when the `extends` chain did not resolve.
    public let environment: Environment?
}

/// The state of compiling one policy.
private struct CompileRun {
    let resolved: ResolvedPolicy
    let library: PolicyLibrary
    let today: CivilDate?
    var diagnostics = DiagnosticBag()
    /// Every name and `params.<field>` any expression reads, for the unused warnings.
    var usedNames = Set<String>()
    var usedParams = Set<String>()
    /// How the policy's expressions and vocabularies use the snapshot's records.
    var recordUse = RecordUse()
    /// The environment rules are checked in, once built.
    var ruleEnvironment: Environment?
    /// The contract's action names and violation codes (empty, with an error reported,
    /// when the resource that holds them cannot be read).
    var vocabulary = ActionVocabulary.empty

    init(resolved: ResolvedPolicy, library: PolicyLibrary, today: CivilDate?) {
        self.resolved = resolved
        self.library = library
        self.today = today
    }

    var document: PolicyDocument { resolved.document }

    mutating func report(_ message: PolicyMessage, file: Source, range: Range<Int>) {
        diagnostics.add(PolicyDiagnostic(file: file, diagnostic: message.diagnostic(range)))
    }

    mutating func compile() -> CompiledPolicy? {
        switch ActionVocabulary.shipped {
        case .success(let shipped): vocabulary = shipped
        case .failure(let error):
            report(.missingResource(problem: error.description), file: document.file.source, range: document.id.range)
        }
        let context = libraryContext()
        var env = Environment(context: context)
        // Every variable this policy will declare: snapshot fields, `snapshot`, `now`,
        // `today`, `params`, the facts, `tier`, and one `as` item per rule at most.
        env.localSlotBase = SnapshotSchema.snapshot.fields.count + 4 + resolved.facts.count + 1 + resolved.rules.count
        for object in SnapshotSchema.snapshot.allObjects { env.declare(object: object.objectType) }
        for (name, kind) in SnapshotSchema.snapshot.fields { env.declare(name, kind.celType) }
        env.declare("snapshot", .map(.string, .dyn))
        env.declare("now", .timestamp)
        env.declare("today", .date)
        // `params` is a record whose fields expressions select by position (see MapShape).
        var paramNames: Set<String> = []
        let params = resolved.params.filter { paramNames.insert($0.name).inserted }
        let paramShape = MapShape(fields: params.map(\.name))
        let paramMap = MapValue(shape: paramShape, values: params.map(\.value))
        env.declare(object: ObjectType(name: "Params", fields: Dictionary(params.map { ($0.name, $0.type) }, uniquingKeysWith: { $1 }),
                                       shape: paramShape))
        // Known when planning: expressions read params, and what they compute from params
        // alone, as constants (the activation still holds them, for traced plans).
        env.declare("params", .object("Params"), value: .map(paramMap))
        checkStatutory()
        let vocabularies = compileVocabularies(env, params: .map(paramMap))

        let facts = compileFacts(&env)
        let tiers = resolved.tiers.map { tier in
            CompiledTier(id: tier.id.value, cite: tier.cite, when: tier.when.flatMap { compile($0, env, expecting: .bool) },
                         protect: Set(tier.protect.map(\.value)), instead: tier.instead?.value)
        }
        let protections = resolved.protections.map { p in
            CompiledProtection(id: p.id.value, kind: p.kind, when: p.when.flatMap { compile($0, env, expecting: .bool) },
                               blocks: Set(p.blocks.map(\.value)), cite: p.cite, reason: p.reason)
        }
        env.declare("tier", .string)
        ruleEnvironment = env
        var maxSlots = env.slotCount
        var rules: [CompiledRule] = []
        for rule in resolved.rules {
            if let compiled = compileRule(rule, env, maxSlots: &maxSlots) { rules.append(compiled) }
        }
        warn(facts: facts)
        for t in resolved.tiers { checkActionNames(t.protect + (t.instead.map { [$0] } ?? []), file: t.file) }
        for p in resolved.protections { checkActionNames(p.blocks, file: p.file) }

        guard !diagnostics.hasErrors(), let slots = slots(env, count: maxSlots) else { return nil }
        var windows: [String: CompiledWindow] = [:]
        for w in resolved.windows {
            windows[w.action.value] = CompiledWindow(action: w.action.value, workdaysOnly: w.workdaysOnly, hours: w.hours,
                                                    blackouts: w.blackouts, cite: w.cite)
        }
        return CompiledPolicy(
            id: document.id.value, name: document.name, version: document.version, digest: digest(),
            isAbstract: document.isAbstract, timeZone: context.timeZone, calendar: context.calendar,
            onError: resolved.onError, environment: env, slots: slots, params: .map(paramMap),
            facts: facts, tiers: tiers, protections: protections, windows: windows, vocabularies: vocabularies, rules: rules,
            recordUse: recordUse, recipe: { [library, id = document.id.value] in
                var ignored = DiagnosticBag()
                return PolicyCompiler(library: library).compile(id, diagnostics: &ignored)
            })
    }

    private func slots(_ env: Environment, count: Int) -> CompiledPolicy.Slots? {
        guard let snapshot = env.slot(of: "snapshot"), let now = env.slot(of: "now"), let today = env.slot(of: "today"),
              let params = env.slot(of: "params"), let tier = env.slot(of: "tier") else { return nil }
        let fields = SnapshotSchema.snapshot.fields.compactMap { field in env.slot(of: field.name).map { (field.name, $0) } }
        return .init(snapshotFields: fields, snapshot: snapshot, now: now, today: today, params: params, tier: tier, count: count)
    }

    // MARK: Context

    private mutating func libraryContext() -> LibraryContext {
        var zone = TimeZoneSpec.utc
        if let tz = resolved.timezone {
            let file = resolved.chain.first { $0.timezone != nil }?.file.source ?? document.file.source
            do { zone = try TimeZoneSpec(tz.value) } catch {
                let suggestion = Suggestion.closest(to: tz.value, in: TimeZoneSpec.regionNames)
                report(.invalidTimeZone(name: tz.value, problem: error.message, suggestion: suggestion), file: file, range: tz.range)
            }
        } else if !document.isAbstract {
            report(.missingTimeZone(policy: document.id.value), file: document.file.source, range: document.id.range)
        }
        var calendar: any WorkCalendar = WeekdayCalendar()
        if let id = resolved.calendar {
            let file = resolved.chain.first { $0.calendar != nil }?.file.source ?? document.file.source
            if let found = library.calendars[id.value] {
                calendar = found.calendar
                if let today, !document.isAbstract, let until = found.calendar.coveredUntil {
                    let days = CivilDate.daysBetween(today, until)
                    if days < PolicyCompiler.calendarHorizonDays {
                        report(.calendarEnding(calendar: id.value, until: until, days: days), file: file, range: id.range)
                    }
                }
            } else {
                report(.unknownCalendar(id: id.value), file: file, range: id.range)
            }
        }
        return LibraryContext(timeZone: zone, calendar: calendar)
    }

    // MARK: Vocabularies

    /// Each vocabulary with its values and aliases computed now, from `params` alone.
    private mutating func compileVocabularies(_ env: Environment, params: Value) -> [CompiledVocabulary] {
        let activation = Activation(environment: env)
        while activation.slots.count < env.slotCount { activation.slots.append(.null) }
        if let slot = env.slot(of: "params") { activation.bind(slot, to: params) }
        let actions = Set(vocabulary.actions + resolved.rules.compactMap { $0.emit?.action.value }
                          + resolved.tiers.compactMap { $0.instead?.value })
        return resolved.vocabularies.compactMap { decl in
            var known: Set<String>?
            if let site = decl.values {
                guard case .list(let items)? = constant(site, decl, env, activation, expecting: .list(.string)) else { return nil }
                known = Set(items.compactMap { if case .string(let s) = $0 { return s } else { return nil } })
            }
            if decl.includesActions { known = (known ?? []).union(actions) }
            var aliases: [String: String] = [:]
            if let site = decl.aliases {
                guard case .map(let map)? = constant(site, decl, env, activation, expecting: .map(.string, .string)) else { return nil }
                for case (.string(let from), .string(let to)) in zip(map.keys, map.values) {
                    if let known, !known.contains(to) {
                        report(.invalidValue(what: "alias target of `\(from)`", value: to, expected: "one of the values of `\(decl.path.value)`"),
                               file: decl.file, range: decl.path.range)
                    }
                    aliases[from] = to
                }
            }
            recordUse.formUnion(decl.path.value.recordUse(in: SnapshotSchema.snapshot))
            return CompiledVocabulary(path: decl.path.value, known: known, aliases: aliases, type: decl.type ?? .string, cite: decl.cite)
        }
    }

    /// The value of a vocabulary's expression, which reads `params` only, evaluated once;
    /// nil (reported) when it does not check or does not evaluate.
    private mutating func constant(_ site: ExpressionSite, _ decl: VocabularyDecl, _ env: Environment, _ activation: Activation,
                                   expecting type: CELType) -> Value? {
        guard let program = compile(site, env, expecting: type) else { return nil }
        let value = program.evaluate(activation)
        if case .error(let e) = value {
            report(.invalidValue(what: "vocabulary of `\(decl.path.value)`", value: site.text,
                                 expected: "a value computed from `params` alone (\(e.message))"),
                   file: decl.file, range: decl.path.range)
            return nil
        }
        return value
    }

    // MARK: Expressions

    /// Parses, checks and plans one expression; its diagnostics land at their file place.
    mutating func compile(_ site: ExpressionSite, _ env: Environment, expecting: CELType?) -> Program? {
        do {
            let parsed = try Parser().parse(Source(site.text, name: site.file.name))
            for nest in QuadraticComprehension.find(in: parsed) {
                let message = PolicyMessage.quadraticComprehension(list: nest.list, outer: nest.outer.rawValue, inner: nest.inner.rawValue)
                diagnostics.add(site.fileDiagnostic(message.diagnostic(nest.range)))
            }
            let refs = parsed.root.referencedNames
            usedNames.formUnion(refs.names)
            usedParams.formUnion(refs.selections["params"] ?? [])
            let checked = try Checker(environment: env).check(parsed, expecting: expecting)
            recordUse.formUnion(checked.recordUse)
            // `snapshot` is an untyped map: what is selected from it is not known.
            if refs.names.contains("snapshot") { recordUse.useWhole(SnapshotSchema.snapshot.name) }
            return Planner(environment: env).plan(checked)
        } catch {
            for d in error.diagnostics { diagnostics.add(site.fileDiagnostic(d)) }
            return nil
        }
    }

    private mutating func compileTemplate(_ template: TextTemplate?, _ env: Environment) -> CompiledTemplate? {
        guard let template else { return nil }
        return CompiledTemplate(pieces: template.pieces.compactMap { piece in
            switch piece {
            case .text(let t): return .text(t)
            case .expression(let site): return compile(site, env, expecting: nil).map { .program($0) }
            }
        })
    }

    // MARK: Facts

    private mutating func compileFacts(_ env: inout Environment) -> [CompiledFact] {
        let byName = Dictionary(resolved.facts.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        var dependencies: [String: [String]] = [:]
        for fact in resolved.facts {
            if let parsed = try? Parser().parse(Source(fact.expression.text)) {
                dependencies[fact.name] = parsed.root.referencedNames.names.filter { byName[$0] != nil && $0 != fact.name }.sorted()
                if parsed.root.referencedNames.names.contains(fact.name) {
                    report(.factCycle(chain: [fact.name, fact.name]), file: fact.expression.file, range: fact.range)
                }
            }
        }
        var order: [String] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ name: String, _ path: [String], _ run: inout CompileRun) {
            if state[name] == 2 { return }
            if state[name] == 1 {
                if let fact = byName[name], let start = path.firstIndex(of: name) {
                    run.report(.factCycle(chain: Array(path[start...]) + [name]), file: fact.expression.file, range: fact.range)
                }
                return
            }
            state[name] = 1
            for dep in dependencies[name] ?? [] { visit(dep, path + [name], &run) }
            state[name] = 2
            order.append(name)
        }
        for fact in resolved.facts { visit(fact.name, [], &self) }

        var compiled: [CompiledFact] = []
        // Names whose value is the same for every snapshot evaluated on one day.
        var sameAllDay: Set<String> = ["today", "params"]
        for name in order {
            guard let fact = byName[name] else { continue }
            let program = compile(fact.expression, env, expecting: fact.declaredType)
            let type = fact.declaredType ?? program?.resultType ?? .dyn
            env.declare(name, type)
            if let program, let slot = env.slot(of: name) {
                let isSameAllDay = program.variables.isSubset(of: sameAllDay)
                if isSameAllDay { sameAllDay.insert(name) }
                compiled.append(CompiledFact(name: name, program: program, type: type, output: fact.output, slot: slot,
                                             isSameAllDay: isSameAllDay))
            }
        }
        return compiled
    }

    // MARK: Rules

    private mutating func compileRule(_ rule: RuleDecl, _ base: Environment, maxSlots: inout Int) -> CompiledRule? {
        var env = base
        var itemSlot: Int?
        var each: Program?
        if let site = rule.each {
            each = compile(site, base, expecting: .list(.dyn))
            if base.variables[rule.itemName] != nil {
                report(.invalidValue(what: "`as` name", value: rule.itemName, expected: "a name not already in use"), file: rule.file, range: rule.id.range)
            }
            var element = CELType.dyn
            if case .list(let e)? = each?.resultType { element = e }
            env.declare(rule.itemName, element)
            itemSlot = env.slot(of: rule.itemName)
            usedNames.insert(rule.itemName)
        }
        maxSlots = max(maxSlots, env.slotCount)
        let when = rule.when.flatMap { compile($0, env, expecting: .bool) }
        let unless = rule.unless.flatMap { compile($0, env, expecting: .bool) }
        var emit: CompiledEmit?
        if let e = rule.emit {
            checkActionNames([e.action], file: rule.file)
            let dueBy = compile(e.dueBy, env, expecting: .timestamp)
            let notBefore = e.notBefore.flatMap { compile($0, env, expecting: .timestamp) }
            let data = e.data.compactMap { item in compile(item.expression, env, expecting: nil).map { (item.name, $0) } }
            let reason = compileTemplate(e.reason, env)
            if let dueBy {
                emit = CompiledEmit(action: e.action.value, channels: e.channels, notBefore: notBefore, dueBy: dueBy,
                                    reason: reason, data: data)
            }
        }
        var violation: CompiledViolation?
        if let v = rule.violation {
            if let near = ActionVocabulary.nearMiss(v.code.value, in: vocabulary.violations) {
                report(.unknownAction(name: v.code.value, suggestion: near), file: rule.file, range: v.code.range)
            }
            violation = CompiledViolation(code: v.code.value, detail: compileTemplate(v.detail, env))
        }
        let reviewAt = rule.reviewAt.flatMap { compile($0, env, expecting: nil) }
        neverFiresWarnings(rule)
        if rule.cite == nil || rule.cite?.isEmpty == true {
            report(.missingCite(rule: rule.id.value), file: rule.file, range: rule.id.range)
        }
        return CompiledRule(id: rule.id.value, cite: rule.cite, description: rule.description,
                            effectiveFrom: rule.effectiveFrom, effectiveUntil: rule.effectiveUntil, each: each,
                            itemSlot: itemSlot, when: when, unless: unless, emit: emit, violation: violation,
                            reviewAt: reviewAt, whenText: rule.when?.text, unlessText: rule.unless?.text)
    }

    // MARK: Warnings

    private mutating func neverFiresWarnings(_ rule: RuleDecl) {
        let trimmed: (ExpressionSite?) -> Substring? = { $0?.text.trimmingWhitespace }
        var reason: String?
        if trimmed(rule.when) == "false" { reason = "its `when` is `false`" }
        if trimmed(rule.unless) == "true" { reason = "its `unless` is `true`" }
        if let from = rule.effectiveFrom, let until = rule.effectiveUntil, until < from {
            reason = "it is effective from \(from) until \(until)"
        }
        if let reason { report(.neverFires(rule: rule.id.value, reason: reason), file: rule.file, range: rule.id.range) }
    }

    private mutating func checkActionNames(_ names: [Located<String>], file: Source) {
        for name in names {
            if let near = ActionVocabulary.nearMiss(name.value, in: vocabulary.actions) {
                report(.unknownAction(name: name.value, suggestion: near), file: file, range: name.range)
            }
        }
    }

    private mutating func warn(facts: [CompiledFact]) {
        guard !document.isAbstract else { return }
        for fact in resolved.facts where !fact.output && !usedNames.contains(fact.name) {
            report(.unusedFact(name: fact.name), file: fact.expression.file, range: fact.range)
        }
        let statutoryParams = Set(resolved.statutory.map(\.param))
        for param in resolved.params where !usedParams.contains(param.name) && !statutoryParams.contains(param.name) {
            report(.unusedParam(name: param.name), file: param.file, range: param.range)
        }
    }

    private mutating func checkStatutory() {
        let params = Dictionary(resolved.params.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        for bound in resolved.statutory {
            guard let param = params[bound.param] else { continue }
            let text = PolicyText.describe(param.value)
            if let min = bound.min, let order = param.value.celCompare(min), order == .less {
                report(.statutoryBound(param: param.name, value: text, bound: PolicyText.describe(min),
                                       isMinimum: true, cite: bound.cite), file: param.file, range: param.range)
            }
            if let max = bound.max, let order = param.value.celCompare(max), order == .greater {
                report(.statutoryBound(param: param.name, value: text, bound: PolicyText.describe(max),
                                       isMinimum: false, cite: bound.cite), file: param.file, range: param.range)
            }
        }
    }

    // MARK: Digest

    private func digest() -> String {
        var hasher = SHA256()
        for doc in resolved.chain {
            hasher.update(data: Array(doc.id.value.utf8))
            hasher.update(data: Array(doc.file.source.text.utf8))
        }
        if let id = resolved.calendar?.value, let calendar = library.calendars[id] {
            hasher.update(data: Array(calendar.sourceText.utf8))
        }
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
