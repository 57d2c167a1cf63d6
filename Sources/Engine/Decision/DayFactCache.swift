import CEL
import Policy

/// Values of the facts that are the same all day (``CompiledFact/isSameAllDay``, such as
/// the earliest cut date a red notice sent today allows), kept per day so that a run over
/// many snapshots computes them once per day instead of once per snapshot.
///
/// One per evaluator, like its activation: not shared between threads.
final class DayFactCache {
    /// The values of one day, by the fact's position in ``CompiledPolicy/facts``.
    final class Day {
        @exclusivity(unchecked) var values: [Value?]

        init(factCount: Int) { values = Array(repeating: nil, count: factCount) }
    }

    // Unchecked for exclusive access at run time (~80 instructions a snapshot): a cache is
    // used by one thread, and no access to `days` is held while another is made.
    @exclusivity(unchecked) private var days: [CivilDate: Day] = [:]
    private let factCount: Int
    /// More distinct days than a run over real snapshots sees; past it the cache starts over.
    static let maxDays = 400

    init(policy: CompiledPolicy) {
        factCount = policy.facts.count
    }

    /// The values kept for `day` (filled in as they are computed).
    func day(_ day: CivilDate) -> Day {
        if let known = days[day] { return known }
        if days.count >= Self.maxDays { days.removeAll(keepingCapacity: true) }
        let fresh = Day(factCount: factCount)
        days[day] = fresh
        return fresh
    }
}
