import CEL

/// A payment the simulation makes (`policyctl simulate --pay-on DATE [--amount A]`): it is
/// added to `payments` and settles bills oldest deadline first, as a billing system would
/// record it.
public struct PlannedPayment: Sendable {
    /// When the payment is made.
    public var at: Timestamp
    /// How much is paid; nil pays the arrears (the unpaid balance of every bill whose
    /// `due_date` is before the payment's date).
    public var amount: CELDecimal?

    /// The local time of day of a payment given by date: 09:00, when counters open.
    public static let hour = 9

    /// A payment at `at`.
    public init(at: Timestamp, amount: CELDecimal?) {
        self.at = at
        self.amount = amount
    }

    /// A payment at 09:00 (``hour``) on `date` in `zone`.
    public init(on date: CivilDate, amount: CELDecimal?, zone: TimeZoneSpec) throws(ValueError) {
        at = try Timestamp(civil: CivilDateTime(date: date, hour: Self.hour), in: zone)
        self.amount = amount
    }

    /// Records the payment in `snapshot` (the JSON object): raises `bills[].paid`, oldest
    /// `due_date` first, up to the amount, and appends `{at, amount}` to `payments`.
    /// `typed` is the same snapshot decoded (bills in the same order). Returns what was
    /// recorded, for the timeline; nothing is recorded when there is nothing to pay.
    func apply(to snapshot: inout MapValue, typed: DecodedSnapshot, zone: TimeZoneSpec) throws(ValueError) -> String {
        let today = at.civil(in: zone).date
        var open: [(index: Int, due: CivilDate?, period: String?, paid: CELDecimal, unpaid: CELDecimal)] = []
        if case .list(let bills)? = typed.typed["bills"] {
            for (i, bill) in bills.enumerated() {
                guard case .map(let b) = bill else { continue }
                let amount = Self.decimal(b["amount"])
                let paid = Self.decimal(b["paid"])
                let unpaid = try amount - paid
                guard unpaid > .zero else { continue }
                var due: CivilDate?
                if case .date(let d)? = b["due_date"] { due = d }
                var period: String?
                if case .string(let p)? = b["period"] { period = p }
                open.append((i, due, period, paid, unpaid))
            }
        }
        open.sort { ($0.due.map { $0.daysSinceEpoch } ?? Int.max, $0.index) < ($1.due.map { $0.daysSinceEpoch } ?? Int.max, $1.index) }
        var total = CELDecimal.zero
        if let amount {
            total = amount
        } else {
            for bill in open where bill.due.map({ $0 < today }) ?? false { total = try total + bill.unpaid }
        }
        guard total > .zero else { return "nothing overdue: no payment recorded" }

        var settled: [String] = []
        if case .list(var raw)? = snapshot["bills"] {
            var remaining = total
            for bill in open where remaining > .zero {
                guard bill.index < raw.count, case .map(var entry) = raw[bill.index] else { continue }
                let pay = min(remaining, bill.unpaid)
                entry.set("paid", .string(try (bill.paid + pay).description))
                raw[bill.index] = .map(entry)
                remaining = try remaining - pay
                settled.append((bill.period ?? "bills[\(bill.index)]") + (pay < bill.unpaid ? " (in part)" : ""))
            }
            snapshot.set("bills", .list(raw))
        }
        var payment = MapValue()
        payment.set("at", .string(at.rfc3339(in: zone)))
        payment.set("amount", .string(total.description))
        var payments: [Value] = []
        if case .list(let existing)? = snapshot["payments"] { payments = existing }
        payments.append(.map(payment))
        snapshot.set("payments", .list(payments))
        return "payments += \(total); bills paid: " + (settled.isEmpty ? "none" : settled.joined(separator: ", "))
    }

    private static func decimal(_ value: Value?) -> CELDecimal {
        switch value {
        case .decimal(let d)?: return d
        case .int(let i)?: return CELDecimal(i)
        default: return .zero
        }
    }
}
