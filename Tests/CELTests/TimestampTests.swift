import Testing
@testable import CEL

/// Parses a timestamp known to be valid in a test.
private func ts(_ text: String) throws -> Timestamp {
    try Timestamp(parsingRFC3339: text)
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2009-02-13T23:31:30Z", 1_234_567_890, 0, "2009-02-13T23:31:30Z"),
        ("2009-02-13t23:31:30z", 1_234_567_890, 0, "2009-02-13T23:31:30Z"),
        ("2009-02-13T23:31:30.123Z", 1_234_567_890, 123_000_000, "2009-02-13T23:31:30.123Z"),
        ("2009-02-13T23:31:30.1Z", 1_234_567_890, 100_000_000, "2009-02-13T23:31:30.100Z"),
        ("2009-02-13T23:31:30.1234Z", 1_234_567_890, 123_400_000, "2009-02-13T23:31:30.123400Z"),
        ("2009-02-13T23:31:30.000000001Z", 1_234_567_890, 1, "2009-02-13T23:31:30.000000001Z"),
        ("2009-02-14T07:31:30+08:00", 1_234_567_890, 0, "2009-02-13T23:31:30Z"),
        ("2009-02-13T21:01:30-02:30", 1_234_567_890, 0, "2009-02-13T23:31:30Z"),
        ("1972-01-01T10:00:20.021-05:00", 63_126_020, 21_000_000, "1972-01-01T15:00:20.021Z"),
        ("1969-12-31T23:59:59.5Z", -1, 500_000_000, "1969-12-31T23:59:59.500Z"),
        ("0001-01-01T00:00:00Z", -62_135_596_800, 0, "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59.999999999Z", 253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
        ("0000-12-31T23:00:00-01:00", -62_135_596_800, 0, "0001-01-01T00:00:00Z"),
        ("2024-02-29T00:00:00Z", 1_709_164_800, 0, "2024-02-29T00:00:00Z"),
    ] as [(String, Int64, Int32, String)])
    func parsesAndFormats(text: String, seconds: Int64, nanos: Int32, formatted: String) throws {
        let value = try ts(text)
        #expect(value.seconds == seconds)
        #expect(value.nanos == nanos)
        #expect(value.description == formatted)
        #expect(value.rfc3339 == formatted)
    }

    @Test(arguments: [
        "", "2009-02-13", "2009-02-13T23:31:30", "2009-02-13 23:31:30Z", "2009-02-13T23:31:30.Z",
        "2009-02-13T23:31:30.1234567890Z", "2009-02-13T23:31:30+0800", "2009-02-13T23:31:30+08", "2009-02-13T24:00:00Z",
        "2009-02-13T23:60:00Z", "2009-02-13T23:59:60Z", "2009-02-29T00:00:00Z", "2009-13-01T00:00:00Z",
        "2009-02-13T23:31:30ZZ", "2009-02-13T23:31:30+24:00", "2009-02-13T23:31:30+08:60", "209-02-13T23:31:30Z",
        "2009-02-13X23:31:30Z", "+2009-02-13T23:31:30Z", "2009-02-13T23:31:30UTC",
    ])
    func rejects(text: String) {
        #expect(throws: ValueError("invalid timestamp `\(text)`")) { try Timestamp(parsingRFC3339: text) }
    }

    @Test func rejectsOutOfRange() throws {
        #expect(throws: ValueError("timestamp `0000-12-31T23:59:59Z` out of range")) {
            try ts("0000-12-31T23:59:59Z")
        }
        #expect(throws: ValueError("timestamp `9999-12-31T23:59:59-00:01` out of range")) {
            try ts("9999-12-31T23:59:59-00:01")
        }
        #expect(throws: ValueError("timestamp out of range")) { try Timestamp(seconds: Timestamp.maxSeconds + 1) }
        #expect(throws: ValueError("invalid timestamp nanos `-1`")) { try Timestamp(seconds: 0, nanos: -1) }
    }

    @Test(arguments: ["2026-12-21T09:00:00+08:00", "2009-02-13t23:31:30.123z", "9999-12-31T23:59:59-01:00", "2026-02-29T00:00:00Z", ""])
    func parsesBytesAsText(text: String) {
        let fromText = Result { () throws(ValueError) in try Timestamp(parsingRFC3339: text) }
        let fromBytes = Array(text.utf8).withUnsafeBufferPointer { bytes in
            Result { () throws(ValueError) in try Timestamp(parsingRFC3339: bytes) }
        }
        #expect(fromText == fromBytes)
    }

    @Test func parsesSubstring() throws {
        let text = "[2009-02-13T23:31:30Z]"
        #expect(try Timestamp(parsingRFC3339: text.dropFirst().dropLast()).seconds == 1_234_567_890)
    }

    @Test func durationArithmetic() throws {
        let start = try ts("2026-12-21T09:00:00Z")
        let later = try start + CELDuration(parsing: "1h0.5s")
        #expect(later.description == "2026-12-21T10:00:00.500Z")
        #expect(try (later - CELDuration(parsing: "2h")).description == "2026-12-21T08:00:00.500Z")
        #expect(try (later - start).description == "3600.5s")
        #expect(try start.difference(later).description == "-3600.5s")
        #expect(try ts("1970-01-01T00:00:00Z").subtracting(CELDuration(parsing: "1ns")).description
            == "1969-12-31T23:59:59.999999999Z")
        let max = try ts("9999-12-31T23:59:59.999999999Z")
        #expect(throws: ValueError("timestamp overflow")) { try max + CELDuration(parsing: "1ns") }
        let min = try ts("0001-01-01T00:00:00Z")
        #expect(throws: ValueError("timestamp overflow")) { try min - CELDuration(parsing: "1ns") }
        // Beyond 64-bit nanoseconds (about 292 years) a difference is an error, as in cel-go.
        #expect(throws: ValueError("duration overflow")) { try max - min }
        let late = try ts("2262-01-01T00:00:00Z")
        let epoch = try ts("1970-01-01T00:00:00Z")
        #expect(try (late - epoch).seconds == 9_214_646_400)
    }

    @Test func comparable() throws {
        #expect(try ts("2026-12-21T09:00:00Z") < ts("2026-12-21T09:00:00.000000001Z"))
        #expect(try ts("2026-12-21T09:00:00+08:00") == ts("2026-12-21T01:00:00Z"))
        #expect(try ts("1969-12-31T23:59:59.9Z") < ts("1970-01-01T00:00:00Z"))
    }

    @Test func formatsInZone() throws {
        let instant = try ts("2026-12-21T01:00:00Z")
        #expect(try instant.rfc3339(in: TimeZoneSpec("Asia/Shanghai")) == "2026-12-21T09:00:00+08:00")
        #expect(try instant.rfc3339(in: TimeZoneSpec("-02:30")) == "2026-12-20T22:30:00-02:30")
        #expect(try instant.rfc3339(in: TimeZoneSpec("America/Los_Angeles")) == "2026-12-20T17:00:00-08:00")
        #expect(instant.rfc3339(in: .utc) == "2026-12-21T01:00:00Z")
        #expect(try ts("2026-07-01T12:00:00.25Z").rfc3339(in: TimeZoneSpec("America/Los_Angeles"))
            == "2026-07-01T05:00:00.250-07:00")
    }

    @Test func formatsLocalMeanTimeAsSameInstant() throws {
        // Before 1901 Shanghai used local mean time (+08:05:43): the text must still round-trip.
        let zone = try TimeZoneSpec("Asia/Shanghai")
        let instant = try ts("1890-06-01T00:00:00Z")
        let text = instant.rfc3339(in: zone)
        #expect(try Timestamp(parsingRFC3339: text) == instant)
    }

    @Test func civilFields() throws {
        let instant = try ts("2026-12-21T01:02:03.456Z")
        let shanghai = instant.civil(in: try TimeZoneSpec("Asia/Shanghai"))
        #expect(shanghai.date.description == "2026-12-21")
        #expect((shanghai.hour, shanghai.minute, shanghai.second, shanghai.nanos) == (9, 2, 3, 456_000_000))
        let losAngeles = instant.civil(in: try TimeZoneSpec("America/Los_Angeles"))
        #expect(losAngeles.date.description == "2026-12-20")
        #expect(losAngeles.hour == 17)
        let beforeEpoch = try ts("1969-12-31T23:59:59Z").civil(in: .utc)
        #expect(beforeEpoch.date.description == "1969-12-31")
        #expect((beforeEpoch.hour, beforeEpoch.minute, beforeEpoch.second) == (23, 59, 59))
        // At the range edge a negative offset gives a local date in year 0.
        #expect(try ts("0001-01-01T00:00:00Z").civil(in: TimeZoneSpec("-01:00")).date.year == 0)
    }

    @Test func fromCivil() throws {
        let shanghai = try TimeZoneSpec("Asia/Shanghai")
        let civil = try CivilDateTime(date: CivilDate(parsing: "2026-12-21"), hour: 9, nanos: 5)
        let instant = try Timestamp(civil: civil, in: shanghai)
        #expect(instant.description == "2026-12-21T01:00:00.000000005Z")
        #expect(instant.civil(in: shanghai) == civil)
        #expect(throws: ValueError("invalid time of day `24:0:0.0`")) {
            try CivilDateTime(date: CivilDate(parsing: "2026-12-21"), hour: 24)
        }
        #expect(throws: ValueError("timestamp out of range")) {
            try Timestamp.startOfDay(CivilDate(parsing: "0001-01-01"), in: shanghai)
        }
    }

    @Test func fromCivilAcrossDaylightSaving() throws {
        let zone = try TimeZoneSpec("America/Los_Angeles")
        func local(_ date: String, _ hour: Int, _ minute: Int) throws -> String {
            try Timestamp(civil: CivilDateTime(date: CivilDate(parsing: date), hour: hour, minute: minute), in: zone)
                .description
        }
        // 2026-03-08: 02:00 PST jumps to 03:00 PDT.
        #expect(try local("2026-03-08", 1, 59) == "2026-03-08T09:59:00Z")
        #expect(try local("2026-03-08", 2, 30) == "2026-03-08T10:30:00Z")  // gap: earlier offset (PST)
        #expect(try local("2026-03-08", 3, 0) == "2026-03-08T10:00:00Z")
        // 2026-11-01: 02:00 PDT falls back to 01:00 PST; 01:30 happens twice.
        #expect(try local("2026-11-01", 0, 30) == "2026-11-01T07:30:00Z")
        #expect(try local("2026-11-01", 1, 30) == "2026-11-01T08:30:00Z")  // overlap: earlier offset (PDT)
        #expect(try local("2026-11-01", 2, 0) == "2026-11-01T10:00:00Z")
    }

    @Test func startOfDay() throws {
        let date = try CivilDate(parsing: "2026-12-21")
        #expect(try Timestamp.startOfDay(date, in: TimeZoneSpec("Asia/Shanghai")).description == "2026-12-20T16:00:00Z")
        #expect(try Timestamp.startOfDay(date, in: .utc).description == "2026-12-21T00:00:00Z")
        #expect(try Timestamp.startOfDay(CivilDate(parsing: "2026-03-08"), in: TimeZoneSpec("America/Los_Angeles"))
            .description == "2026-03-08T08:00:00Z")
    }
}
