import Foundation
import XCTest
@testable import CEL

final class RegexTests: XCTestCase {
    // MARK: Matching

    /// (pattern, input, expected result of an unanchored search)
    private static let matchCases: [(String, String, Bool)] = [
        // CEL conformance, string.jsonl section "matches".
        ("ubb", "hubba", true),
        ("foo|bar", "", false),
        ("", "cows", true),
        ("bc", "abcd", true),
        ("gr(a|e)y", "grey", true),
        ("ba(na)*", "banana", true),
        ("a+ñ+a+", "mañana", true),
        ("(a|😀){2}", "🐱😀😀", true),
        // Literals and escapes.
        ("a\\.c", "a.c", true),
        ("a\\.c", "abc", false),
        ("\\\\", "a\\b", true),
        ("\\n", "a\nb", true),
        ("\\t", "\t", true),
        ("\\r", "\r", true),
        ("\\f", "\u{0C}", true),
        ("\\v", "\u{0B}", true),
        ("\\a", "\u{07}", true),
        ("\\x41", "A", true),
        ("\\x7F", "\u{7F}", true),
        ("\\x{1F600}", "😀", true),
        ("\\x{10FFFF}", "\u{10FFFF}", true),
        ("\\101", "A", true),
        ("\\0", "\0", true),
        ("\\12", "\n", true),
        ("\\Qa.b*c\\E", "a.b*c", true),
        ("\\Qa.b*c\\E", "axbbc", false),
        ("^\\Qab\\E+$", "abbb", true),
        ("\\Qa\\E", "a", true),
        ("\\-\\{\\}\\[\\]\\(\\)\\*\\+\\?\\|\\^\\$ ", "-{}[]()*+?|^$ ", true),
        // Dot matches one scalar, not `\n` unless `s`.
        (".", "\n", false),
        ("(?s).", "\n", true),
        ("a.c", "a😀c", true),
        ("^.$", "é", true),
        ("^.$", "e\u{301}", false),
        ("^..$", "e\u{301}", true),
        // Character classes.
        ("[abc]", "xbx", true),
        ("[abc]", "xyz", false),
        ("[^a-z]", "abc", false),
        ("[^a-z]", "abc1", true),
        ("^[a-c-]+$", "a-c", true),
        ("[-a]", "-", true),
        ("[]a]", "]", true),
        ("[^]a]", "]", false),
        ("[\\d.]", ".", true),
        ("[\\]]", "]", true),
        ("[\\n]", "\n", true),
        ("[\\x{4E00}-\\x{9FFF}]", "漢", true),
        ("[😀-😂]", "😁", true),
        ("[[:alpha:]]+$", "abc", true),
        ("^[[:digit:]]+$", "12a", false),
        ("[[:^space:]]", " \t", false),
        ("^[[:upper:][:digit:]]+$", "AB12", true),
        ("^[[:word:]]+$", "a_Z9", true),
        ("^[[:punct:]]+$", "!/@[`{~", true),
        ("^[[:xdigit:]]+$", "09afAF", true),
        ("[[:alpha:]]", "é", false),
        ("[[a]", "[", true),
        // Perl classes (ASCII, as in RE2).
        ("^\\d+$", "0123", true),
        ("\\d", "٣", false),
        ("^\\D+$", "abc", true),
        ("\\s", "a b", true),
        ("\\s", "\u{0B}", false),
        ("^\\S+$", "ab", true),
        ("^\\w+$", "a_1", true),
        ("\\w", "é", false),
        ("\\W", "a", false),
        ("[^\\d]", "5", false),
        ("[\\D]", "5", false),
        // Unicode classes.
        ("^\\p{L}+$", "héllo", true),
        ("\\pL", "123", false),
        ("^\\p{Lu}", "Éa", true),
        ("^\\p{Ll}", "Éa", false),
        ("\\p{N}", "٣", true),
        ("^\\p{Nd}+$", "٣4", true),
        ("\\pN", "abc", false),
        ("\\p{P}", "!", true),
        ("\\p{P}", "a", false),
        ("\\p{S}", "+", true),
        ("\\p{S}", "€", true),
        ("\\p{Z}", "a\u{00A0}b", true),
        ("\\p{Z}", "ab", false),
        ("^\\P{L}+$", "123", true),
        ("\\PL", "abc", false),
        ("\\p{Greek}", "αβ", true),
        ("\\p{Greek}", "abc", false),
        ("\\p{Cyrillic}", "Жук", true),
        ("^\\p{Han}+$", "漢字", true),
        ("\\p{Latin}", "ж", false),
        ("\\p{Latin}", "ж z", true),
        ("^\\p{^Greek}$", "a", true),
        ("[\\p{Greek}\\d]", "5", true),
        ("[^\\p{Greek}]", "α", false),
        ("\\p{Any}", "x", true),
        // Anchors and boundaries.
        ("^abc", "abcd", true),
        ("^abc", "xabc", false),
        ("abc$", "xabc", true),
        ("abc$", "abc\n", false),
        ("(?m)abc$", "abc\nx", true),
        ("(?m)^x", "abc\nx", true),
        ("^x", "abc\nx", false),
        ("(?m)^b$", "a\nb\nc", true),
        ("\\Aabc", "abc", true),
        ("(?m)\\Ab", "a\nb", false),
        ("a\\z", "ba", true),
        ("a\\z", "ab", false),
        ("(?m)a\\z", "a\n", false),
        ("\\bfoo\\b", "a foo b", true),
        ("\\bfoo\\b", "afoob", false),
        ("\\Boo\\B", "foob", true),
        ("\\bé", "é", false),
        ("^$", "", true),
        ("^$", "a", false),
        // Groups.
        ("(?:ab)+$", "ababab", true),
        ("(?P<year>\\d{4})-(?<month>\\d{2})", "2024-05", true),
        ("(a)(b)(c)", "abc", true),
        ("()", "", true),
        ("(|a)b", "b", true),
        // Flags.
        ("(?i)hello", "HeLLo", true),
        ("(?i:h)ello", "Hello", true),
        ("(?i:h)ello", "HELLO", false),
        ("(?i)k", "\u{212A}", true),
        ("(?i)\u{212A}", "k", true),
        ("(?i)s", "ſ", true),
        ("(?i)σ", "ς", true),
        ("(?i)Σ", "ς", true),
        ("(?i)ǅ", "ǆ", true),
        ("(?i)é", "É", true),
        ("(?i)straße", "STRASSE", false),
        ("(?i)i", "ı", false),
        ("(?i)^[a-z]+$", "ABC", true),
        ("(?i)[^k]", "K", false),
        ("(?i)[k]", "\u{212A}", true),
        ("(?i)\\p{Lu}", "a", true),
        ("(?i)\\x41", "a", true),
        ("a(?i)b|c", "C", true),
        ("(?i)a(?-i)b", "Ab", true),
        ("(?i)a(?-i)b", "AB", false),
        ("(?i)(?:a|b)c", "BC", true),
        ("x(?i:y)z", "xYz", true),
        ("x(?i:y)z", "xYZ", false),
        ("(?s:.)", "\n", true),
        ("(?sm)^.$", "\n", true),
        ("(?U)^a+$", "aaa", true),
        ("(?im-s)^A.$", "x\nab", true),
        // Alternation.
        ("cat|dog", "hotdog", true),
        ("^(cat|dog)$", "cats", false),
        ("a|", "x", true),
        ("|", "", true),
        // Quantifiers.
        ("^a*$", "", true),
        ("^a+$", "", false),
        ("^ab?c$", "ac", true),
        ("^ab?c$", "abbc", false),
        ("^a{3}$", "aaa", true),
        ("^a{3}$", "aa", false),
        ("^a{2,}$", "aaaa", true),
        ("^a{2,}$", "a", false),
        ("^a{2,3}$", "aaaa", false),
        ("^a{2,3}$", "aaa", true),
        ("^a{0}$", "", true),
        ("^a{,3}$", "a{,3}", true),
        ("a{", "a{", true),
        ("^x{1,2}}$", "x}", true),
        ("^x{2}y{1,2}?$", "xxyy", true),
        ("^(ab){2}$", "abab", true),
        ("^(?:a*)*$", "aaa", true),
        ("^(?:a?)+b$", "b", true),
        ("^a*?$", "aa", true),
        ("^a+?b??c*?$", "aabcc", true),
        ("^[0-9]{3}-[0-9]{4}$", "555-1234", true),
        ("^[0-9]{3}-[0-9]{4}$", "555-12345", false),
        ("^(a{1,3}){2}$", "aaaaa", true),
        ("^(a{1,3}){2}$", "aaaaaaa", false),
        ("^\\^*$", "^^", true),
    ]

    func testMatchTable() throws {
        for (pattern, input, expected) in Self.matchCases {
            let regex = try RE2Regex(pattern)
            XCTAssertEqual(regex.matches(input), expected, "\(pattern) against \(input.debugDescription)")
            XCTAssertEqual(regex.firstMatch(in: input) != nil, expected, "firstMatch \(pattern)")
        }
    }

    // MARK: First match

    /// (pattern, input, expected matched text or nil)
    private static let firstMatchCases: [(String, String, String?)] = [
        ("a+", "baaac", "aaa"),
        ("a+?", "baaac", "a"),
        ("a*?", "baaac", ""),
        ("(a|ab)(c|bcd)", "abcd", "abcd"),
        ("ab|abc", "abc", "ab"),
        ("abc|ab", "abc", "abc"),
        ("x*", "yxx", ""),
        ("\\d{2,4}", "a12345b", "1234"),
        ("\\d{2,4}?", "a12345b", "12"),
        ("(?U)\\d+", "123", "1"),
        ("(?U)\\d+?", "123", "123"),
        ("é+", "café!", "é"),
        ("b", "😀b", "b"),
        (".*", "ab\ncd", "ab"),
        ("c.*", "ab\ncd", "cd"),
        ("(?s)b.*", "ab\ncd", "b\ncd"),
        ("\\bcat\\b", "concat cat", "cat"),
        ("foo", "bar", nil),
        ("a(b|c)*d", "xxabcbcdyy", "abcbcd"),
    ]

    func testFirstMatchTable() throws {
        for (pattern, input, expected) in Self.firstMatchCases {
            let regex = try RE2Regex(pattern)
            let found = regex.firstMatch(in: input).map { String(input[$0]) }
            XCTAssertEqual(found, expected, "\(pattern) in \(input.debugDescription)")
        }
    }

    func testFirstMatchPositions() throws {
        let input = "😀 abc"
        let range = try XCTUnwrap(try RE2Regex("b").firstMatch(in: input))
        XCTAssertEqual(input.distance(from: input.startIndex, to: range.lowerBound), 3)
        let end = try XCTUnwrap(try RE2Regex("$").firstMatch(in: input))
        XCTAssertEqual(end, input.endIndex..<input.endIndex)
        let start = try XCTUnwrap(try RE2Regex("").firstMatch(in: input))
        XCTAssertEqual(start, input.startIndex..<input.startIndex)
    }

    // MARK: Syntax errors

    /// (pattern, message, UTF-8 offset)
    private static let errorCases: [(String, String, Int)] = [
        ("(abc", "missing closing `)`", 0),
        ("é(", "missing closing `)`", 2),
        ("a(b(c)", "missing closing `)`", 1),
        ("ab)", "unexpected `)`", 2),
        ("[abc", "missing closing `]`", 0),
        ("[]", "missing closing `]`", 0),
        ("[a\\", "trailing backslash at end of pattern", 2),
        ("a**", "invalid nested repetition operator `**`", 1),
        ("a*??", "invalid nested repetition operator `*??`", 1),
        ("a{2}{3}", "invalid nested repetition operator `{2}{3}`", 1),
        ("*a", "missing argument to repetition operator `*`", 0),
        ("a|+", "missing argument to repetition operator `+`", 2),
        ("(?i)*", "missing argument to repetition operator `*`", 4),
        ("({2})", "missing argument to repetition operator `{2}`", 1),
        ("a{1001}", "repeat count exceeds maximum of 1000", 1),
        ("a{1,1001}", "repeat count exceeds maximum of 1000", 1),
        ("a{2,1}", "invalid repeat count `{2,1}`", 1),
        ("(a)\\1", "backreferences are not supported (RE2 syntax)", 3),
        ("\\8", "backreferences are not supported (RE2 syntax)", 0),
        ("(?P=n)", "backreferences are not supported (RE2 syntax)", 0),
        ("(?=a)", "lookaround assertions are not supported (RE2 syntax)", 0),
        ("x(?!a)", "lookaround assertions are not supported (RE2 syntax)", 1),
        ("(?<=a)b", "lookaround assertions are not supported (RE2 syntax)", 0),
        ("(?<!a)b", "lookaround assertions are not supported (RE2 syntax)", 0),
        ("\\q", "invalid escape sequence `\\q`", 0),
        ("\\Z", "invalid escape sequence `\\Z`", 0),
        ("a\\é", "invalid escape sequence `\\é`", 1),
        ("[\\b]", "invalid escape sequence `\\b`", 1),
        ("ab\\", "trailing backslash at end of pattern", 2),
        ("[z-a]", "invalid character class range `z-a`", 1),
        ("[a-\\d]", "invalid character class range `a-\\d`", 1),
        ("\\p{Foo}", "unknown Unicode class `Foo`", 0),
        ("x\\pX", "unknown Unicode class `X`", 1),
        ("\\p{L", "missing closing `}` in Unicode class", 0),
        ("[[:foo:]]", "unknown POSIX class `[:foo:]`", 1),
        ("(?P<n>a)(?P<n>b)", "duplicate capture group name `n`", 12),
        ("(?P<>a)", "empty capture group name", 4),
        ("(?P<a-b>x)", "invalid capture group name `a-`", 4),
        ("(?P<ab", "missing closing `>` in capture group name", 0),
        ("(?x)", "unknown group flag `x`", 2),
        ("(?i", "missing closing `)`", 0),
        ("(?)", "invalid flag group `(?)`", 0),
        ("(?i-)", "invalid flag group `(?i-)`", 0),
        ("(?-i-s)", "invalid flag group `(?-i-`", 0),
        ("\\x{110000}", "hexadecimal escape exceeds U+10FFFF `\\x{110000}`", 0),
        ("\\xZ", "invalid hexadecimal escape `\\xZ`", 0),
        ("\\x{12", "invalid hexadecimal escape `\\x{`", 0),
        ("((a{1000}){1000}){1000}", "pattern too large: compiled program exceeds 10000 instructions", 0),
        (String(repeating: "(", count: 1_001) + String(repeating: ")", count: 1_001),
         "pattern nesting exceeds maximum depth of 1000", 1_000),
    ]

    func testSyntaxErrors() {
        for (pattern, message, offset) in Self.errorCases {
            XCTAssertThrowsError(try RE2Regex(pattern), pattern) { error in
                XCTAssertEqual(error as? RegexSyntaxError, RegexSyntaxError(message: message, offset: offset),
                               "\(pattern)")
            }
        }
    }

    func testOptionsLimits() throws {
        XCTAssertThrowsError(try RE2Regex("abcdef", options: RE2Options(maxProgramSize: 5)))
        XCTAssertNoThrow(try RE2Regex("abcd", options: RE2Options(maxProgramSize: 5)))
        XCTAssertThrowsError(try RE2Regex("a{6}", options: RE2Options(maxRepeat: 5))) { error in
            XCTAssertEqual(error as? RegexSyntaxError,
                           RegexSyntaxError(message: "repeat count exceeds maximum of 5", offset: 1))
        }
        XCTAssertNoThrow(try RE2Regex(String(repeating: "(", count: 1_000) + String(repeating: ")", count: 1_000)))
    }

    func testHugeRepetitionIsRefusedQuickly() throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            XCTAssertThrowsError(try RE2Regex("((a{1000}){1000}){1000}"))
            XCTAssertThrowsError(try RE2Regex("(((((((((a{100}){100}){100}){100}){100}){100}){100}){100}){100})"))
        }
        XCTAssertLessThan(elapsed, .seconds(1))
    }

    // MARK: Linear time

    /// Patterns that take exponential time in backtracking engines, against 100,000-scalar inputs.
    private static let catastrophicCases: [(String, String, Bool)] = {
        let count = 100_000
        return [
            ("(a+)+$", String(repeating: "a", count: count) + "!", false),
            ("(a|a)*b", String(repeating: "a", count: count), false),
            ("(x*)*y", String(repeating: "x", count: count), false),
            // All 20 nested `.*` loops stay alive for the whole input.
            ("(.*a){20}", String(repeating: "a", count: 19) + String(repeating: "x", count: count), false),
            ("(.*a){20}", String(repeating: "a", count: count), true),
            ("^(\\w+\\s?)*$", String(repeating: "word ", count: count / 5) + "!", false),
            ("(a*)*b", String(repeating: "a", count: count), false),
        ]
    }()

    func testCatastrophicPatternsFinishFast() throws {
        let clock = ContinuousClock()
        var total = Duration.zero
        for (pattern, input, expected) in Self.catastrophicCases {
            let regex = try RE2Regex(pattern)
            var result = false
            let elapsed = clock.measure { result = regex.matches(input) }
            total += elapsed
            print("catastrophic matches() \(pattern) on \(input.utf8.count) bytes: \(elapsed)")
            XCTAssertEqual(result, expected, pattern)
        }
        XCTAssertLessThan(total, .seconds(2))
    }

    func testCatastrophicPatternsFirstMatchFinishes() throws {
        let clock = ContinuousClock()
        var total = Duration.zero
        for (pattern, input, expected) in Self.catastrophicCases {
            let regex = try RE2Regex(pattern)
            var found: Range<String.Index>?
            let elapsed = clock.measure { found = regex.firstMatch(in: input) }
            total += elapsed
            print("catastrophic firstMatch \(pattern) on \(input.utf8.count) bytes: \(elapsed)")
            XCTAssertEqual(found != nil, expected, pattern)
        }
        // firstMatch must run to the end of a greedy match, so it does more work than matches();
        // the bound is generous for unoptimized (debug) builds.
        XCTAssertLessThan(total, .seconds(5))
    }

    func testSimplePatternPerformance() throws {
        let regex = try RE2Regex("^[0-9]{3}-[0-9]{4}$")
        let inputs = (0..<10_000).map { String(format: "%03d-%04d", $0 % 1_000, $0) } + ["12-3456", "abc"]
        let clock = ContinuousClock()
        var hits = 0
        let elapsed = clock.measure {
            for input in inputs where regex.matches(input) { hits += 1 }
        }
        print("simple pattern: \(inputs.count) matches() calls in \(elapsed)")
        XCTAssertEqual(hits, 10_000)
        XCTAssertLessThan(elapsed, .seconds(2))
    }

    func testConcurrentUse() async throws {
        let regex = try RE2Regex("(?i)^h[aeiou]+llo$")
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask { regex.matches(index.isMultiple(of: 2) ? "HEeello" : "hllo") }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        XCTAssertEqual(results.filter { $0 }.count, 16)
    }
}
