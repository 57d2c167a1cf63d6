import CEL
import Policy

/// `textDocument/definition`: where a fact, param, rule or tier is declared across the
/// `extends` chain — the declaration in force first, then those it overrides. On a
/// declaration itself, the declarations it overrides.
extension PolicyContext {
    /// The declarations of `symbol` (file and range of each name), in order.
    func definitions(_ symbol: CursorSymbol, from offset: Int) -> [(file: Source, range: Range<Int>)] {
        var places: [(file: Source, range: Range<Int>)] = []
        for doc in chain {
            switch symbol {
            case .fact(let name):
                places += doc.facts.filter { $0.name == name }.map { ($0.expression.file, $0.range) }
            case .param(let name):
                places += doc.params.filter { $0.name == name }.map { ($0.file, $0.range) }
            case .rule(let id):
                places += doc.rules.filter { $0.id.value == id }.map { ($0.file, $0.id.range) }
            case .tier(let id):
                places += doc.tiers.filter { $0.id.value == id }.map { ($0.file, $0.id.range) }
            case .function, .macro, .variable, .field:
                return []
            }
        }
        // On the declaration itself, what it overrides (itself when it overrides nothing).
        let own = document.file.source.name
        let elsewhere = places.filter { !($0.file.name == own && ($0.range.contains(offset) || $0.range.upperBound == offset)) }
        return elsewhere.isEmpty ? places : elsewhere
    }
}
