import Testing
@testable import CEL

@Suite struct TimeZoneSpecTests {
    @Test func utc() throws {
        let zone = try TimeZoneSpec("UTC")
        #expect(zone == .utc)
        #expect(zone.offset(at: try Timestamp(seconds: 0)) == 0)
        #expect(zone.description == "UTC")
    }

    @Test func shanghaiHasNoDaylightSaving() throws {
        let zone = try TimeZoneSpec("Asia/Shanghai")
        for text in ["2026-01-15T00:00:00Z", "2026-07-15T00:00:00Z", "2100-07-01T00:00:00Z", "2300-07-01T00:00:00Z"] {
            #expect(zone.offset(at: try Timestamp(parsingRFC3339: text)) == 28_800)
        }
        // China observed daylight saving 1986–1991.
        #expect(zone.offset(at: try Timestamp(parsingRFC3339: "1988-07-01T00:00:00Z")) == 32_400)
    }

    @Test func losAngelesAcrossDaylightSaving() throws {
        let zone = try TimeZoneSpec("America/Los_Angeles")
        func offset(_ text: String) throws -> Int { zone.offset(at: try Timestamp(parsingRFC3339: text)) }
        #expect(try offset("2026-03-08T09:59:59Z") == -28_800)
        #expect(try offset("2026-03-08T10:00:00Z") == -25_200)
        #expect(try offset("2026-11-01T08:59:59Z") == -25_200)
        #expect(try offset("2026-11-01T09:00:00Z") == -28_800)
        // Beyond the precomputed span Foundation answers.
        #expect(try offset("2250-07-01T00:00:00Z") == -25_200)
        #expect(try offset("2250-01-01T00:00:00Z") == -28_800)
    }

    @Test(arguments: [("+05:30", 19_800), ("-02:30", -9_000), ("+00:00", 0), ("-23:59", -86_340), ("+08:00", 28_800), ("08:00", 28_800)])
    func fixedOffsets(name: String, seconds: Int) throws {
        let zone = try TimeZoneSpec(name)
        #expect(zone.offset(at: try Timestamp(seconds: 1_234_567_890)) == seconds)
        #expect(zone.identifier == name)
    }

    @Test(arguments: ["+8:00", "+0800", "+24:00", "+05:60", "+05:30 ", "-", "+"])
    func rejectsBadOffsets(name: String) {
        #expect(throws: ValueError("invalid time zone offset `\(name)`")) { try TimeZoneSpec(name) }
    }

    @Test(arguments: ["Mars/Base", "", "utc", "Asia/Nowhere", "8:00"])
    func rejectsUnknownNames(name: String) {
        #expect(throws: ValueError("unknown time zone `\(name)`")) { try TimeZoneSpec(name) }
    }

    @Test func equalityAndSharing() throws {
        #expect(try TimeZoneSpec("Asia/Shanghai") == TimeZoneSpec("Asia/Shanghai"))
        #expect(try TimeZoneSpec("Asia/Shanghai") != TimeZoneSpec("+08:00"))
        #expect(try Set([TimeZoneSpec("Europe/Paris"), TimeZoneSpec("Europe/Paris")]).count == 1)
    }

    @Test func concurrentLookups() async throws {
        let epoch = try Timestamp(seconds: 0)
        let results = await withTaskGroup(of: Int.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let zone = try? TimeZoneSpec(index.isMultiple(of: 2) ? "Europe/Berlin" : "Australia/Sydney")
                    return zone.map { $0.offset(at: epoch) } ?? -1
                }
            }
            return await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(results == [3_600, 36_000])
    }
}
