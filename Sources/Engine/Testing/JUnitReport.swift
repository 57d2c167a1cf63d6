import CEL
import Policy

/// The JUnit XML report of a test run, for CI systems: one `<testsuite>` per test file, one
/// `<testcase>` per case (`classname` is the policy id), a `<failure>` holding the text
/// report of its mismatches, an `<error>` for a case or file that could not run. Times are
/// left out so that the same run gives the same bytes.
public enum JUnitReport {
    public static func render(_ result: TestRunResult, coverage: Bool = false) -> String {
        let cases = result.cases
        let fileErrors = result.files.filter { $0.loadError != nil }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"policyctl test\" tests=\"\(cases.count + fileErrors)\" failures=\"\(result.failed)\""
            + " errors=\"\(cases.filter { $0.error != nil }.count + fileErrors)\">\n"
        let renderer = DiagnosticRenderer(colored: false)
        for file in result.files where !file.cases.isEmpty || file.loadError != nil {
            let classname = file.policyID ?? file.path
            if let error = file.loadError {
                let details = result.diagnostics.sorted.filter { $0.file.name == file.path || $0.file.name == file.policyPath }
                    .map { renderer.render($0.diagnostic, in: $0.file) }.joined()
                out += "  <testsuite name=\"\(escape(file.path))\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
                out += "    <testcase classname=\"\(escape(classname))\" name=\"(load)\" file=\"\(escape(file.path))\">\n"
                out += "      <error message=\"\(escape(error))\">\(escape(details))</error>\n"
                out += "    </testcase>\n"
                out += "  </testsuite>\n"
                continue
            }
            let failures = file.cases.filter(\.failed).count
            let errors = file.cases.filter { $0.error != nil }.count
            out += "  <testsuite name=\"\(escape(file.path))\" tests=\"\(file.cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\">\n"
            if coverage, let path = file.policyPath, let entry = result.coverage.entries.first(where: { $0.path == path }) {
                out += "    <properties>\n"
                out += "      <property name=\"coverage\" value=\"\(escape(entry.figure))\"/>\n"
                out += "      <property name=\"uncovered\" value=\"\(escape(entry.uncovered.joined(separator: ", ")))\"/>\n"
                out += "    </properties>\n"
            }
            for c in file.cases {
                let head = "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(c.name))\" file=\"\(escape(c.file))\" line=\"\(c.line)\""
                if c.passed {
                    out += head + "/>\n"
                    continue
                }
                out += head + ">\n"
                if let error = c.error {
                    out += "      <error message=\"\(escape(error))\"/>\n"
                } else {
                    let first = c.mismatches.first.map { "\($0.check): \($0.message)" } ?? "mismatch"
                    let body = c.mismatches.map { TestTextReport.render($0, indent: "") }.joined()
                    out += "      <failure message=\"\(escape(first))\" type=\"mismatch\">\(escape(body))</failure>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    static func escape(_ text: String) -> String { MarkupText.escape(text) }
}
