import Foundation
import Synchronization

/// A time zone given by IANA name (`"Asia/Shanghai"`), `"UTC"`, or a fixed offset `[+-]HH:MM`
/// (the CEL `FixedTZ` grammar; the sign is required).
///
/// IANA zones are resolved through Foundation once per name and process; the UTC offsets of all
/// transitions between 1900 and 2200 are then kept in a shared, immutable table so lookups in
/// that span are a binary search with no Foundation call. Instants outside the span ask
/// Foundation.
public struct TimeZoneSpec: Sendable, Hashable, CustomStringConvertible {
    /// The name the zone was created with (`"UTC"`, `"Asia/Shanghai"`, `"+08:00"`).
    public let identifier: String
    private let rules: Rules

    /// How the offset is determined.
    private enum Rules: Sendable {
        case fixed(Int)
        /// A table of ``RegionTable/cache``, which keeps every table it made for the life of
        /// the process. Held unretained, so that copying a zone (as every date function and
        /// every timestamp written does) counts no reference on a table all threads share.
        case region(Unmanaged<RegionTable>)
    }

    /// Coordinated Universal Time.
    public static let utc = TimeZoneSpec(identifier: "UTC", rules: .fixed(0))

    private init(identifier: String, rules: Rules) {
        self.identifier = identifier
        self.rules = rules
    }

    /// Resolves `"UTC"`, a fixed offset `[+-]HH:MM` (HH ≤ 23, MM ≤ 59) or an IANA zone name;
    /// throws for anything else.
    public init(_ name: String) throws(ValueError) {
        if name == "UTC" {
            self = .utc
            return
        }
        let fixed: Int?? = try withUTF8Bytes(name) { bytes throws(ValueError) -> Int?? in
            // `+HH:MM`, `-HH:MM`, or `HH:MM` (east, as cel-go also accepts).
            guard let first = bytes.first else { return .none }
            let signed = first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
            let start = signed ? 1 : 0
            if !signed && !(bytes.count == 5 && bytes[2] == UInt8(ascii: ":")) { return .none }
            guard bytes.count == start + 5, bytes[start + 2] == UInt8(ascii: ":"),
                  let hours = ASCII.number(bytes, at: start, count: 2), hours <= 23,
                  let minutes = ASCII.number(bytes, at: start + 3, count: 2), minutes <= 59
            else { return .some(nil) }
            let seconds = hours * 3600 + minutes * 60
            return .some(first == UInt8(ascii: "-") ? -seconds : seconds)
        }
        switch fixed {
        case .some(.some(let seconds)):
            self.init(identifier: name, rules: .fixed(seconds))
        case .some(.none):
            throw ValueError("invalid time zone offset `\(name)`")
        case .none:
            guard let table = RegionTable.named(name) else {
                throw ValueError("unknown time zone `\(name)`")
            }
            self.init(identifier: name, rules: .region(Unmanaged.passUnretained(table)))
        }
    }

    /// The offset from UTC in seconds (east positive) in effect at `instant`.
    public func offset(at instant: Timestamp) -> Int {
        switch rules {
        case .fixed(let seconds): return seconds
        case .region(let table): return table._withUnsafeGuaranteedRef { $0.offset(atUTC: instant.seconds) }
        }
    }

    /// The offset to subtract from a local wall-clock time (seconds since the local epoch) to get
    /// UTC. In a gap (local time skipped by a forward transition) or an overlap (local time
    /// repeated by a backward transition) the offset in effect before the transition is used:
    /// overlaps resolve to the earlier instant, gap times are pushed forward by the gap length.
    func offset(atLocal local: Int64) -> Int {
        switch rules {
        case .fixed(let seconds):
            return seconds
        case .region(let unmanaged):
            let table = unmanaged.takeUnretainedValue()
            let before = table.offset(atUTC: local - 86_400)
            let after = table.offset(atUTC: local + 86_400)
            if before == after { return before }
            let beforeValid = table.offset(atUTC: local - Int64(before)) == before
            let afterValid = table.offset(atUTC: local - Int64(after)) == after
            return !beforeValid && afterValid ? after : before
        }
    }

    /// The identifier.
    public var description: String { identifier }

    /// Zones are equal when created from the same name.
    public static func == (lhs: TimeZoneSpec, rhs: TimeZoneSpec) -> Bool {
        lhs.identifier == rhs.identifier
    }

    /// Hashes the identifier.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
    }
}

/// The offsets of one IANA zone, precomputed for 1900…2200 and shared by all specs of that name.
extension TimeZoneSpec {
    /// The names of the IANA regions this system knows (`Asia/Shanghai`), for suggestions.
    public static var regionNames: [String] { TimeZone.knownTimeZoneIdentifiers }
}

private final class RegionTable: Sendable {
    /// Start of the precomputed span: 1900-01-01T00:00:00Z.
    static let spanStart: Int64 = -2_208_988_800
    /// End of the precomputed span: 2200-01-01T00:00:00Z.
    static let spanEnd: Int64 = 7_258_118_400

    /// Tables already built, by zone name. Never emptied: zones hold their table unretained.
    static let cache = Mutex<[String: RegionTable]>([:])

    let zone: TimeZone
    /// UTC instants (seconds) at which the offset changes, ascending, inside the span.
    let transitions: [Int64]
    /// `offsets[0]` applies from the span start; `offsets[i + 1]` from `transitions[i]` on.
    let offsets: [Int]

    private init(zone: TimeZone) {
        self.zone = zone
        var transitions: [Int64] = []
        var offsets = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(RegionTable.spanStart)))]
        var cursor = Date(timeIntervalSince1970: Double(RegionTable.spanStart))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor),
              next.timeIntervalSince1970 < Double(RegionTable.spanEnd), next > cursor
        {
            let offset = zone.secondsFromGMT(for: next)
            if offset != offsets[offsets.count - 1] {
                transitions.append(Int64(next.timeIntervalSince1970.rounded(.down)))
                offsets.append(offset)
            }
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// The shared table for `name`, or nil when Foundation does not know the zone.
    static func named(_ name: String) -> RegionTable? {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        guard let zone = TimeZone(identifier: name) else { return nil }
        let table = RegionTable(zone: zone)
        return cache.withLock { tables in
            if let raced = tables[name] { return raced }
            tables[name] = table
            return table
        }
    }

    /// The offset in effect at the UTC instant `seconds`.
    func offset(atUTC seconds: Int64) -> Int {
        guard seconds >= RegionTable.spanStart, seconds < RegionTable.spanEnd else {
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        }
        // Most zones (Asia/Shanghai since 1991) made their last change long before the
        // instants policies ask about: no search then.
        if let last = transitions.last, seconds >= last { return offsets[transitions.count] }
        var low = 0
        var high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= seconds {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return offsets[low]
    }
}
