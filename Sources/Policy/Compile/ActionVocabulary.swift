/// The contract's names (spec §2, with the extensions in CHANGELOG.md), for warnings about
/// near misses.
public enum ActionVocabulary {
    public static let actions = [
        "first_reminder", "second_notice", "follow_up", "suspension_notice", "red_notice_signature", "approval_request",
        "authority_report", "work_ticket", "pre_cut_notice", "arrears_recheck", "suspend_supply", "restore_supply",
        "restoration_notice", "late_fee", "escalate", "outage_announcement", "outage_notice", "outage_renotice",
    ]

    public static let violations = [
        "notice_lead_time", "suspended_without_notice", "suspended_without_signed_notice", "suspended_without_approval",
        "suspended_without_work_ticket", "suspended_without_renotice", "suspended_without_recheck", "suspended_after_payment",
        "suspended_in_blackout", "restoration_overdue", "outage_announcement_late", "outage_notice_late",
        "outage_renotice_missing",
    ]

    /// A known name that `name` is probably a misspelling of, if any.
    static func nearMiss(_ name: String, in names: [String]) -> String? {
        names.contains(name) ? nil : Suggestion.closest(to: name, in: names)
    }
}

import CEL
