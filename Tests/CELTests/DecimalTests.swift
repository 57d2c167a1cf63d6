import Testing
@testable import CEL

/// Parses a decimal known to be valid in a test.
private func dec(_ text: String) throws -> CELDecimal {
    try CELDecimal(parsing: text)
}

@Suite struct DecimalTests {
    @Test(arguments: [
        ("312.40", "312.40", 2), ("-0.50", "-0.50", 2), ("7", "7", 0), ("+7", "7", 0),
        ("0", "0", 0), ("-0", "0", 0), ("000.5", "0.5", 1), ("0.000000000000000001", "0.000000000000000001", 18),
        ("1.5e3", "1500", 0), ("1E-2", "0.01", 2), ("1.50e1", "15.0", 1), ("2e+2", "200", 0),
        ("-1.25E-3", "-0.00125", 5), ("99999999999999999999999999999999999999", "99999999999999999999999999999999999999", 0),
        ("-0.000012345678901234", "-0.000012345678901234", 18),
        ("12345678901234567890.123456789012345678", "12345678901234567890.123456789012345678", 18),
        // Plain digits and a point, up to 19 bytes, take a shorter way: the same values.
        ("0.00", "0.00", 2), ("15953.34", "15953.34", 2), ("1234567890.12345678", "1234567890.12345678", 8),
        ("0000000000000000000", "0", 0), ("007.50", "7.50", 2),
    ])
    func parsesAndPrints(text: String, expected: String, scale: Int) throws {
        let value = try dec(text)
        #expect(value.description == expected)
        #expect(value.scale == scale)
    }

    @Test(arguments: [
        ("", "invalid decimal ``"), ("abc", "invalid decimal `abc`"), ("1.2.3", "invalid decimal `1.2.3`"),
        (" 1", "invalid decimal ` 1`"), ("1 ", "invalid decimal `1 `"), (".5", "invalid decimal `.5`"),
        ("1.", "invalid decimal `1.`"), ("-", "invalid decimal `-`"), ("+-1", "invalid decimal `+-1`"),
        ("1e", "invalid decimal `1e`"), ("1e+", "invalid decimal `1e+`"), ("1,5", "invalid decimal `1,5`"),
        ("0x10", "invalid decimal `0x10`"), ("1e5x", "invalid decimal `1e5x`"),
        ("0.0000000000000000001", "decimal `0.0000000000000000001` has more than 18 fractional digits"),
        ("1e-19", "decimal `1e-19` has more than 18 fractional digits"),
        ("100000000000000000000000000000000000000", "decimal `100000000000000000000000000000000000000` has more than 38 digits"),
        ("1e38", "decimal `1e38` has more than 38 digits"),
        ("1e99999999999", "decimal `1e99999999999` has more than 38 digits"),
    ])
    func rejects(text: String, message: String) {
        #expect(throws: ValueError(message)) { try CELDecimal(parsing: text) }
    }

    @Test(arguments: [
        "9999999999999999999", "10000000000000000000", "18446744073709551616", "-9223372036854775809",
        "12.345678901234567890", "1234567890123456789.5", "000000000000000000001234567890123456789012",
    ])
    func parsesAcrossSixtyFourBits(text: String) throws {
        // The first 19 significant digits are read in 64 bits, the rest in 128.
        let value = try dec(text)
        let digits = text.filter(\.isNumber).drop { $0 == "0" }
        #expect(value.coefficient.magnitude == UInt128(String(digits.isEmpty ? "0" : digits)))
        #expect(value.sign == (text.hasPrefix("-") ? -1 : 1))
    }

    @Test(arguments: ["312.40", "-1.25E-3", "abc", "0.0000000000000000001", "1e38", ""])
    func parsesBytesAsText(text: String) {
        let fromText = Result { () throws(ValueError) in try CELDecimal(parsing: text) }
        let fromBytes = Array(text.utf8).withUnsafeBufferPointer { bytes in
            Result { () throws(ValueError) in try CELDecimal(parsing: bytes) }
        }
        #expect(fromText.map(\.description) == fromBytes.map(\.description))
    }

    @Test func parsesSubstring() throws {
        let text = "amount=12.30;"
        let slice = text.dropFirst(7).dropLast()
        #expect(try CELDecimal(parsing: slice).description == "12.30")
    }

    @Test func constructors() throws {
        #expect(CELDecimal(-42).description == "-42")
        #expect(try CELDecimal(coefficient: 31240, scale: 2).description == "312.40")
        #expect(throws: ValueError("invalid decimal scale `19`")) { try CELDecimal(coefficient: 1, scale: 19) }
        #expect(throws: ValueError("decimal overflow")) { try CELDecimal(coefficient: .max, scale: 0) }
        #expect(CELDecimal.zero.isZero)
    }

    @Test func addAndSubtract() throws {
        #expect(try (dec("312.40") + dec("0.6")).description == "313.00")
        #expect(try (dec("1") - dec("2.50")).description == "-1.50")
        #expect(try dec("-0.1").adding(dec("0.1")).description == "0.0")
        #expect(try dec("1.005").subtracting(dec("-2")).description == "3.005")
    }

    @Test func multiply() throws {
        #expect(try (dec("312.40") * dec("0.13")).description == "40.6120")
        #expect(try (dec("-1.5") * dec("2")).description == "-3.0")
        // Scale 12 + 12 = 24 > 18: rounded half-up to 18 digits.
        #expect(try (dec("0.000000000001") * dec("0.000000500000")).description == "0.000000000000000001")
        #expect(try (dec("-0.000000000001") * dec("0.000000500000")).description == "-0.000000000000000001")
        #expect(try (dec("0.000000000001") * dec("0.000000499999")).description == "0.000000000000000000")
        // Product exceeds Int128 but fits after rounding to 18 digits (256-bit path).
        let big = try dec("12345678901234567890.123456789012345678")
        #expect(try (big * dec("0.100000000000000000")).description == "1234567890123456789.012345678901234568")
        #expect(try dec("2.5").multiplied(by: -4).description == "-10.0")
    }

    @Test func overflowThrowsNearLimits() throws {
        let max = try dec(String(repeating: "9", count: 38))
        #expect(throws: ValueError("decimal overflow")) { try max + dec("1") }
        #expect(throws: ValueError("decimal overflow")) { try max.negated() - dec("1") }
        #expect(throws: ValueError("decimal overflow")) { try max * dec("2") }
        #expect(throws: ValueError("decimal overflow")) { try max * max }
        #expect(throws: ValueError("decimal overflow")) { try max.multiplied(by: .min) }
        #expect(throws: ValueError("decimal overflow")) { try max + dec("0.1") }
        #expect(throws: ValueError("decimal overflow")) { try max.rescaled(to: 1) }
        #expect(try (max - dec("1")).description == String(repeating: "9", count: 37) + "8")
        #expect((-max).description == "-" + String(repeating: "9", count: 38))
        #expect(try (max + max.negated()).isZero)
    }

    @Test func divide() throws {
        #expect(try dec("10").divided(by: dec("3"), scale: 2).description == "3.33")
        #expect(try dec("20").divided(by: dec("3"), scale: 2).description == "6.67")
        #expect(try dec("-20").divided(by: dec("3"), scale: 2).description == "-6.67")
        #expect(try dec("1").divided(by: dec("8"), scale: 2).description == "0.13")
        #expect(try dec("-1").divided(by: dec("-8"), scale: 2).description == "0.13")
        #expect(try dec("1").divided(by: dec("-8"), scale: 2).description == "-0.13")
        #expect(try dec("312.40").divided(by: dec("0.5"), scale: 0).description == "625")
        #expect(try dec("1").divided(by: dec("3"), scale: 18).description == "0.333333333333333333")
        // Scale exponent below zero: tiny quotient rounds to zero; huge divisor overflows the scaling.
        #expect(try dec("0.000000000000000001").divided(by: dec("1000"), scale: 0).isZero)
        #expect(try dec("0.1").divided(by: dec(String(repeating: "9", count: 38)), scale: 0).isZero)
        // Numerator scaled beyond 128 bits goes through the wide division.
        let big = try dec(String(repeating: "9", count: 30))
        #expect(try big.divided(by: dec("1000000000000"), scale: 18).description
            == "999999999999999999.999999999999000000")
        #expect(throws: ValueError("decimal division by zero")) { try dec("1").divided(by: dec("0.00"), scale: 2) }
        #expect(throws: ValueError("invalid decimal scale `-1`")) { try dec("1").divided(by: dec("1"), scale: -1) }
        #expect(throws: ValueError("decimal overflow")) {
            try dec(String(repeating: "9", count: 38)).divided(by: dec("0.1"), scale: 0)
        }
    }

    @Test(arguments: [
        ("2.345", 2, "2.35"), ("-2.345", 2, "-2.35"), ("2.344", 2, "2.34"), ("-2.344", 2, "-2.34"),
        ("0.5", 0, "1"), ("-0.5", 0, "-1"), ("0.49", 0, "0"), ("9.995", 2, "10.00"), ("-9.995", 2, "-10.00"),
        ("1.5", 3, "1.5"), ("1.25", -1, "1"),
    ])
    func roundsHalfUpAwayFromZero(text: String, scale: Int, expected: String) throws {
        #expect(try dec(text).rounded(scale: scale).description == expected)
    }

    @Test func roundingCarryAtFullPrecision() throws {
        let nines = try dec("9999999999999999999999999999999999999.9")
        #expect(nines.rounded(scale: 0).description == "10000000000000000000000000000000000000")
    }

    @Test func rescale() throws {
        #expect(try dec("7").rescaled(to: 2).description == "7.00")
        #expect(try dec("-2.345").rescaled(to: 2).description == "-2.35")
        #expect(throws: ValueError("invalid decimal scale `19`")) { try dec("1").rescaled(to: 19) }
    }

    @Test func equalityAndHashingAcrossScales() throws {
        #expect(try dec("312.4") == dec("312.40"))
        #expect(try dec("312.4").hashValue == dec("312.40").hashValue)
        #expect(try dec("100") == dec("100.000000000000000000"))
        #expect(try dec("100").hashValue == dec("100.000000000000000000").hashValue)
        #expect(try dec("0") == dec("-0.000"))
        #expect(try dec("0").hashValue == dec("0.000").hashValue)
        #expect(try dec("1.01") != dec("1.1"))
        let set: Set<CELDecimal> = try [dec("1.50"), dec("1.5"), dec("1.500")]
        #expect(set.count == 1)
        let max = try dec(String(repeating: "9", count: 38))
        #expect(try max != dec("0.000000000000000001"))
    }

    @Test func ordering() throws {
        #expect(try dec("-1") < dec("0.5"))
        #expect(try dec("1.09") < dec("1.1"))
        #expect(try dec("-1.1") < dec("-1.09"))
        #expect(try !(dec("2.50") < dec("2.5")))
        let max = try dec(String(repeating: "9", count: 38))
        // Scaling `max` to 18 digits overflows Int128; the order must still be right.
        #expect(try dec("0.000000000000000001") < max)
        #expect(try max > dec("1.000000000000000001"))
        #expect(try max.negated() < dec("-1.000000000000000001"))
        #expect(try [dec("3"), dec("-2.5"), dec("0.75")].sorted().map(\.description) == ["-2.5", "0.75", "3"])
    }

    @Test func signAndConversions() throws {
        #expect(try dec("-0.01").sign == -1)
        #expect(try dec("0.00").sign == 0)
        #expect(try dec("3").sign == 1)
        #expect(try dec("312.40").doubleValue == 312.4)
        #expect(try dec("-7.99").int64Value == -7)
        #expect(try dec("9223372036854775807.9").int64Value == .max)
        #expect(throws: ValueError("decimal `9223372036854775808` out of int64 range")) {
            try dec("9223372036854775808").int64Value
        }
    }
}
