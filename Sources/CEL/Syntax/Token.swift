/// One lexical element of a CEL expression.
struct Token: Sendable {
    /// What the token is, with its decoded value for literals.
    var kind: TokenKind
    /// The UTF-8 offsets of the token's text in the source.
    var range: Range<Int>
}

/// The kinds of tokens, with decoded literal values.
enum TokenKind: Sendable, Equatable {
    /// A name; reserved words are identifiers too, the parser decides where they may stand.
    case identifier(String)
    /// A field name quoted in backticks, without them; valid only after `.`.
    case quotedIdentifier(String)
    /// A decimal or hexadecimal integer without sign; `nil` when it does not fit in 64 bits.
    case int(UInt64?)
    /// An unsigned integer (`1u`); `nil` when it does not fit in 64 bits.
    case uint(UInt64?)
    /// A floating-point number.
    case double(Double)
    /// A string literal with escapes processed.
    case string(String)
    /// A bytes literal with escapes processed.
    case bytes([UInt8])
    case trueKeyword
    case falseKeyword
    case nullKeyword
    case inKeyword
    case leftParen
    case rightParen
    case leftBracket
    case rightBracket
    case leftBrace
    case rightBrace
    case dot
    case comma
    case colon
    case question
    case plus
    case minus
    case star
    case slash
    case percent
    case bang
    case equalEqual
    case bangEqual
    case less
    case lessEqual
    case greater
    case greaterEqual
    case ampAmp
    case pipePipe
    /// The end of the source.
    case endOfInput
}
