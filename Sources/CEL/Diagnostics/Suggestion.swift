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

    /// Edit distance over characters, counting a swap of two neighbours as one edit
    /// (optimal string alignment), stopping early past `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a)
        let y = Array(b)
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var beforePrevious = Array(repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = Array(repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            var rowMin = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d = min(d, beforePrevious[j - 2] + 1) }
                current[j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > limit { return limit + 1 }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[y.count]
    }

    /// ` (did you mean `x`?)`-style help text, or nil.
    public static func help(for suggestion: String?) -> String? {
        suggestion.map { "did you mean `\($0)`?" }
    }
}
