/// A fixed set of strings asked "is this one of you?" for every value of every snapshot:
/// bucketed by UTF-8 length, so that a lookup compares the few candidates of the value's
/// length instead of hashing it (`Set<String>.contains` cost ~340 instructions a value,
/// this ~60 for the vocabularies' short words). A string is known when a known one of the
/// same UTF-8 length equals it as a `String`: a canonically equivalent spelling of another
/// length (a decomposed `é`) is not, which errs on the protective side (the value is then
/// reported as unknown).
struct KnownStrings: Sendable {
    /// The strings, sorted (for suggestions).
    let sorted: [String]
    /// `buckets[n]`: the strings of `n` UTF-8 bytes.
    private let buckets: [[String]]

    init(_ strings: Set<String>) {
        sorted = strings.sorted()
        var buckets: [[String]] = []
        for string in sorted {
            let length = string.utf8.count
            while buckets.count <= length { buckets.append([]) }
            buckets[length].append(string)
        }
        self.buckets = buckets
    }

    func contains(_ string: String) -> Bool {
        let length = string.utf8.count
        guard length < buckets.count else { return false }
        return buckets[length].contains(string)
    }
}
