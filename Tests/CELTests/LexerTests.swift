import XCTest
@testable import CEL

final class LexerTests: XCTestCase {
    /// The kinds of the tokens of `text`, without the final end of input.
    private func kinds(_ text: String) -> [TokenKind] {
        var lexer = Lexer(text)
        let tokens = lexer.tokenize()
        XCTAssertEqual(lexer.diagnostics, [], text)
        return tokens.dropLast().map(\.kind)
    }

    func testOperatorsAndPunctuation() {
        XCTAssertEqual(kinds("( ) [ ] { } . , : ? + - * / % ! == != < <= > >= && || in"), [
            .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .dot, .comma,
            .colon, .question, .plus, .minus, .star, .slash, .percent, .bang, .equalEqual, .bangEqual,
            .less, .lessEqual, .greater, .greaterEqual, .ampAmp, .pipePipe, .inKeyword,
        ])
        XCTAssertEqual(kinds("a<=b!=!c"), [.identifier("a"), .lessEqual, .identifier("b"), .bangEqual, .bang, .identifier("c")])
    }

    func testWordsAndKeywords() {
        XCTAssertEqual(kinds("true false null in _x1 if r b br"), [
            .trueKeyword, .falseKeyword, .nullKeyword, .inKeyword, .identifier("_x1"), .identifier("if"),
            .identifier("r"), .identifier("b"), .identifier("br"),
        ])
        XCTAssertEqual(kinds("`a-b.c/d e`"), [.quotedIdentifier("a-b.c/d e")])
    }

    func testNumbers() {
        XCTAssertEqual(kinds("0 12 0x1f 3u 0x1FU 7U"), [.int(0), .int(12), .int(31), .uint(3), .uint(31), .uint(7)])
        XCTAssertEqual(kinds("18446744073709551616 18446744073709551615u"), [.int(nil), .uint(.max)])
        XCTAssertEqual(kinds("1.5 .25 2e2 1.1.x"), [.double(1.5), .double(0.25), .double(200), .double(1.1), .dot, .identifier("x")])
        XCTAssertEqual(kinds("1.e"), [.int(1), .dot, .identifier("e")])
    }

    func testCommentsAndWhitespace() {
        XCTAssertEqual(kinds("a // comment + b\n\t+\r\n// last\n\u{C}b // end"), [.identifier("a"), .plus, .identifier("b")])
        XCTAssertEqual(kinds("a/ /b"), [.identifier("a"), .slash, .slash, .identifier("b")])
    }

    func testTokenRangesAreUTF8Offsets() {
        var lexer = Lexer("'é' + x")
        let tokens = lexer.tokenize()
        XCTAssertEqual(tokens.map(\.range), [0..<4, 5..<6, 7..<8, 8..<8])
    }

    func testStringPrefixesAndQuotes() {
        XCTAssertEqual(kinds(#"r'\d' R"\d" b'a' B"a" br'\d' Br"x" bR'''y''' BR"""z""""#), [
            .string(#"\d"#), .string(#"\d"#), .bytes([97]), .bytes([97]), .bytes([92, 100]), .bytes([120]),
            .bytes([121]), .bytes([122]),
        ])
        XCTAssertEqual(kinds(#"'''a'b''c''' """x"y""""#), [.string("a'b''c"), .string(#"x"y"#)])
    }

    func testLexerKeepsGoingAfterErrors() {
        var lexer = Lexer(#"# '\q' $ "\z""#)
        let tokens = lexer.tokenize()
        XCTAssertEqual(lexer.diagnostics.map(\.code), [
            "parse.unexpected-character", "parse.invalid-escape", "parse.unexpected-character", "parse.invalid-escape",
        ])
        XCTAssertEqual(tokens.count, 3)
    }
}
