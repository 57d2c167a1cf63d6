import CEL
import Foundation
import LanguageServer
import Policy
import XCTest

/// Hover, go to definition and completion on the shipped policies, through JSON-RPC.
final class FeaturesTests: XCTestCase {
    let condition = "arrears > 0 && days_overdue > params.suspension_min_overdue_days"

    /// An initialised session with the shipped baseline and one bureau policy open.
    private func openBaselineAndChengguan() throws -> (LSPSession, baseline: String, text: String, chengguan: String, bureau: String) {
        let (baseline, text) = try LSPSession.shipped("baseline.yaml")
        let (chengguan, bureau) = try LSPSession.shipped("chengguan.yaml")
        var session = LSPSession()
        session.initialize()
        session.open(baseline, text)
        session.open(chengguan, bureau)
        return (session, baseline, text, chengguan, bureau)
    }

    func testHoverOnFactsParamsFunctionsAndFields() throws {
        var (session, baseline, text, chengguan, bureau) = try openBaselineAndChengguan()
        let fact = session.at("textDocument/hover", baseline, try LSPSession.position(of: condition, in: text, offset: 2))
        let paramColumn = "arrears > 0 && days_overdue > params.".utf16.count
        let param = session.at("textDocument/hover", baseline, try LSPSession.position(of: condition, in: text, offset: paramColumn))
        let inBureau = session.at("textDocument/hover", chengguan, try LSPSession.position(of: "  second_notice_day:", in: bureau, offset: 4))
        let function = session.at("textDocument/hover", baseline, try LSPSession.position(of: "days_between(", in: text, offset: 1))
        let field = session.at("textDocument/hover", baseline, try LSPSession.position(of: "b.due_date < today", in: text, offset: 3))
        let nothing = session.at("textDocument/hover", baseline, #"{"line":0,"character":0}"#)
        let messages = session.run().messages
        func value(_ id: Int) -> String { messages.response(id)?["result"]?["contents"]?["value"]?.string ?? "" }

        XCTAssert(value(fact).hasPrefix("**fact** `arrears`: `decimal`\n\nthe overdue unpaid amount"), value(fact))
        XCTAssert(value(fact).contains("defined at baseline.yaml:"), value(fact))
        let range = messages.response(fact)?["result"]?["range"]
        XCTAssertEqual((range?["end"]?["character"]?.int ?? 0) - (range?["start"]?["character"]?.int ?? 0), "arrears".count)
        // The param as the baseline's own policy sees it; its statutory bound and citation.
        XCTAssert(value(param).hasPrefix("**param** `suspension_min_overdue_days`: `int` = `30`\n\nset by `baseline` (baseline.yaml:"), value(param))
        XCTAssert(value(param).contains("statutory: at least `30` — 电力供应与使用条例"), value(param))
        // In a bureau's policy: the file that set the value in force, and what it overrides.
        XCTAssert(value(inBureau).contains("= `25`\n\nset by `chengguan` (chengguan.yaml:"), value(inBureau))
        XCTAssert(value(inBureau).contains("overrides `baseline`: `21`"), value(inBureau))
        // A function: its signatures, doc and first example, from the library's declaration.
        let decl = try XCTUnwrap(Environment().library["days_between"])
        XCTAssert(value(function).hasPrefix("```\n" + decl.overloads.map { $0.signature("days_between") }.joined(separator: "\n")), value(function))
        XCTAssert(value(function).contains(decl.doc), value(function))
        XCTAssert(value(function).contains("example: `\(try XCTUnwrap(decl.examples.first))`"), value(function))
        XCTAssertEqual(value(field), "**field** `Bill.due_date`: `date`")
        XCTAssertEqual(messages.response(nothing)?["result"]?.isNull, true)
    }

    func testDefinitionAcrossExtends() throws {
        var (session, baseline, text, chengguan, bureau) = try openBaselineAndChengguan()
        let fact = session.at("textDocument/definition", baseline, try LSPSession.position(of: condition, in: text, offset: 2))
        let override = session.at("textDocument/definition", chengguan, try LSPSession.position(of: "  second_notice_day:", in: bureau, offset: 4))
        let function = session.at("textDocument/definition", baseline, try LSPSession.position(of: "days_between(", in: text, offset: 1))
        let messages = session.run().messages
        let lines = text.components(separatedBy: "\n")

        let factPlace = try XCTUnwrap(messages.response(fact)?["result"]?.list.first)
        XCTAssertEqual(factPlace["uri"]?.string, LSPSession.uri(baseline))
        XCTAssertEqual(factPlace["range"]?["start"]?["line"]?.int, lines.firstIndex(of: "  arrears:"))
        // From the bureau's override to the baseline's declaration of the param.
        let paramPlace = try XCTUnwrap(messages.response(override)?["result"]?.list.first)
        XCTAssertEqual(paramPlace["uri"]?.string, LSPSession.uri(baseline))
        let declared = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  second_notice_day:") })
        XCTAssertEqual(paramPlace["range"]?["start"]?["line"]?.int, declared)
        XCTAssertEqual(messages.response(function)?["result"]?.isNull, true)
    }

    func testCompletionInCEL() throws {
        let (baseline, text) = try LSPSession.shipped("baseline.yaml")
        // An expression being typed: the policy does not parse, the names are still there.
        let typing = text.replacingOccurrences(of: condition, with: "customer.")
        var session = LSPSession()
        session.initialize()
        session.open(baseline, typing)
        let customer = session.at("textDocument/completion", baseline, try LSPSession.position(of: condition, in: text, offset: 9))
        let params = session.at("textDocument/completion", baseline, try LSPSession.position(of: "params.reminder_from_day", in: typing, offset: 7))
        let item = session.at("textDocument/completion", baseline, try LSPSession.position(of: "b.due_date < today", in: typing, offset: 2))
        let top = session.at("textDocument/completion", baseline, try LSPSession.position(of: "days_between(", in: typing, offset: 0))
        let yaml = session.at("textDocument/completion", baseline, #"{"line":0,"character":0}"#)
        let messages = session.run().messages
        func items(_ id: Int) -> [String: String] {
            Dictionary((messages.response(id)?["result"]?["items"]?.list ?? []).map { ($0["label"]?.string ?? "", $0["detail"]?.string ?? "") },
                       uniquingKeysWith: { a, _ in a })
        }
        XCTAssertFalse(messages.diagnostics(for: baseline).last?.isEmpty ?? true, "the text being typed has an error")

        let schema = try XCTUnwrap(SnapshotSchema.snapshot.allObjects.first { $0.name == "Customer" })
        let fields = items(customer)
        for (name, kind) in schema.fields { XCTAssertEqual(fields[name], kind.celType.authorName, name) }
        XCTAssertNil(fields["exists"], "a record is not a list: no macros")
        let paramItems = items(params)
        XCTAssertEqual(paramItems["reminder_from_day"], "int")
        XCTAssertEqual(paramItems["suspension_notice_lead"], "duration")
        let billItems = items(item)
        XCTAssertEqual(billItems["due_date"], "date")
        XCTAssertEqual(billItems["amount"], "decimal")
        let topItems = items(top)
        XCTAssertEqual(topItems["arrears"], "decimal")
        XCTAssertEqual(topItems["bills"], "list(Bill)")
        XCTAssertEqual(topItems["today"], "date")
        XCTAssertNotNil(topItems["has"])
        XCTAssert(topItems["days_between"]?.contains("days_between(date, date) -> int") == true, topItems["days_between"] ?? "")
        XCTAssertNil(topItems["_+_"])
        XCTAssertEqual(messages.response(yaml)?["result"]?.list.count, 0, "no completion outside CEL")
    }

    func testDeeplyNestedExpressionsAreAnsweredNotCrashedOn() throws {
        let deep = String(repeating: "(", count: 240) + "customer."
        let text = "policy: p\ntimezone: Asia/Shanghai\nfacts:\n  deep: \"\(deep)\"\n"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyctl-lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("p.yaml").path
        var session = LSPSession()
        session.initialize()
        session.open(path, text)
        let end = #"{"line":3,"character":\#(9 + deep.utf16.count)}"#
        let completion = session.at("textDocument/completion", path, end)
        let hover = session.at("textDocument/hover", path, #"{"line":3,"character":\#(9 + 241)}"#)
        let messages = session.run().messages
        let labels = Set((messages.response(completion)?["result"]?["items"]?.list ?? []).compactMap { $0["label"]?.string })
        XCTAssert(labels.contains("category"), "\(labels)")
        XCTAssertEqual(messages.response(hover)?["result"]?["contents"]?["value"]?.string, "**snapshot field** `customer`: `Customer`")
    }
}
