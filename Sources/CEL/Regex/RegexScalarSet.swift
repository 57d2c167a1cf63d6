/// A set of Unicode scalar values stored as sorted, disjoint, non-adjacent ranges.
struct RegexScalarSet: Sendable, Equatable {
    /// The largest Unicode scalar value.
    static let maxScalar: UInt32 = 0x10FFFF

    /// Every scalar value.
    static let all = RegexScalarSet([0...maxScalar])

    /// The normalized ranges, in increasing order.
    private(set) var ranges: [ClosedRange<UInt32>]

    /// Creates a set from ranges in any order, overlapping or not.
    init(_ ranges: [ClosedRange<UInt32>]) {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        merged.reserveCapacity(sorted.count)
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// Creates a set from single scalar values.
    init(scalars: [UInt32]) {
        self.init(scalars.map { $0...$0 })
    }

    /// Whether `value` is in the set (binary search).
    func contains(_ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            let range = ranges[mid]
            if value < range.lowerBound {
                high = mid
            } else if value > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// The scalar if the set holds exactly one.
    var singleScalar: UInt32? {
        guard ranges.count == 1, let only = ranges.first, only.lowerBound == only.upperBound else { return nil }
        return only.lowerBound
    }

    /// Every scalar value not in this set.
    func inverted() -> RegexScalarSet {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound &+ 1
        }
        if next <= Self.maxScalar { result.append(next...Self.maxScalar) }
        return RegexScalarSet(result)
    }

    /// The set closed under simple case folding: every case variant of a member is a member.
    func caseFolded() -> RegexScalarSet {
        var added: [ClosedRange<UInt32>] = []
        for (scalar, orbit) in RegexUnicodeTables.caseOrbits where contains(scalar) {
            added.append(contentsOf: orbit.map { $0...$0 })
        }
        return added.isEmpty ? self : RegexScalarSet(ranges + added)
    }

    /// The set as given, or its case-folded closure, or the complement of either:
    /// folding is applied before negation, as RE2 does.
    func applying(foldCase: Bool, negated: Bool) -> RegexScalarSet {
        let folded = foldCase ? caseFolded() : self
        return negated ? folded.inverted() : folded
    }
}
