import CEL
import Engine
import Policy
import XCTest

/// `policyctl simulate`'s engine: stepping, feedback into the snapshot, windows, payments
/// and the guards against policies that never settle.
final class SimulatorTests: XCTestCase {
    static let calendar = """
        calendar: test
        covers: {from: 2026-01-01, to: 2026-12-31}
        holidays:
          - {name: 国庆, from: 2026-10-01, to: 2026-10-07}
        """

    /// A small ladder whose every `unless` reads what ``ActionFeedback`` records.
    static let policy = """
        policy: p
        timezone: Asia/Shanghai
        calendar: test
        facts:
          arrears:
            value: bills.filter(b, b.due_date < today).map(b, b.amount - b.paid).sum()
            type: decimal
          reminders: notices.filter(n, n.kind == 'first_reminder')
          red: notices.filter(n, n.kind == 'suspension_notice')
          approved: approvals.exists(a, a.action == 'suspend_supply' && a.by == 'simulated')
        windows:
          suspend_supply:
            days: workdays
            hours: "09:00-17:00"
        rules:
          - id: remind
            cite: 第五条
            when: arrears > 0
            unless: size(reminders) > 0
            emit: {action: first_reminder, channels: [sms, phone], due_by: end_of_day(today)}
          - id: red-notice
            cite: 二.2
            when: arrears > 0 && size(reminders) > 0
            unless: size(red) > 0
            emit:
              action: suspension_notice
              channels: [letter, visit]
              not_before: reminders[0].sent_at + duration('48h')
              due_by: reminders[0].sent_at + duration('72h')
              data: {planned_cut_at: "timestamp('2026-10-01T10:00:00+08:00')"}
            review_at: "size(reminders) > 0 ? reminders[0].sent_at + duration('48h') : null"
          - id: approval
            cite: 第66条
            when: arrears > 0 && size(red) > 0 && red[0].planned_cut_at != null
            unless: approved
            emit: {action: approval_request, due_by: now + duration('1h')}
          - id: cut
            cite: 第67条
            when: arrears > 0 && size(red) > 0 && approved && supply.status != 'suspended'
            emit:
              action: suspend_supply
              not_before: red[0].planned_cut_at
              due_by: red[0].planned_cut_at + duration('4h')
          - id: restore
            cite: 第69条
            when: supply.status == 'suspended' && arrears == 0
            emit: {action: restore_supply, due_by: now + duration('24h')}
        """

    static let snapshot = """
        {"account_id": "S-1", "as_of": "2026-09-28T12:00:00+08:00",
         "customer": {"class": "residential", "category": "household"},
         "bills": [{"period": "2026-08", "amount": "100.00", "due_date": "2026-09-15", "paid": "0.00"}],
         "supply": {"status": "on", "since": null}}
        """

    private func simulate(_ policyText: String = policy, snapshot: String = snapshot, days: Int = 30,
                          payment: PlannedPayment? = nil, maxSteps: Int? = nil) throws -> Timeline {
        let compiled = try TestPolicies.compile("p", ["p.yaml": policyText, "calendars/test.yaml": Self.calendar])
        var simulator = Simulator(policy: compiled)
        if let maxSteps { simulator.maxSteps = maxSteps }
        return try simulator.run(JSONReader().read(snapshot), from: Timestamp(parsingRFC3339: "2026-09-28T12:00:00+08:00"),
                                 days: days, payment: payment)
    }

    private func rows(_ timeline: Timeline) -> [String] {
        timeline.events.map { "\(TimelineText.clock($0.at, zone: timeline.zone)) \($0.kind.rawValue) \($0.name)" }
    }

    func testEachActionIsCarriedOutAtItsNotBeforeAndFedBack() throws {
        let timeline = try simulate()
        XCTAssertEqual(rows(timeline), [
            "2026-09-28 12:00 action first_reminder",
            "2026-09-30 12:00 action suspension_notice",
            "2026-09-30 12:00 action approval_request",
            "2026-10-08 09:00 action suspend_supply",
        ])
        let recorded = timeline.events.map { $0.recorded ?? "" }
        XCTAssertEqual(recorded[0], "notices += first_reminder (sms)")
        XCTAssertEqual(recorded[1], "notices += suspension_notice (letter), planned_cut_at 2026-10-01T10:00:00+08:00")
        XCTAssertEqual(recorded[2], "approvals += suspend_supply by simulated")
        XCTAssertEqual(recorded[3], "supply = suspended since 2026-10-08T09:00:00+08:00")
        XCTAssertEqual(timeline.stop, .quiet, "nothing is due after the cut")
        XCTAssertEqual(timeline.count(.warning), 0)
    }

    func testTheWindowMovesTheCutOffTheHolidayAndTheNoteSaysWhy() throws {
        let timeline = try simulate()
        let cut = try XCTUnwrap(timeline.firstCut)
        XCTAssertEqual(cut.at, try Timestamp(parsingRFC3339: "2026-10-08T09:00:00+08:00"))
        let note = try XCTUnwrap(cut.note)
        XCTAssert(note.hasPrefix("moved from 2026-10-01 10:00: 2026-10-01 is not a working day"), note)
        XCTAssert(note.contains("first working day after the days off 2026-10-01…2026-10-07"), note)
        XCTAssertEqual(timeline.beforeCut.map(\.name), ["first_reminder", "suspension_notice", "approval_request"])
        XCTAssertEqual(timeline.events[1].note, "announces the cut at 2026-10-01 10:00")
    }

    func testAPaymentSettlesTheBillsAndSupplyIsRestored() throws {
        let payment = try PlannedPayment(on: CivilDate(parsing: "2026-10-09"), amount: nil, zone: TimeZoneSpec("Asia/Shanghai"))
        let timeline = try simulate(payment: payment)
        XCTAssertEqual(Array(rows(timeline).suffix(2)), [
            "2026-10-09 09:00 payment payment",
            "2026-10-09 09:00 action restore_supply",
        ])
        XCTAssertEqual(timeline.events.first { $0.kind == .payment }?.recorded, "payments += 100.00; bills paid: 2026-08")
        XCTAssertEqual(timeline.stop, .quiet)
    }

    func testAPartPaymentPaysTheOldestBillFirst() throws {
        let snapshot = """
            {"account_id": "S-2", "bills": [
              {"period": "2026-08", "amount": "80.00", "due_date": "2026-09-15", "paid": "0.00"},
              {"period": "2026-07", "amount": "50.00", "due_date": "2026-08-15", "paid": "10.00"}]}
            """
        let payment = try PlannedPayment(on: CivilDate(parsing: "2026-09-29"), amount: CELDecimal(parsing: "60.00"),
                                         zone: TimeZoneSpec("Asia/Shanghai"))
        let timeline = try simulate(snapshot: snapshot, days: 3, payment: payment)
        XCTAssertEqual(timeline.events.first { $0.kind == .payment }?.recorded,
                       "payments += 60.00; bills paid: 2026-07, 2026-08 (in part)")
    }

    func testAnActionItsRuleDoesNotSeeIsReportedOnceAndNotRepeated() throws {
        let policy = """
            policy: p
            timezone: Asia/Shanghai
            rules:
              - id: nag
                cite: x
                emit: {action: follow_up, channels: [phone], due_by: now + duration('1h')}
            """
        let timeline = try simulate(policy, days: 5)
        XCTAssertEqual(rows(timeline), ["2026-09-28 12:00 action follow_up", "2026-09-28 12:00 warning warning"])
        XCTAssert(timeline.events[1].text?.contains("`unless` does not see the record") ?? false)
        XCTAssertEqual(timeline.stop, .horizon)
    }

    func testActionsOfOneRuleForSeveralItemsAreAllCarriedOut() throws {
        let policy = """
            policy: p
            timezone: Asia/Shanghai
            rules:
              - id: per-bill
                cite: x
                each: bills
                as: bill
                unless: size(notices.filter(n, n.kind == 'late_fee')) >= size(bills)
                emit: {action: late_fee, due_by: now + duration('1h'), data: {period: bill.period}}
            """
        let timeline = try simulate(policy, days: 1)
        let snapshot = """
            {"account_id": "S-4", "bills": [{"period": "2026-07"}, {"period": "2026-08"}]}
            """
        let both = try simulate(policy, snapshot: snapshot, days: 1)
        XCTAssertEqual(rows(both), ["2026-09-28 12:00 action late_fee", "2026-09-28 12:00 action late_fee"])
        XCTAssertEqual(both.count(.warning), 0)
        XCTAssertEqual(rows(timeline).count, 1)
    }

    func testAPolicyThatAlwaysAsksToLookAgainHitsTheStepLimit() throws {
        let policy = """
            policy: p
            timezone: Asia/Shanghai
            rules:
              - id: watch
                cite: x
                when: "false"
                emit: {action: follow_up, due_by: now}
                review_at: now + duration('1m')
            """
        let timeline = try simulate(policy, days: 30, maxSteps: 50)
        XCTAssertEqual(timeline.stop, .stepLimit)
        XCTAssertEqual(timeline.steps, 50)
        XCTAssertEqual(timeline.events.last?.kind, .warning)
    }

    func testFeedbackWritesNoticesAsTheContractRecordsThem() throws {
        let policy = """
            policy: p
            timezone: Asia/Shanghai
            rules:
              - id: renotice
                cite: x
                each: outages
                as: outage
                unless: notices.exists(n, n.kind == 'outage_renotice' && n.outage_id == outage.id)
                emit:
                  action: outage_renotice
                  channels: [phone, sms]
                  due_by: outage.start
                  data: {outage_id: outage.id, planned_cut_at: outage.start}
            """
        let snapshot = """
            {"account_id": "S-3", "outages": [
              {"id": "PO-1", "kind": "planned", "start": "2026-10-09T08:00:00+08:00"},
              {"id": "PO-2", "kind": "planned", "start": "2026-10-10T08:00:00+08:00"}]}
            """
        let timeline = try simulate(policy, snapshot: snapshot, days: 2)
        XCTAssertEqual(rows(timeline), ["2026-09-28 12:00 action outage_renotice", "2026-09-28 12:00 action outage_renotice"])
        XCTAssertEqual(timeline.count(.warning), 0)
        let decoded = try SnapshotDecoder.decode(timeline.snapshot)
        guard case .map(let whole) = decoded.whole, case .list(let notices)? = whole["notices"],
              case .map(let notice)? = notices.first else { return XCTFail("no notice recorded") }
        let at = try Timestamp(parsingRFC3339: "2026-09-28T12:00:00+08:00")
        XCTAssertEqual(notices.count, 2)
        XCTAssertEqual(notice["kind"]?.debugText, Value.string("outage_renotice").debugText)
        XCTAssertEqual(notice["channel"]?.debugText, Value.string("phone").debugText)
        XCTAssertEqual(notice["sent_at"]?.debugText, Value.timestamp(at).debugText)
        XCTAssertEqual(notice["delivered_at"]?.debugText, Value.timestamp(at).debugText)
        XCTAssertEqual(notice["planned_cut_at"]?.debugText,
                       Value.timestamp(try Timestamp(parsingRFC3339: "2026-10-09T08:00:00+08:00")).debugText)
        XCTAssertEqual(notice["outage_id"]?.debugText, Value.string("PO-1").debugText)
        XCTAssertEqual(notice["signed"]?.debugText, Value.bool(true).debugText)
    }
}
