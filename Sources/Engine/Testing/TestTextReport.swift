/// The text report of a test run, for people:
///
/// ```
/// policies/tests/yongdeng.test.yaml (policy yongdeng)
///   ✔ first reminder on day 5 of the month
///   ✘ no reminder on day 4
///       at policies/tests/yongdeng.test.yaml:29:5
///       facts.arrears (line 33): expected "0.00", got "312.40"
///       actions (line 35): no action matches; closest:
///         expected: {"action": "first_reminder", "rule": "first-reminder"}
///         actual:   {"action": "first_reminder", "rule": "first-reminder-month-end"}  ← differs in `rule`
/// ```
public enum TestTextReport {
    /// Every file with its cases (files with no selected case are left out), then the
    /// coverage when asked for.
    public static func render(_ result: TestRunResult, coverage: Bool) -> String {
        var out = ""
        for file in result.files where !file.cases.isEmpty || file.loadError != nil {
            out += file.path + (file.policyID.map { " (policy \($0))" } ?? "") + "\n"
            if let error = file.loadError {
                out += "  ✘ not run: \(error)\n"
                continue
            }
            for c in file.cases { out += render(c) }
        }
        if coverage, !result.coverage.entries.isEmpty {
            if !out.isEmpty { out += "\n" }
            out += result.coverage.text
        }
        return out
    }

    /// One case: its line, and on failure where it is and what differs.
    public static func render(_ c: TestCaseResult) -> String {
        if c.passed { return "  ✔ \(c.name)\n" }
        var out = "  ✘ \(c.name)\n"
        out += "      at \(c.file):\(c.line):\(c.column)\n"
        if let error = c.error {
            out += "      error: \(error)\n"
            return out
        }
        for m in c.mismatches { out += render(m, indent: "      ") }
        return out
    }

    /// One mismatch: what was checked and why it failed; for entries, the expected entry and
    /// the closest actual ones.
    public static func render(_ m: TestMismatch, indent: String) -> String {
        let place = m.line > 0 ? "\(m.check) (line \(m.line))" : m.check
        var out = "\(indent)\(place): \(m.message)\n"
        let isEntry = ["actions", "blocked", "violations", "no_actions", "no_violations", "errors"].contains(m.check)
        guard isEntry else { return out }
        if let expected = m.expected { out += "\(indent)  expected: \(expected)\n" }
        for (i, actual) in m.actual.enumerated() {
            out += "\(indent)  \(i == 0 ? "actual:  " : "         ") \(actual)\n"
        }
        return out
    }

    /// `170 passed, 1 failed` (and the number of cases or files that could not run).
    public static func summary(_ result: TestRunResult) -> String {
        var text = "\(result.passed) passed, \(result.failed) failed"
        let broken = result.cases.filter { $0.error != nil }.count + result.files.filter { $0.loadError != nil }.count
        if broken > 0 { text += ", \(broken) not run (invalid test file, snapshot or policy)" }
        return text
    }
}
