import CEL
import Policy

/// A snapshot as it was known at the evaluation instant: what the records say happened
/// after it has not happened yet. A notice sent later does not exist; one delivered later
/// is sent but not delivered (nor signed, nor refused); a later approval or payment has
/// not happened, and the bills carry the amounts those payments paid as still unpaid
/// (taken back from the newest bills first, the reverse of a payment paying the oldest
/// first); a supply record whose `since` is later means the previous state still held.
///
/// Every decision reads the snapshot through this view, so `eval --as-of`, `explain`,
/// `simulate`, `diff` and `audit` answer "what was required then, with what was known
/// then". The common case, nothing after the instant, costs one pass over the dated
/// records and copies nothing.
struct PointInTimeView {
    let now: Timestamp

    /// The snapshot as known at ``now`` and how many records were set aside, or nil when
    /// no record is dated after it.
    func view(of snapshot: MapValue) -> (snapshot: MapValue, setAside: Int)? {
        var result = snapshot
        var setAside = 0

        if case .list(let notices)? = F.notices.read(snapshot), notices.contains(where: isLater) {
            var known: [Value] = []
            for notice in notices {
                guard case .map(let n) = notice else { known.append(notice); continue }
                if after(F.sentAt.read(n)) { setAside += 1; continue }
                if after(F.deliveredAt.read(n)) {
                    setAside += 1
                    known.append(.map(undelivered(n)))
                } else {
                    known.append(notice)
                }
            }
            result = F.notices.replacing(in: result, with: .list(known))
        }
        if case .list(let approvals)? = F.approvals.read(snapshot), approvals.contains(where: { dated($0, F.approvalAt) }) {
            let known = approvals.filter { !dated($0, F.approvalAt) }
            setAside += approvals.count - known.count
            result = F.approvals.replacing(in: result, with: .list(known))
        }
        if case .list(let payments)? = F.payments.read(snapshot), payments.contains(where: { dated($0, F.paymentAt) }) {
            var later = CELDecimal(0)
            for case .map(let p) in payments where after(F.paymentAt.read(p)) {
                if case .decimal(let amount)? = F.paymentAmount.read(p) { later = (try? later + amount) ?? later }
            }
            let known = payments.filter { !dated($0, F.paymentAt) }
            setAside += payments.count - known.count
            result = F.payments.replacing(in: result, with: .list(known))
            if case .list(let bills)? = F.bills.read(snapshot) {
                result = F.bills.replacing(in: result, with: .list(Self.unpaying(later, from: bills)))
            }
        }
        if case .map(let supply)? = F.supply.read(snapshot), after(F.since.read(supply)) {
            setAside += 1
            // The change at `since` had not happened: the other state held, since a time the
            // snapshot does not say.
            let previous: Value
            switch F.status.read(supply) {
            case .string("suspended")?: previous = .string("on")
            case .string?: previous = .string("suspended")
            default: previous = .null
            }
            let before = F.since.replacing(in: F.status.replacing(in: supply, with: previous), with: .null)
            result = F.supply.replacing(in: result, with: .map(before))
        }
        return setAside == 0 ? nil : (result, setAside)
    }

    private func after(_ value: Value?) -> Bool {
        if case .timestamp(let t)? = value { return t > now }
        return false
    }

    private func dated(_ record: Value, _ field: SchemaField) -> Bool {
        if case .map(let m) = record { return after(field.read(m)) }
        return false
    }

    private func isLater(_ notice: Value) -> Bool {
        guard case .map(let n) = notice else { return false }
        return after(F.sentAt.read(n)) || after(F.deliveredAt.read(n))
    }

    /// A notice sent but, at ``now``, not yet delivered, signed or refused.
    private func undelivered(_ notice: MapValue) -> MapValue {
        var n = F.deliveredAt.replacing(in: notice, with: .null)
        if case .bool(true)? = F.signed.read(n) { n = F.signed.replacing(in: n, with: .bool(false)) }
        if case .bool(true)? = F.refused.read(n) { n = F.refused.replacing(in: n, with: .bool(false)) }
        return n
    }

    /// The bills with `amount` taken back off their `paid`, newest due date first.
    static func unpaying(_ amount: CELDecimal, from bills: [Value]) -> [Value] {
        var remaining = amount
        var result = bills
        let zero = CELDecimal(0)
        let newestFirst = bills.indices.sorted { a, b in
            switch (dueDate(bills[a]), dueDate(bills[b])) {
            case let (x?, y?): return y < x
            case (.some, nil): return true
            default: return false
            }
        }
        for i in newestFirst where zero < remaining {
            guard case .map(let bill) = bills[i], case .decimal(let paid)? = F.paid.read(bill), zero < paid else { continue }
            let back = paid < remaining ? paid : remaining
            guard let left = try? paid - back, let rest = try? remaining - back else { continue }
            remaining = rest
            result[i] = .map(F.paid.replacing(in: bill, with: .decimal(left)))
        }
        return result
    }

    private static func dueDate(_ bill: Value) -> CivilDate? {
        if case .map(let b) = bill, case .date(let d)? = F.dueDate.read(b) { return d }
        return nil
    }
}

/// The snapshot fields the view reads, by position in the decoded objects.
private enum F {
    static let notices = SchemaField("notices", of: SnapshotSchema.snapshot)
    static let sentAt = SchemaField("sent_at", of: SchemaField.objects(of: "notices", in: SnapshotSchema.snapshot))
    static let deliveredAt = SchemaField("delivered_at", of: SchemaField.objects(of: "notices", in: SnapshotSchema.snapshot))
    static let signed = SchemaField("signed", of: SchemaField.objects(of: "notices", in: SnapshotSchema.snapshot))
    static let refused = SchemaField("refused", of: SchemaField.objects(of: "notices", in: SnapshotSchema.snapshot))
    static let approvals = SchemaField("approvals", of: SnapshotSchema.snapshot)
    static let approvalAt = SchemaField("at", of: SchemaField.objects(of: "approvals", in: SnapshotSchema.snapshot))
    static let payments = SchemaField("payments", of: SnapshotSchema.snapshot)
    static let paymentAt = SchemaField("at", of: SchemaField.objects(of: "payments", in: SnapshotSchema.snapshot))
    static let paymentAmount = SchemaField("amount", of: SchemaField.objects(of: "payments", in: SnapshotSchema.snapshot))
    static let bills = SchemaField("bills", of: SnapshotSchema.snapshot)
    static let paid = SchemaField("paid", of: SchemaField.objects(of: "bills", in: SnapshotSchema.snapshot))
    static let dueDate = SchemaField("due_date", of: SchemaField.objects(of: "bills", in: SnapshotSchema.snapshot))
    static let supply = SchemaField("supply", of: SnapshotSchema.snapshot)
    static let status = SchemaField("status", of: SchemaField.objects(of: "supply", in: SnapshotSchema.snapshot))
    static let since = SchemaField("since", of: SchemaField.objects(of: "supply", in: SnapshotSchema.snapshot))
}
