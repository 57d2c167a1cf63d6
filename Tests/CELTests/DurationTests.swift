import Testing
@testable import CEL

@Suite struct DurationTests {
    @Test(arguments: [
        ("1.5s", 1, 500_000_000), ("-1h2m3.5s", -3723, -500_000_000), ("100ms", 0, 100_000_000),
        ("1us", 0, 1_000), ("1µs", 0, 1_000), ("1μs", 0, 1_000), ("3ns", 0, 3), ("0", 0, 0), ("-0", 0, 0),
        ("+5m", 300, 0), ("1h", 3600, 0), (".5s", 0, 500_000_000), ("1.s", 1, 0), ("0s", 0, 0),
        ("1.0000000019s", 1, 1), ("2h45m", 9900, 0), ("1m1m", 120, 0), ("315576000000s", 315_576_000_000, 0),
        ("-315576000000.999999999s", -315_576_000_000, -999_999_999),
    ] as [(String, Int64, Int32)])
    func parsesGoStyle(text: String, seconds: Int64, nanos: Int32) throws {
        let value = try CELDuration(parsing: text)
        #expect(value.seconds == seconds)
        #expect(value.nanos == nanos)
    }

    @Test(arguments: ["", "s", "1", "1x", "1.5", "1 s", "-", "1sm", "1Ms", "h1", "..5s", "1.2.3s", "1d", "1µ", "1e3s"])
    func rejectsGoStyle(text: String) {
        #expect(throws: ValueError("invalid duration `\(text)`")) { try CELDuration(parsing: text) }
    }

    @Test func rejectsOutOfRange() {
        #expect(throws: ValueError("duration `315576000001s` out of range")) {
            try CELDuration(parsing: "315576000001s")
        }
        #expect(throws: ValueError("duration `99999999999999999999999999999h` out of range")) {
            try CELDuration(parsing: "99999999999999999999999999999h")
        }
        // However long, the text must still be a duration.
        #expect(throws: ValueError("invalid duration `99999999999999999999999999999x`")) {
            try CELDuration(parsing: "99999999999999999999999999999x")
        }
    }

    @Test(arguments: [
        ("7d", 604_800), ("24h", 86_400), ("30m", 1_800), ("1d12h", 129_600), ("90s", 90), ("0d", 0),
        ("1d2h3m4s", 93_784), ("48h", 172_800),
    ] as [(String, Int64)])
    func parsesPolicyLength(text: String, seconds: Int64) throws {
        let value = try CELDuration(parsingPolicyLength: text)
        #expect(value.seconds == seconds)
        #expect(value.nanos == 0)
    }

    @Test(arguments: ["", "7", "d", "-7d", "+7d", "1.5d", "12h1d", "1d1d", "7 d", "7days", "1w", "100ms"])
    func rejectsPolicyLength(text: String) {
        #expect(throws: ValueError("invalid policy length `\(text)`")) {
            try CELDuration(parsingPolicyLength: text)
        }
    }

    @Test func policyLengthOutOfRange() {
        #expect(throws: ValueError("policy length `3652501d` out of range")) {
            try CELDuration(parsingPolicyLength: "3652501d")
        }
    }

    @Test(arguments: [
        ("1.5s", "1.5s"), ("-1ns", "-0.000000001s"), ("1h", "3600s"), ("0", "0s"), ("-1.25s", "-1.25s"),
        ("100ms", "0.1s"), ("1.000001s", "1.000001s"),
    ])
    func description(text: String, expected: String) throws {
        #expect(try CELDuration(parsing: text).description == expected)
    }

    @Test func validatingInit() throws {
        #expect(try CELDuration(seconds: -1, nanos: -5).description == "-1.000000005s")
        #expect(throws: ValueError("invalid duration nanos `5`")) { try CELDuration(seconds: -1, nanos: 5) }
        #expect(throws: ValueError("invalid duration nanos `1000000000`")) {
            try CELDuration(seconds: 0, nanos: 1_000_000_000)
        }
        #expect(throws: ValueError("duration out of range")) { try CELDuration(seconds: .min) }
        #expect(throws: ValueError("duration out of range")) { try CELDuration(nanoseconds: .max) }
    }

    @Test func arithmetic() throws {
        let a = try CELDuration(parsing: "1.7s")
        let b = try CELDuration(parsing: "0.5s")
        #expect((try a + b).description == "2.2s")
        #expect((try b - a).description == "-1.2s")
        #expect((try -a).description == "-1.7s")
        #expect(try a.multiplied(by: -3).description == "-5.1s")
        // Arithmetic results must fit 64-bit nanoseconds, although a duration may be longer.
        let longest = try CELDuration(nanoseconds: Int128(Int64.max))
        #expect(try longest.negated().description == "-9223372036.854775807s")
        #expect(throws: ValueError("duration overflow")) { try longest + CELDuration(nanoseconds: 1) }
        #expect(throws: ValueError("duration overflow")) { try longest.negated() - CELDuration(seconds: 1) }
        #expect(throws: ValueError("duration overflow")) { try CELDuration(nanoseconds: Int128(Int64.min)).negated() }
        #expect(throws: ValueError("duration overflow")) { try longest.multiplied(by: 2) }
        let max = try CELDuration(seconds: CELDuration.maxSeconds)
        #expect(throws: ValueError("duration overflow")) { try max + CELDuration.zero }
        #expect(throws: ValueError("duration overflow")) { try max.multiplied(by: .max) }
    }

    @Test func comparable() throws {
        #expect(try CELDuration(parsing: "-1s") < CELDuration(parsing: "-0.5s"))
        #expect(try CELDuration(parsing: "59m") < CELDuration(parsing: "1h"))
        #expect(try CELDuration(parsing: "60m") == CELDuration(parsing: "1h"))
    }

    @Test func celAccessors() throws {
        let value = try CELDuration(parsing: "-2h30m15.789s")
        #expect(value.hours == -2)
        #expect(value.minutes == -150)
        #expect(value.totalSeconds == -9015)
        #expect(value.milliseconds == -789)
        let positive = try CELDuration(parsing: "1.2345s")
        #expect(positive.milliseconds == 234)
        #expect(positive.totalNanoseconds == 1_234_500_000)
    }
}
