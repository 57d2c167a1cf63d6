import CEL

/// A policy with its `extends` chain folded in: everything it inherits and overrides, in
/// the order evaluation uses.
public struct ResolvedPolicy: Sendable {
    /// The policy's own document.
    public let document: PolicyDocument
    /// The chain from the policy to its furthest base.
    public let chain: [PolicyDocument]
    public let timezone: Located<String>?
    public let calendar: Located<String>?
    public let onError: ErrorPolicy
    public let params: [ParamDecl]
    public let statutory: [StatutoryDecl]
    public let facts: [FactDecl]
    public let tiers: [TierDecl]
    public let protections: [ProtectionDecl]
    public let windows: [WindowDecl]
    public let vocabularies: [VocabularyDecl]
    public let rules: [RuleDecl]
}

extension PolicyLibrary {
    /// Resolves policy `id`'s `extends` chain; problems go to `diagnostics`.
    public func resolve(_ id: String, diagnostics: inout DiagnosticBag) -> ResolvedPolicy? {
        guard let document = documents[id] else { return nil }
        var chain = [document]
        var current = document
        while let base = current.extends {
            guard let next = documents[base.value] else {
                diagnostics.add(PolicyDiagnostic(file: current.file.source, diagnostic: PolicyMessage.unknownBase(
                    id: base.value, suggestion: Suggestion.closest(to: base.value, in: documents.keys)).diagnostic(base.range)))
                return nil
            }
            if chain.contains(where: { $0.id.value == next.id.value }) {
                let names = chain.map(\.id.value) + [next.id.value]
                diagnostics.add(PolicyDiagnostic(file: current.file.source, diagnostic: PolicyMessage.extendsCycle(chain: names).diagnostic(base.range)))
                return nil
            }
            chain.append(next)
            current = next
        }
        // Fold from the furthest base to the policy itself.
        var merger = Merger()
        for doc in chain.reversed() { merger.apply(doc, diagnostics: &diagnostics) }
        return ResolvedPolicy(
            document: document, chain: chain,
            timezone: chain.lazy.compactMap(\.timezone).first,
            calendar: chain.lazy.compactMap(\.calendar).first,
            onError: chain.lazy.compactMap(\.onError).first ?? .escalate,
            params: merger.params.items, statutory: merger.statutory.items, facts: merger.facts.items,
            tiers: merger.tiers.items, protections: merger.protections.items, windows: merger.windows.items,
            vocabularies: merger.vocabularies.items, rules: merger.rules.items)
    }
}

/// Items kept in order by key: a later item with the same key replaces the earlier in place.
struct OrderedByKey<T> {
    private(set) var items: [T] = []
    private var index: [String: Int] = [:]

    /// Whether an item with `key` was there.
    func contains(_ key: String) -> Bool { index[key] != nil }

    /// The item with `key`, if any.
    subscript(key: String) -> T? { index[key].map { items[$0] } }

    mutating func put(_ key: String, _ item: T) {
        if let i = index[key] { items[i] = item } else {
            index[key] = items.count
            items.append(item)
        }
    }

    mutating func remove(_ key: String) {
        guard let i = index.removeValue(forKey: key) else { return }
        items.remove(at: i)
        for (k, v) in index where v > i { index[k] = v - 1 }
    }
}

/// Folds documents base-first.
private struct Merger {
    var params = OrderedByKey<ParamDecl>()
    /// The policy that gave each param its current value.
    var paramPolicies: [String: String] = [:]
    var statutory = OrderedByKey<StatutoryDecl>()
    var facts = OrderedByKey<FactDecl>()
    var tiers = OrderedByKey<TierDecl>()
    var protections = OrderedByKey<ProtectionDecl>()
    var windows = OrderedByKey<WindowDecl>()
    var vocabularies = OrderedByKey<VocabularyDecl>()
    var rules = OrderedByKey<RuleDecl>()

    mutating func apply(_ doc: PolicyDocument, diagnostics: inout DiagnosticBag) {
        for p in doc.params {
            if let base = params[p.name], let policy = paramPolicies[p.name] {
                checkOverride(p, of: base, from: policy, diagnostics: &diagnostics)
            }
            params.put(p.name, p)
            paramPolicies[p.name] = doc.id.value
        }
        for s in doc.statutory { statutory.put(s.param, s) }
        for f in doc.facts { facts.put(f.name, f) }
        for w in doc.windows { windows.put(w.action.value, w) }
        for v in doc.vocabularies { vocabularies.put(v.path.value.text, v) }
        for t in doc.tiers {
            apply(t.id, t.disabled, t, kind: "tier", in: &tiers, file: doc.file.source, diagnostics: &diagnostics)
        }
        for p in doc.protections {
            apply(p.id, p.disabled, p, kind: "protection", in: &protections, file: doc.file.source, diagnostics: &diagnostics)
        }
        for r in doc.rules {
            apply(r.id, r.disabled, r, kind: "rule", in: &rules, file: doc.file.source, diagnostics: &diagnostics)
        }
    }

    /// Reports an override whose value has another type than the base's: expressions are
    /// checked against the override's type, so the mistake would otherwise surface deep in
    /// some expression, or only when a snapshot is evaluated.
    private func checkOverride(_ param: ParamDecl, of base: ParamDecl, from policy: String, diagnostics: inout DiagnosticBag) {
        guard let mismatch = ParamMismatch.find(param.value, against: ParamShape(base.value)) else { return }
        let (line, column) = base.file.location(of: base.range.lowerBound)
        let message = PolicyMessage.paramTypeChanged(
            param: param.name, path: mismatch.path, given: mismatch.given.name, base: mismatch.base.name, basePolicy: policy,
            declaredAt: "\(base.file.name):\(line):\(column)", hint: mismatch.hint)
        diagnostics.add(PolicyDiagnostic(file: param.file, diagnostic: message.diagnostic(param.range),
                                         related: [RelatedPlace(file: base.file, range: base.range, message: "declared here by `\(policy)`")]))
    }

    private func apply<T>(_ id: Located<String>, _ disabled: Bool, _ item: T, kind: String, in list: inout OrderedByKey<T>,
                          file: Source, diagnostics: inout DiagnosticBag) {
        if disabled {
            if !list.contains(id.value) {
                diagnostics.add(PolicyDiagnostic(file: file, diagnostic: PolicyMessage.noSuchInherited(kind: kind, id: id.value).diagnostic(id.range)))
            }
            list.remove(id.value)
        } else {
            list.put(id.value, item)
        }
    }
}
