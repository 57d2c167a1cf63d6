import CEL

/// A timeline as a table for people (`policyctl simulate`, the default format): one row per
/// event with its local time in the policy's zone, then the answer to "when is supply cut,
/// and after what?".
public enum TimelineText {
    /// The widest cite shown in the table (display columns); the JSON has the whole text.
    static let citeWidth = 34

    /// The whole report, ending with a newline.
    public static func render(_ timeline: Timeline) -> String {
        let zone = timeline.zone
        var out = "account \(timeline.accountID) · policy \(timeline.policy.id)"
            + (timeline.policy.version.map { " \($0)" } ?? "")
            + " · \(clock(timeline.start, zone: zone)) → \(clock(timeline.end, zone: zone)) (\(zone.identifier))\n"
        if let payment = timeline.payment {
            out += "payment: \(payment.amount.map { "\($0)" } ?? "the arrears") at \(clock(payment.at, zone: zone))\n"
        }
        out += "\n"
        var rows: [[String]] = [["WHEN", "EVENT", "RULE", "CHANNELS", "CITE", "NOTE"]]
        for event in timeline.events {
            rows.append([clock(event.at, zone: zone), label(event), event.rule ?? "",
                         event.channels.joined(separator: ","), shortCite(event.cite), remark(event)])
        }
        out += table(rows)
        out += "\n" + summary(timeline)
        return out
    }

    /// The closing lines: the first cut and what came before it, why the simulation stopped,
    /// and what was still pending.
    static func summary(_ timeline: Timeline) -> String {
        let zone = timeline.zone
        var out = ""
        let before = timeline.beforeCut.map { "\($0.name) \(clock($0.at, zone: zone))" }
        if let cut = timeline.firstCut {
            out += "supply cut at \(clock(cut.at, zone: zone))"
            out += before.isEmpty ? " with nothing done before it\n" : ", after:\n" + before.map { "  \($0)\n" }.joined()
        } else {
            out += "no cut by \(clock(timeline.end, zone: zone))\n"
        }
        if let restored = timeline.events.first(where: { $0.kind == .action && $0.name == "restore_supply" }) {
            out += "supply restored at \(clock(restored.at, zone: zone))\n"
        }
        let stop: String
        switch timeline.stop {
        case .horizon: stop = "the horizon was reached"
        case .quiet: stop = "nothing more is due and no review is scheduled"
        case .stepLimit: stop = "the step limit was reached"
        }
        out += "stopped: \(stop) (\(timeline.steps) evaluations"
        let warnings = timeline.count(.warning)
        let errors = timeline.count(.error)
        if warnings > 0 { out += ", \(warnings) warning\(warnings == 1 ? "" : "s")" }
        if errors > 0 { out += ", \(errors) error\(errors == 1 ? "" : "s")" }
        out += ")\n"
        for action in timeline.pending {
            out += "pending: \(action.action) (\(action.rule)) from \(clock(action.notBefore, zone: zone))\n"
        }
        return out
    }

    /// `2026-10-08 10:00` on the zone's wall clock (seconds only when not zero).
    public static func clock(_ t: Timestamp, zone: TimeZoneSpec) -> String {
        let c = t.civil(in: zone)
        var text = "\(c.date) " + two(c.hour) + ":" + two(c.minute)
        if c.second != 0 { text += ":" + two(c.second) }
        return text
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func label(_ event: TimelineEvent) -> String {
        switch event.kind {
        case .action, .error, .warning, .payment: return event.name
        case .blocked: return "blocked: " + event.name
        case .violation: return "violation: " + event.name
        }
    }

    private static func remark(_ event: TimelineEvent) -> String {
        switch event.kind {
        case .action: return event.note ?? ""
        case .blocked: return [event.note, event.text].compactMap { $0 }.joined(separator: ": ")
        case .violation, .error, .warning: return event.text ?? ""
        case .payment: return event.recorded ?? ""
        }
    }

    /// The first citation of a cite list, cut to ``citeWidth`` columns.
    private static func shortCite(_ cite: String?) -> String {
        guard let cite else { return "" }
        var first = String(cite.prefix { $0 != ";" })
        if first.count < cite.count { first += " …" }
        guard width(first) > citeWidth else { return first }
        var cut = ""
        for character in first {
            if width(cut) + width(String(character)) > citeWidth - 1 { break }
            cut.append(character)
        }
        return cut + "…"
    }

    /// Rows padded to their columns' display widths (the last column is not padded).
    static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns - 1 { widths[i] = max(widths[i], width(cell)) }
        }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += cell
                if i < columns - 1 { line += String(repeating: " ", count: widths[i] - width(cell) + 2) }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// Terminal columns of `text`: East Asian wide characters take two, combining marks none.
    static func width(_ text: String) -> Int {
        var columns = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: continue
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                columns += 2
            default:
                columns += 1
            }
        }
        return columns
    }
}
