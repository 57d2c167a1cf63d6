import CEL

/// How a carried-out action is recorded in a snapshot, the way an integrator records what
/// was done (contract §1), so that the next evaluation sees it and the rule's `unless` stops
/// asking for it again:
///
/// | action | recorded as |
/// | --- | --- |
/// | `approval_request` | `approvals += {action: data.action or suspend_supply, by: "simulated", at}` (the request is assumed granted when made) |
/// | `suspend_supply` | `supply = {status: suspended, since: at}` |
/// | `restore_supply` | `supply = {status: on, since: at}` |
/// | every other action | `notices += {kind: <action>, channel: <first channel>, sent_at: at, delivered_at: at, signed: true, refused: false}`, with `planned_cut_at` and `outage_id` copied from the action's `data` when present |
///
/// Every other action includes `late_fee` (the shipped `late-fee` rule looks for the month's
/// charge in `notices`) and `escalate` (the record says that a person was asked; what they
/// decide is not simulated).
public enum ActionFeedback {
    /// Who approves in a simulation.
    public static let approver = "simulated"

    /// Records `action`, carried out at `at`, in `snapshot` (the JSON object); returns a short
    /// description of what was written.
    public static func apply(_ action: ActionRecord, at: Timestamp, zone: TimeZoneSpec, to snapshot: inout MapValue) -> String {
        let time = Value.string(at.rfc3339(in: zone))
        switch action.action {
        case "approval_request":
            var approved = "suspend_supply"
            if case .string(let name)? = data(action, "action") { approved = name }
            var approval = MapValue()
            approval.set("action", .string(approved))
            approval.set("by", .string(approver))
            approval.set("at", time)
            append(.map(approval), to: "approvals", in: &snapshot)
            return "approvals += \(approved) by \(approver)"
        case "suspend_supply", "restore_supply":
            let status = action.action == "suspend_supply" ? "suspended" : "on"
            var supply = MapValue()
            if case .map(let existing)? = snapshot["supply"] { supply = existing }
            supply.set("status", .string(status))
            supply.set("since", time)
            snapshot.set("supply", .map(supply))
            return "supply = \(status) since \(at.rfc3339(in: zone))"
        default:
            var notice = MapValue()
            notice.set("kind", .string(action.action))
            if let channel = action.channels.first { notice.set("channel", .string(channel)) }
            notice.set("sent_at", time)
            notice.set("delivered_at", time)
            notice.set("signed", .bool(true))
            notice.set("refused", .bool(false))
            var extra = ""
            if let cut = data(action, "planned_cut_at"), let text = json(cut, zone: zone) {
                notice.set("planned_cut_at", text)
                if case .string(let s) = text { extra += ", planned_cut_at \(s)" }
            }
            if let outage = data(action, "outage_id"), let text = json(outage, zone: zone) {
                notice.set("outage_id", text)
                if case .string(let s) = text { extra += ", outage \(s)" }
            }
            append(.map(notice), to: "notices", in: &snapshot)
            return "notices += \(action.action)" + (action.channels.first.map { " (\($0))" } ?? "") + extra
        }
    }

    private static func data(_ action: ActionRecord, _ name: String) -> Value? {
        action.data.first { $0.name == name }?.value
    }

    /// A data value as the snapshot's JSON writes it; nil for null and for values a notice
    /// field cannot hold.
    private static func json(_ value: Value, zone: TimeZoneSpec) -> Value? {
        switch value {
        case .timestamp(let t): return .string(t.rfc3339(in: zone))
        case .string: return value
        case .int(let i): return .string(String(i))
        default: return nil
        }
    }

    private static func append(_ entry: Value, to field: String, in snapshot: inout MapValue) {
        var list: [Value] = []
        if case .list(let existing)? = snapshot[field] { list = existing }
        list.append(entry)
        snapshot.set(field, .list(list))
    }
}
