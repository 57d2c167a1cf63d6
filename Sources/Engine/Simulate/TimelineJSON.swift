import CEL

/// A timeline as one JSON object (`policyctl simulate --format json`): the account and
/// policy, the simulated span, the events in order, and a summary answering "when is
/// supply cut, and after what?". Times are RFC 3339 in the policy's zone.
///
/// Each event has `at`, `type` (`action`, `blocked`, `violation`, `error`, `warning`,
/// `payment`) and the fields of its type: an action is the decision's action object (as in
/// `eval`) plus `recorded` (what was written into the snapshot) and `note`; `blocked` has
/// `action`, `rule`, `by`, `reason`, `cite`; `violation` has `code`, `rule`, `cite`,
/// `detail`; `error` and `warning` have `rule` and `message`; `payment` has `recorded`.
public enum TimelineJSON {
    /// Writes `timeline` as one JSON object.
    public static func write(_ timeline: Timeline, into w: inout JSONWriter) {
        let zone = timeline.zone
        w.beginObject()
        w.key("account_id"); w.string(timeline.accountID)
        w.key("policy"); timeline.policy.write(into: &w)
        w.key("from"); w.timestamp(timeline.start, in: zone)
        w.key("until"); w.timestamp(timeline.end, in: zone)
        w.key("payment")
        if let payment = timeline.payment {
            w.beginObject()
            w.key("at"); w.timestamp(payment.at, in: zone)
            w.key("amount"); if let a = payment.amount { w.decimal(a) } else { w.null() }
            w.endObject()
        } else {
            w.null()
        }
        w.key("events")
        w.beginArray()
        for event in timeline.events { write(event, zone: zone, into: &w) }
        w.endArray()
        w.key("summary")
        summary(timeline, into: &w)
        w.endObject()
    }

    private static func write(_ event: TimelineEvent, zone: TimeZoneSpec, into w: inout JSONWriter) {
        w.beginObject()
        w.key("at"); w.timestamp(event.at, in: zone)
        w.key("type"); w.string(event.kind.rawValue)
        switch event.kind {
        case .action:
            if let action = event.action {
                w.key("action"); w.string(action.action)
                w.key("rule"); w.string(action.rule)
                w.key("cite"); optional(action.cite, &w)
                w.key("channels")
                w.beginArray()
                for c in action.channels { w.string(c) }
                w.endArray()
                w.key("not_before"); w.timestamp(action.notBefore, in: zone)
                w.key("due_by"); w.timestamp(action.dueBy, in: zone)
                w.key("reason"); optional(action.reason, &w)
                w.key("data")
                w.beginObject()
                for (name, v) in action.data {
                    w.key(name)
                    DecisionJSON.value(v, zone: zone, into: &w)
                }
                w.endObject()
                if let shifted = action.shifted {
                    w.key("shifted")
                    w.beginObject()
                    w.key("from"); w.timestamp(shifted.from, in: zone)
                    w.key("reason"); w.string(shifted.reason)
                    w.endObject()
                }
            } else {
                w.key("action"); w.string(event.name)
            }
            w.key("recorded"); optional(event.recorded, &w)
            w.key("note"); optional(event.note, &w)
        case .blocked:
            w.key("action"); w.string(event.name)
            w.key("rule"); optional(event.rule, &w)
            w.key("note"); optional(event.note, &w)
            w.key("reason"); optional(event.text, &w)
            w.key("cite"); optional(event.cite, &w)
        case .violation:
            w.key("code"); w.string(event.name)
            w.key("rule"); optional(event.rule, &w)
            w.key("cite"); optional(event.cite, &w)
            w.key("detail"); optional(event.text, &w)
        case .error, .warning:
            w.key("rule"); optional(event.rule, &w)
            w.key("message"); optional(event.text, &w)
        case .payment:
            w.key("recorded"); optional(event.recorded, &w)
        }
        w.endObject()
    }

    private static func summary(_ timeline: Timeline, into w: inout JSONWriter) {
        let zone = timeline.zone
        w.beginObject()
        w.key("first_cut_at"); if let cut = timeline.firstCut { w.timestamp(cut.at, in: zone) } else { w.null() }
        w.key("before_cut")
        w.beginArray()
        for event in timeline.beforeCut {
            w.beginObject()
            w.key("at"); w.timestamp(event.at, in: zone)
            w.key("action"); w.string(event.name)
            w.key("rule"); optional(event.rule, &w)
            w.endObject()
        }
        w.endArray()
        w.key("restored_at")
        if let restored = timeline.events.first(where: { $0.kind == .action && $0.name == "restore_supply" }) {
            w.timestamp(restored.at, in: zone)
        } else {
            w.null()
        }
        w.key("pending")
        w.beginArray()
        for action in timeline.pending { DecisionJSON.action(action, zone: zone, into: &w) }
        w.endArray()
        w.key("stopped"); w.string(timeline.stop.rawValue)
        w.key("evaluations"); w.int(Int64(timeline.steps))
        w.key("warnings"); w.int(Int64(timeline.count(.warning)))
        w.key("errors"); w.int(Int64(timeline.count(.error)))
        w.endObject()
    }

    private static func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }
}
