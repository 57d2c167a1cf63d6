/// "Did you mean" suggestions: the closest candidate by edit distance, when close enough.
public enum Suggestion {
    /// The candidate nearest to `name`, if its edit distance is at most a third of the
    /// name's length (at least 1, at most 3).
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let limit = min(3, max(1, name.count / 3))
        var best: (String, Int)?
        for candidate in candidates where candidate != name {
            let d = editDistance(name, candidate, limit: limit)
            guard d <= limit else { continue }
            if let (current, distance) = best, distance < d || (distance == d && current <= candidate) { continue }
            best = (candidate, d)
        }
        return best?.0
    }

    /// Levenshtein distance over characters, stopping early past `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a)
        let y = Array(b)
        if abs(x.count - y.count) > limit { return limit + 1 }
        var previous = Array(0...y.count)
        var current = previous
        for i in 1...max(1, x.count) where !x.isEmpty {
            current[0] = i
            var rowMin = current[0]
            for j in stride(from: 1, through: y.count, by: 1) {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return x.isEmpty ? y.count : previous[y.count]
    }

    /// ` (did you mean `x`?)`-style help text, or nil.
    public static func help(for suggestion: String?) -> String? {
        suggestion.map { "did you mean `\($0)`?" }
    }
}
