import CEL
import Policy

/// An open document's policy as the last check of its directory read it: the document,
/// its `extends` chain folded in, and the environment its expressions were checked in.
struct PolicyContext: Sendable {
    let document: PolicyDocument
    /// Nil when the `extends` chain does not resolve.
    let resolved: ResolvedPolicy?
    /// The checker's environment (snapshot fields, `now`, `today`, `params`, facts, `tier`),
    /// nil when the chain does not resolve; ``functions`` then has the library alone.
    let environment: Environment?

    init?(scope: CheckScope, path: String) {
        guard let document = scope.document(atPath: path) else { return nil }
        self.document = document
        var ignored = DiagnosticBag()
        resolved = scope.library.resolve(document.id.value, diagnostics: &ignored)
        environment = scope.result.environments[document.id.value]
    }

    /// The functions expressions may call.
    var functions: FunctionLibrary { (environment ?? Environment()).library }

    /// The policies of the chain, the document's own first.
    var chain: [PolicyDocument] { resolved?.chain ?? [document] }

    /// The expression that file offset `offset` of the document falls in, with the offset
    /// in its text.
    func site(at offset: Int) -> (site: ExpressionSite, offset: Int)? {
        for site in document.expressionSites {
            if let inText = site.textOffset(ofFileOffset: offset) { return (site, inText) }
        }
        return nil
    }
}
