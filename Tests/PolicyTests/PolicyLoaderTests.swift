import CEL
import Foundation
import XCTest
@testable import Policy

/// Unit tests of the loader's parts: parameter typing, `extends` merging, `${…}` templates,
/// expression sites in every scalar style, and calendars.
final class PolicyLoaderTests: XCTestCase {
    // MARK: Helpers

    /// Reads `text` as one policy file; its document and diagnostics.
    func read(_ text: String, name: String = "p.yaml") -> (PolicyDocument?, [PolicyDiagnostic]) {
        var bag = DiagnosticBag()
        let file = YAMLFile(path: name, bytes: Array(text.utf8), diagnostics: &bag)
        guard file.root != nil else { return (nil, bag.sorted) }
        var reader = PolicyReader(file: file)
        let document = reader.read()
        bag.add(contentsOf: reader.reader.diagnostics)
        return (document, bag.sorted)
    }

    /// Writes `files` (name → text) into a scratch directory; its path.
    func directory(_ files: [String: String]) throws -> String {
        let url = try makeScratchDirectory()
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        for (name, text) in files {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        return url.path
    }

    /// The resolved policy `id` of the policies in `files`, with no diagnostics expected.
    func resolve(_ id: String, _ files: [String: String]) throws -> ResolvedPolicy {
        let library = PolicyLibrary(paths: [try directory(files)])
        XCTAssertEqual(library.diagnostics.sorted.map(describe), [])
        var bag = DiagnosticBag()
        let resolved = try XCTUnwrap(library.resolve(id, diagnostics: &bag))
        XCTAssertEqual(bag.sorted.map(describe), [])
        return resolved
    }

    static let rule = """
          - id: r
            cite: c
            emit: {action: first_reminder, due_by: end_of_day(today)}

        """

    // MARK: Params

    func testScalarParamsAreTypedByHowTheyAreWritten() {
        let cases: [(String, Bool, CELType, String)] = [
            ("21", false, .int, "21"),
            ("-3", false, .int, "-3"),
            ("0.001", false, .decimal, "0.001"),
            ("312.40", false, .decimal, "312.40"),
            ("7d", false, .duration, "7d"),
            ("24h", false, .duration, "1d"),
            ("30m", false, .duration, "30m"),
            ("1d12h", false, .duration, "1d12h"),
            ("2026-02-10", false, .date, "2026-02-10"),
            ("true", false, .bool, "true"),
            ("false", false, .bool, "false"),
            ("sms", false, .string, "sms"),
            ("09:00", false, .string, "09:00"),
            ("yes", false, .string, "yes"),
            ("on", false, .string, "on"),
            ("null", false, .string, "null"),
            ("21", true, .string, "21"),
            ("true", true, .string, "true"),
            ("7d", true, .string, "7d"),
            ("2026-02-30", false, .string, "2026-02-30"),
        ]
        for (text, quoted, type, described) in cases {
            let (value, actualType) = NodeReader.scalarValue(text, quoted: quoted)
            XCTAssertEqual(actualType, type, "\(quoted ? "quoted " : "")\(text)")
            XCTAssertEqual(PolicyText.describe(value), described, "\(quoted ? "quoted " : "")\(text)")
        }
    }

    func testParamsInAFile() throws {
        let (document, diagnostics) = read("""
            policy: p
            params:
              from_day: 5
              rate: 0.001
              lead: 7d
              start: 2026-02-10
              strict: true
              hours: "09:00"
              channel: sms
              channels: [sms, phone]
              days: [1, 2, 3]
              mixed: [1, sms]
              empty: []
              window: {from_day: 5, to_day: 20}
              nested: {lead: 7d, channels: [sms]}
            """)
        XCTAssertEqual(diagnostics.map(describe), [])
        let params = Dictionary(uniqueKeysWithValues: try XCTUnwrap(document).params.map { ($0.name, $0) })
        let types: [String: CELType] = [
            "from_day": .int, "rate": .decimal, "lead": .duration, "start": .date, "strict": .bool, "hours": .string,
            "channel": .string, "channels": .list(.string), "days": .list(.int), "mixed": .list(.dyn), "empty": .list(.dyn),
            "window": .map(.string, .int), "nested": .map(.string, .dyn),
        ]
        XCTAssertEqual(Set(params.keys), Set(types.keys))
        for (name, type) in types { XCTAssertEqual(params[name]?.type, type, name) }
        XCTAssertEqual(document?.params.map(\.name).first, "from_day", "params keep their order")
    }

    func testParamTypesReachTheChecker() throws {
        let path = try directory(["p.yaml": """
            policy: p
            timezone: Asia/Shanghai
            params:
              lead: 7d
              window: {from_day: 5, to_day: 20}
            rules:
              - id: r
                cite: c
                when: today.day >= params.window.from_day && params.window.to_day > 0
                emit: {action: first_reminder, due_by: now + params.lead}

            """])
        XCTAssertEqual(checkPolicies([path]).sorted.map(describe), [])
        // A duration is not an int.
        let bad = try directory(["p.yaml": """
            policy: p
            timezone: Asia/Shanghai
            params:
              lead: 7d
            rules:
              - id: r
                cite: c
                when: params.lead > 3
                emit: {action: first_reminder, due_by: end_of_day(today)}

            """])
        XCTAssertEqual(checkPolicies([bad]).sorted.map(\.diagnostic.code), ["check.no-matching-overload"])
    }

    // MARK: Extends

    static let base = """
        policy: base
        abstract: true
        timezone: Asia/Shanghai
        calendar: cn
        params:
          a: 1
          b: 2
        facts:
          f1: params.a + 1
          f2: params.b + 1
        tiers:
          - id: important
            when: customer.important_grade != null
            protect: [suspend_supply]
          - id: general
        rules:
          - id: one
            cite: c1
            emit: {action: first_reminder, due_by: end_of_day(today)}
          - id: two
            cite: c2
            emit: {action: second_notice, due_by: end_of_day(today)}
          - id: three
            cite: c3
            emit: {action: follow_up, due_by: end_of_day(today)}

        """

    static let calendar = "calendar: cn\ncovers: {from: 2026-01-01, to: 2026-12-31}\nholidays:\n  - {name: 元旦, from: 2026-01-01, to: 2026-01-03}\n"

    func testExtendsOverridesInPlaceAndAddsAfter() throws {
        let resolved = try resolve("child", [
            "base.yaml": Self.base, "calendars/cn.yaml": Self.calendar,
            "child.yaml": """
                policy: child
                extends: base
                params:
                  b: 20
                  c: 3
                facts:
                  f1: params.a + 100
                rules:
                  - id: two
                    cite: c2-local
                    emit:
                      action: second_notice
                      due_by: end_of_day(add_days(today, 1))
                  - id: four
                    cite: c4
                    emit: {action: late_fee, due_by: end_of_day(today)}

                """,
        ])
        XCTAssertEqual(resolved.params.map(\.name), ["a", "b", "c"])
        XCTAssertEqual(resolved.params.map { PolicyText.describe($0.value) }, ["1", "20", "3"])
        XCTAssertEqual(resolved.facts.map(\.name), ["f1", "f2"])
        XCTAssertEqual(resolved.facts.first?.expression.text, "params.a + 100")
        XCTAssertEqual(resolved.rules.map(\.id.value), ["one", "two", "three", "four"])
        XCTAssertEqual(resolved.rules.map(\.cite), ["c1", "c2-local", "c3", "c4"])
        XCTAssertEqual(resolved.tiers.map(\.id.value), ["important", "general"])
        XCTAssertEqual(resolved.chain.map(\.id.value), ["child", "base"])
    }

    func testDisabledRemovesTheInheritedEntry() throws {
        let resolved = try resolve("child", [
            "base.yaml": Self.base, "calendars/cn.yaml": Self.calendar,
            "child.yaml": """
                policy: child
                extends: base
                tiers:
                  - id: important
                    disabled: true
                rules:
                  - id: two
                    disabled: true

                """,
        ])
        XCTAssertEqual(resolved.rules.map(\.id.value), ["one", "three"])
        XCTAssertEqual(resolved.tiers.map(\.id.value), ["general"])
    }

    func testTimeZoneAndCalendarAreInheritedUnlessSet() throws {
        let files = ["base.yaml": Self.base, "calendars/cn.yaml": Self.calendar, "calendars/other.yaml": "calendar: other\ncovers: {from: 2026-01-01, to: 2026-12-31}\n",
                     "inherits.yaml": "policy: inherits\nextends: base\n",
                     "overrides.yaml": "policy: overrides\nextends: base\ntimezone: Asia/Urumqi\ncalendar: other\n"]
        let inherits = try resolve("inherits", files)
        XCTAssertEqual(inherits.timezone?.value, "Asia/Shanghai")
        XCTAssertEqual(inherits.calendar?.value, "cn")
        let overrides = try resolve("overrides", files)
        XCTAssertEqual(overrides.timezone?.value, "Asia/Urumqi")
        XCTAssertEqual(overrides.calendar?.value, "other")
        // The inherited calendar is the one compiled in.
        let library = PolicyLibrary(paths: [try directory(files)])
        var bag = DiagnosticBag()
        let compiled = try XCTUnwrap(PolicyCompiler(library: library).compile("inherits", diagnostics: &bag))
        XCTAssertFalse(compiled.calendar.isWorkday(try CivilDate(parsing: "2026-01-02")))
        XCTAssertTrue(compiled.calendar.isWorkday(try CivilDate(parsing: "2026-01-05")))
    }

    func testChainOfThree() throws {
        let resolved = try resolve("a", [
            "base.yaml": Self.base, "calendars/cn.yaml": Self.calendar,
            "b.yaml": "policy: b\nextends: base\nabstract: true\ntimezone: Asia/Urumqi\nparams:\n  a: 10\nrules:\n  - id: one\n    disabled: true\n",
            "a.yaml": "policy: a\nextends: b\nparams:\n  b: 200\nrules:\n  - id: one\n    cite: back\n    emit: {action: escalate, due_by: end_of_day(today)}\n",
        ])
        XCTAssertEqual(resolved.chain.map(\.id.value), ["a", "b", "base"])
        XCTAssertEqual(resolved.params.map { PolicyText.describe($0.value) }, ["10", "200"])
        XCTAssertEqual(resolved.timezone?.value, "Asia/Urumqi")
        // Removed by `b`, added again by `a`: now after the inherited ones.
        XCTAssertEqual(resolved.rules.map(\.id.value), ["two", "three", "one"])
        XCTAssertFalse(resolved.document.isAbstract)
    }

    func testDuplicateIDsAcrossFilesAreOverridesNotErrors() throws {
        // The same id in a base and in the policy is an override; only the same id twice in
        // one file is an error (see the broken fixture `duplicate-rule-id.yaml`).
        let resolved = try resolve("child", ["base.yaml": Self.base, "calendars/cn.yaml": Self.calendar,
                                             "child.yaml": "policy: child\nextends: base\nrules:\n" + Self.rule.replacingOccurrences(of: "id: r", with: "id: one")])
        XCTAssertEqual(resolved.rules.map(\.id.value), ["one", "two", "three"])
    }

    /// An override must keep the base's type; the error names the base's place and how to
    /// fix the value (see also the broken fixture `param-type-changed`).
    func testOverrideWithAnotherTypeNamesTheBaseAndAFix() throws {
        let path = try directory([
            "base.yaml": "policy: base\nabstract: true\nparams:\n  day: 21\n  lead: 7d\n  kinds: []\n  window: {from: 5, to: 20}\n",
            "mid.yaml": "policy: mid\nextends: base\nabstract: true\nparams:\n  day: 25\n",
            "child.yaml": """
                policy: child
                extends: mid
                params:
                  day: "21"
                  lead: 7
                  kinds: [{kind: planned, lead: 7d}]
                  window: {from: 6, to: 21, note: later}

                """,
        ])
        let library = PolicyLibrary(paths: [path])
        var bag = DiagnosticBag()
        _ = library.resolve("child", diagnostics: &bag)
        XCTAssertEqual(bag.sorted.map(describe).map { $0.replacingOccurrences(of: path + "/", with: "") }, [
            "child.yaml:4:3: error policy.param-type-changed: param `day` is `string` here but `int` in base policy `mid`"
                + " [help: `mid` declares it at mid.yaml:5:3; remove the quotes to give an `int`]",
            "child.yaml:5:3: error policy.param-type-changed: param `lead` is `int` here but `duration` in base policy `base`"
                + " [help: `base` declares it at base.yaml:5:3; give a length with its unit, such as `7d` (`d`, `h`, `m` or `s`)]",
        ])
    }

    func testParamShapesOfListsAndRecords() throws {
        let date = Value.date(try CivilDate(parsing: "2026-10-01"))
        func record(_ to: Value) -> Value {
            var map = MapValue()
            map.insert(.string("from"), date)
            map.insert(.string("to"), to)
            return .map(map)
        }
        let base = ParamShape(.list([record(date), record(date)]))
        XCTAssertEqual(base.name, "list(record)")
        XCTAssertNil(ParamMismatch.find(.list([]), against: base))
        XCTAssertNil(ParamMismatch.find(.list([record(date)]), against: ParamShape(.list([]))))
        let mismatch = try XCTUnwrap(ParamMismatch.find(.list([record(date), record(.string("2026-10-07"))]), against: base))
        XCTAssertEqual(mismatch.path, "[1].to")
        XCTAssertEqual(mismatch.given.name, "string")
        XCTAssertEqual(mismatch.base.name, "date")
        XCTAssertEqual(mismatch.hint, "remove the quotes to give a `date`")
        // Elements of different types in the base: any element fits, but not a non-list.
        let mixed = ParamShape(.list([.int(1), .string("a")]))
        XCTAssertNil(ParamMismatch.find(.list([.bool(true)]), against: mixed))
        XCTAssertEqual(ParamMismatch.find(.int(1), against: mixed)?.given.name, "int")
    }

    func testImpossibleDatesAreExplained() {
        XCTAssertNil(DateText.problem("2028-02-29"), "a leap day")
        for notADate in ["2026-10", "20261001", "2026-10-01x", "x026-10-01", "2026-100-01", "sms"] {
            XCTAssertNil(DateText.problem(notADate), notADate)
        }
        XCTAssertEqual(DateText.problem("1900-02-29"),
                       .init(problem: "February 1900 has 28 days", hint: "1900 is not a leap year; the last day of February 1900 is 1900-02-28"))
        XCTAssertEqual(DateText.problem("2026-04-31"), .init(problem: "April 2026 has 30 days", hint: "the last day of April 2026 is 2026-04-30"))
        XCTAssertEqual(DateText.problem("0000-01-01")?.problem, "there is no year 0000")
        XCTAssertEqual(DateText.problem("2026-00-10")?.problem, "there is no month 00")
    }

    // MARK: Templates

    func template(_ yaml: String) throws -> (TextTemplate, String) {
        let text = "policy: p\nrules:\n  - id: r\n    violation:\n      code: x\n      detail: \(yaml)\n"
        let (document, diagnostics) = read(text)
        XCTAssertEqual(diagnostics.map(describe), [])
        return (try XCTUnwrap(document?.rules.first?.violation?.detail), text)
    }

    func pieces(_ template: TextTemplate) -> [String] {
        template.pieces.map {
            switch $0 {
            case .text(let t): return "text(\(t))"
            case .expression(let site): return "expr(\(site.text))"
            }
        }
    }

    func testTemplatePieces() throws {
        XCTAssertEqual(pieces(try template(#""arrears of ${arrears} yuan""#).0), ["text(arrears of )", "expr(arrears)", "text( yuan)"])
        XCTAssertEqual(pieces(try template(#""${a}${b}""#).0), ["expr(a)", "expr(b)"])
        XCTAssertEqual(pieces(try template("plain text").0), ["text(plain text)"])
        XCTAssertEqual(pieces(try template(#""$${literal} and ${x}""#).0), ["text(${literal} and )", "expr(x)"])
        // A `}` inside a quoted string, and braces of a map literal, do not end the part.
        XCTAssertEqual(pieces(try template(#""${'a}b' + x}""#).0), ["expr('a}b' + x)"])
        XCTAssertEqual(pieces(try template(#""${{'k': 1}['k']} left""#).0), ["expr({'k': 1}['k'])", "text( left)"])
        XCTAssertEqual(pieces(try template(#""price $5 {ok}""#).0), ["text(price $5 {ok})"])
    }

    func testTemplateExpressionSitesPointIntoTheFile() throws {
        let (t, text) = try template(#""since ${supply.since} for ${months} months""#)
        let source = Source(text)
        let sites = t.pieces.compactMap { if case .expression(let s) = $0 { return s } else { return nil } }
        XCTAssertEqual(sites.count, 2)
        for site in sites {
            let offset = site.fileOffset(0)
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
            XCTAssert(String(text[start...]).hasPrefix(site.text), "\(site.text) at \(source.location(of: offset))")
        }
    }

    func testUnclosedInterpolationIsReported() {
        let (_, diagnostics) = read("policy: p\nrules:\n  - id: r\n    violation:\n      code: x\n      detail: \"a ${b\"\n")
        XCTAssertEqual(diagnostics.map(\.diagnostic.code), ["policy.bad-interpolation"])
        XCTAssertEqual(diagnostics.first.map { $0.location.line }, 6)
        XCTAssertEqual(diagnostics.first.map { $0.location.column }, 18)
    }

    // MARK: Expression sites

    /// The site of the `when` of the only rule of `yaml` (whose `when:` value is written
    /// with marker `1️⃣` before the character at text offset `textOffset`).
    func assertSite(_ marked: String, textOffset: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let m = try MarkedFile(marked + (marked.hasSuffix("\n") ? "" : "\n") + "    violation: {code: x}\n")
        let (document, diagnostics) = read(m.text)
        XCTAssertEqual(diagnostics.map(describe), [], file: file, line: line)
        let site = try XCTUnwrap(document?.rules.first?.when, file: file, line: line)
        let location = Source(m.text).location(of: site.fileOffset(textOffset))
        XCTAssertEqual(location.line, m.positions[1]?.line, "line", file: file, line: line)
        XCTAssertEqual(location.column, m.positions[1]?.column, "column", file: file, line: line)
    }

    func testExpressionSiteOfPlainScalar() throws {
        try assertSite("policy: p\nrules:\n  - id: r\n    when: arrears > 0 && 1️⃣in_window\n", textOffset: 15)
    }

    func testExpressionSiteOfQuotedScalars() throws {
        try assertSite("policy: p\nrules:\n  - id: r\n    when: \"arrears > 0 && 1️⃣in_window\"\n", textOffset: 15)
        try assertSite("policy: p\nrules:\n  - id: r\n    when: 'arrears > 0 && 1️⃣in_window'\n", textOffset: 15)
    }

    func testExpressionSiteOfLiteralBlock() throws {
        let text = """
            policy: p
            rules:
              - id: r
                when: |
                  arrears > 0 &&
                    months >= 2 &&
                    1️⃣in_window
            """
        // "arrears > 0 &&\n  months >= 2 &&\n  in_window\n": `in_window` starts at 34.
        try assertSite(text, textOffset: 34)
    }

    func testExpressionSiteOfFoldedBlock() throws {
        let text = """
            policy: p
            rules:
              - id: r
                when: >-
                  arrears > 0 &&
                  1️⃣in_window
            """
        // Folded: "arrears > 0 && in_window", `in_window` starts at 15.
        try assertSite(text, textOffset: 15)
    }

    func testExpressionSiteOfBlockWithIndentationIndicatorAndBlankLines() throws {
        let text = """
            policy: p
            rules:
              - id: r
                when: |-
                  arrears > 0

                  && 1️⃣in_window
            """
        // "arrears > 0\n\n&& in_window": `in_window` starts at 16.
        try assertSite(text, textOffset: 16)
    }

    func testExpressionSiteOfMultiByteText() throws {
        try assertSite("policy: p\nrules:\n  - id: r\n    when: \"'永登' == 1️⃣bureau\"\n", textOffset: 12)
    }

    // MARK: Duplicate keys

    /// Yams names only the first place of a duplicate key; the loader finds the second in
    /// the same mapping, not in a later item of the same list.
    func testDuplicateKeyIsFoundInItsOwnMapping() throws {
        let m = try MarkedFile("""
            policy: p
            rules:
              - id: a
                cite: x
                violation: {code: x}
              - id: b
                cite: y
                1️⃣cite: z
                violation: {code: x}
            """)
        let (_, diagnostics) = read(m.text)
        XCTAssertEqual(diagnostics.map(\.diagnostic.message), ["key `cite` is given twice (first on line 7)"])
        XCTAssertEqual(diagnostics.first?.location.line, m.positions[1]?.line)
        XCTAssertEqual(diagnostics.first?.location.column, m.positions[1]?.column)
    }

    func testSecondPlaceOfADuplicateKey() {
        let text = "a:\n  b: 1\n  # b: comment\n\n  \"b\": 2\nb: 3\nflow: {x: 1, y: 2, x: 3}\n"
        XCTAssertEqual(YAMLFile.secondPlace(of: "b", after: (2, 3), in: text).map { [$0.line, $0.column] }, [5, 3])
        XCTAssertEqual(YAMLFile.secondPlace(of: "x", after: (7, 8), in: text).map { [$0.line, $0.column] }, [7, 20])
        XCTAssertNil(YAMLFile.secondPlace(of: "zz", after: (2, 3), in: text))
    }

    // MARK: Calendars

    func testCalendarReading() throws {
        var bag = DiagnosticBag()
        let file = YAMLFile(path: "cn-2026.yaml", bytes: Array("""
            calendar: cn-2026
            name: 中国 2026 法定节假日
            source: 国务院办公厅通知
            covers: {from: 2026-01-01, to: 2026-12-31}
            holidays:
              - {name: 元旦, from: 2026-01-01, to: 2026-01-03}
              - {name: 清明节, from: 2026-04-04}
            workdays:
              - {date: 2026-01-04, for: 元旦}

            """.utf8), diagnostics: &bag)
        var reader = CalendarReader(file: file)
        let calendar = try XCTUnwrap(reader.read())
        XCTAssertEqual(reader.reader.diagnostics.sorted.map(describe), [])
        XCTAssertEqual(calendar.id, "cn-2026")
        XCTAssertEqual(calendar.name, "中国 2026 法定节假日")
        func workday(_ text: String) throws -> Bool { calendar.calendar.isWorkday(try CivilDate(parsing: text)) }
        XCTAssertFalse(try workday("2026-01-01"))  // Thursday, holiday
        XCTAssertFalse(try workday("2026-01-02"))  // Friday, holiday
        XCTAssertTrue(try workday("2026-01-04"))  // Sunday, make-up working day
        XCTAssertFalse(try workday("2026-04-04"))  // a holiday without `to` is one day
        XCTAssertTrue(try workday("2026-01-05"))  // Monday
        XCTAssertFalse(try workday("2026-01-10"))  // Saturday
        XCTAssertTrue(calendar.calendar.covers(try CivilDate(parsing: "2026-12-31")))
        XCTAssertFalse(calendar.calendar.covers(try CivilDate(parsing: "2027-01-01")))
    }

    /// A calendar says which period it covers, and its days lie inside it.
    func testCalendarCoverageIsRequiredAndHoldsItsDays() throws {
        func problems(_ text: String) -> [String] {
            var bag = DiagnosticBag()
            let file = YAMLFile(path: "c.yaml", bytes: Array(text.utf8), diagnostics: &bag)
            var reader = CalendarReader(file: file)
            _ = reader.read()
            return reader.reader.diagnostics.sorted.map(brief)
        }
        XCTAssertEqual(problems("calendar: cn\nholidays: []\n"),
                       ["1:11 error policy.calendar-missing-covers: calendar `cn` does not say which period it covers (`covers: {from: …, to: …}`)"])
        XCTAssertEqual(problems("""
            calendar: cn
            covers: {from: 2026-01-01, to: 2026-12-31}
            holidays:
              - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
            workdays:
              - {date: 2025-12-28, for: 元旦}
            """), [
                "4:5 error policy.calendar-outside-covers: holiday `2027-01-01…2027-01-03` lies outside the period the file covers (2026-01-01…2026-12-31)",
                "6:5 error policy.calendar-outside-covers: make-up working day `2025-12-28` lies outside the period the file covers (2026-01-01…2026-12-31)",
            ])
    }

    /// Files of one calendar id, one per year, make one calendar; two files may not cover one day.
    func testCalendarFilesOfOneIDAreMerged() throws {
        let dir = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("calendars"), withIntermediateDirectories: true)
        try "policy: p\ntimezone: Asia/Shanghai\ncalendar: cn\nrules: []\n".write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        try """
            calendar: cn
            covers: {from: 2026-01-01, to: 2026-12-31}
            holidays: [{name: 国庆节, from: 2026-10-01, to: 2026-10-07}]
            """.write(to: dir.appendingPathComponent("calendars/cn-2026.yaml"), atomically: true, encoding: .utf8)
        try """
            calendar: cn
            covers: {from: 2027-01-01, to: 2027-12-31}
            holidays: [{name: 元旦, from: 2027-01-01, to: 2027-01-01}]
            """.write(to: dir.appendingPathComponent("calendars/cn-2027.yaml"), atomically: true, encoding: .utf8)
        let library = PolicyLibrary(paths: [dir.appendingPathComponent("p.yaml").path])
        XCTAssertEqual(library.diagnostics.sorted.map(brief), [])
        let calendar = try XCTUnwrap(library.calendars["cn"]).calendar
        XCTAssertFalse(calendar.isWorkday(try CivilDate(parsing: "2026-10-01")))
        XCTAssertFalse(calendar.isWorkday(try CivilDate(parsing: "2027-01-01")))
        XCTAssertTrue(calendar.covers(try CivilDate(parsing: "2027-06-30")))
        XCTAssertFalse(calendar.covers(try CivilDate(parsing: "2028-01-01")))
        XCTAssertEqual(calendar.coverageDescription, "2026-01-01…2026-12-31, 2027-01-01…2027-12-31")

        try """
            calendar: cn
            covers: {from: 2027-06-01, to: 2028-05-31}
            """.write(to: dir.appendingPathComponent("calendars/cn-2027b.yaml"), atomically: true, encoding: .utf8)
        let overlap = PolicyLibrary(paths: [dir.appendingPathComponent("p.yaml").path]).diagnostics.sorted.map(brief)
        XCTAssertEqual(overlap, ["2:9 error policy.calendar-overlap: calendar `cn` covers 2027-06-01…2028-05-31 in two files (also `cn-2027.yaml`)"])
    }

    /// `check` warns a bureau whose calendar ends within 60 days of today; never `eval`.
    func testCalendarEndingSoonIsAWarningForCheck() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let library = PolicyLibrary(paths: [root.appendingPathComponent("policies/yongdeng.yaml").path])
        func warnings(today: String?) throws -> [String] {
            var bag = DiagnosticBag()
            let compiler = PolicyCompiler(library: library, today: try today.map { try CivilDate(parsing: $0) })
            XCTAssertNotNil(compiler.compile("yongdeng", diagnostics: &bag), "a warning never stops a policy")
            return bag.sorted.filter { $0.diagnostic.code == "policy.calendar-ending" }.map(brief)
        }
        XCTAssertEqual(try warnings(today: nil), [])
        XCTAssertEqual(try warnings(today: "2026-11-01"), [], "61 days before the end")
        XCTAssertEqual(try warnings(today: "2026-11-02"),
                       ["25:11 warning policy.calendar-ending: calendar `cn` ends on 2026-12-31, in 59 days: working days after it are unknown"])
        XCTAssertEqual(try warnings(today: "2027-01-05"),
                       ["25:11 warning policy.calendar-ending: calendar `cn` ended on 2026-12-31: working days after it are unknown"])
    }

    /// `line:column severity code: message`, for diagnostics of one known file.
    private func brief(_ d: PolicyDiagnostic) -> String {
        "\(d.location.0):\(d.location.1) \(d.diagnostic.severity.rawValue) \(d.diagnostic.code): \(d.diagnostic.message)"
    }

    func testShippedCalendarReads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("policies/calendars/cn-2026.yaml").path
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no shipped calendar") }
        var bag = DiagnosticBag()
        let file = YAMLFile(path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), diagnostics: &bag)
        var reader = CalendarReader(file: file)
        XCTAssertNotNil(reader.read())
        XCTAssertEqual((bag.sorted + reader.reader.diagnostics.sorted).map(describe), [])
    }

    func testShippedPoliciesCheckClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("policies").path
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("no shipped policies") }
        let bag = checkPolicies([path])
        XCTAssertEqual(bag.sorted.map(describe), [])
    }
}

/// A file named on the command line reports its own problems and those of the files it
/// needs; a broken file that it does not need never stops it.
extension PolicyLoaderTests {
    static let scopeBase = "policy: base\nabstract: true\ntimezone: Asia/Shanghai\nparams: {x: 1}\n"
    static let scopeChild = "policy: child\nextends: base\ncalendar: cal\n"
    static let scopeCalendar = "calendar: cal\ncovers: {from: 2026-01-01, to: 2026-12-31}\nholidays: []\n"
    static let brokenYAML = "policy: broken\ntimezone: \"Asia/Shanghai\n"

    func errorFiles(_ library: PolicyLibrary) -> [String] {
        library.diagnostics.sorted.filter { $0.diagnostic.severity == .error }.map { ($0.file.name as NSString).lastPathComponent }
    }

    func testABrokenSiblingThatNothingNeedsIsNotReported() throws {
        let dir = try directory(["base.yaml": Self.scopeBase, "child.yaml": Self.scopeChild, "calendars/cal.yaml": Self.scopeCalendar,
                                 "broken.yaml": Self.brokenYAML, "calendars/other.yaml": "calendar: other\nholidays: [\n"])
        XCTAssertEqual(errorFiles(PolicyLibrary(paths: [dir + "/child.yaml"])), [])
        XCTAssertEqual(errorFiles(PolicyLibrary(paths: [dir])), ["broken.yaml"], "a named directory names every policy in it")
    }

    func testProblemsOfNeededFilesAreReported() throws {
        let dir = try directory(["base.yaml": Self.scopeBase + "wen: x\n", "child.yaml": Self.scopeChild,
                                 "calendars/cal.yaml": Self.scopeCalendar + "extra: 1\n"])
        XCTAssertEqual(Set(errorFiles(PolicyLibrary(paths: [dir + "/child.yaml"]))), ["base.yaml", "cal.yaml"])
    }

    func testAnUnreadableFileIsReportedWhenABaseOrCalendarIsMissing() throws {
        let orphan = "policy: orphan\nextends: broken\ntimezone: Asia/Shanghai\n"
        let dir = try directory(["orphan.yaml": orphan, "broken.yaml": Self.brokenYAML,
                                 "calendars/bad.yaml": "calendar: bad\nholidays: [\n"])
        XCTAssertEqual(errorFiles(PolicyLibrary(paths: [dir + "/orphan.yaml"])), ["broken.yaml"],
                       "the base `broken` is missing: the unreadable sibling may be it; no calendar is named")
    }
}
