/// What the parser was looking for when it met an unexpected token.
enum ParseExpectation: Sendable, Equatable {
    /// Any expression (a literal, a name, an operand).
    case expression
    /// A field or method name after `.`.
    case fieldName
    /// Nothing more: the expression is complete.
    case endOfExpression
    /// One of these punctuation marks, written as in source.
    case tokens([String])

    /// The phrase used in messages, e.g. "`)` or `,`".
    var phrase: String {
        switch self {
        case .expression: return "an expression"
        case .fieldName: return "a field name"
        case .endOfExpression: return "the end of the expression"
        case .tokens(let tokens): return tokens.map { "`\($0)`" }.joined(separator: " or ")
        }
    }
}

/// The catalogue of parse diagnostics: each case carries its data and knows its stable
/// ``code``, its one-line ``message`` and an optional ``help``.
enum ParseMessage: Sendable, Equatable {
    /// A token that cannot stand here; `found` is its text, `nil` for the end of input.
    case unexpectedToken(found: String?, expected: ParseExpectation)
    /// A character that starts no token.
    case unexpectedCharacter(String)
    /// A string or bytes literal without its closing delimiter.
    case unterminatedString(delimiter: String)
    /// An escape sequence that is not one of CEL's.
    case invalidEscape(String)
    /// A `\u` or `\U` escape naming a surrogate or a value beyond U+10FFFF.
    case invalidCodePoint(String)
    /// A `\u` or `\U` escape inside a bytes literal.
    case unicodeEscapeInBytes(String)
    /// Text that starts like a number but is not one, such as `0x` or `12abc`.
    case invalidNumber(String)
    /// An integer literal beyond the range of its type.
    case intOverflow(String, unsigned: Bool)
    /// A floating-point literal too large for a double.
    case doubleOverflow(String)
    /// A minus sign directly before an unsigned literal.
    case negativeUnsigned(String)
    /// A reserved word used as a name.
    case reservedIdentifier(String)
    /// `has(...)` whose argument is not a field selection.
    case presenceTestNeedsSelection
    /// A comprehension macro whose first argument is not a simple name.
    case iterationVariableNotIdentifier(macro: String)
    /// A message literal `Name{...}`, which this implementation does not support.
    case unsupportedStructLiteral(String)
    /// Nesting beyond ``ParserOptions/maxRecursionDepth``.
    case tooDeeplyNested(limit: Int)
    /// A syntax tree deeper than ``ParserOptions/maxASTDepth``.
    case treeTooDeep(limit: Int)
    /// A source longer than ``ParserOptions/maxExpressionSize``.
    case tooLarge(size: Int, limit: Int)

    /// The stable identifier of the diagnostic.
    var code: String {
        switch self {
        case .unexpectedToken: return "parse.unexpected-token"
        case .unexpectedCharacter: return "parse.unexpected-character"
        case .unterminatedString: return "parse.unterminated-string"
        case .invalidEscape, .unicodeEscapeInBytes: return "parse.invalid-escape"
        case .invalidCodePoint: return "parse.invalid-code-point"
        case .invalidNumber: return "parse.invalid-number"
        case .intOverflow: return "parse.int-overflow"
        case .doubleOverflow: return "parse.double-overflow"
        case .negativeUnsigned: return "parse.negative-uint"
        case .reservedIdentifier: return "parse.reserved-identifier"
        case .presenceTestNeedsSelection, .iterationVariableNotIdentifier: return "parse.invalid-macro-argument"
        case .unsupportedStructLiteral: return "parse.unsupported-struct-literal"
        case .tooDeeplyNested, .treeTooDeep: return "parse.too-deep"
        case .tooLarge: return "parse.too-large"
        }
    }

    /// The one-line message, in the house style.
    var message: String {
        switch self {
        case .unexpectedToken(let found?, let expected):
            return "unexpected `\(found)`, expected \(expected.phrase)"
        case .unexpectedToken(nil, let expected):
            return "unexpected end of expression, expected \(expected.phrase)"
        case .unexpectedCharacter(let text):
            return "unexpected character \(Self.quoted(text))"
        case .unterminatedString(let delimiter):
            return "unterminated literal, expected a closing \(Self.quoted(delimiter))"
        case .invalidEscape(let text):
            return "invalid escape sequence `\(text)`"
        case .invalidCodePoint(let text):
            return "`\(text)` is not a valid Unicode code point"
        case .unicodeEscapeInBytes(let text):
            return "unicode escape `\(text)` is not allowed in a bytes literal"
        case .invalidNumber(let text):
            return "invalid number `\(text)`"
        case .intOverflow(let text, let unsigned):
            return "integer literal `\(text)` is out of range for `\(unsigned ? "uint" : "int")`"
        case .doubleOverflow(let text):
            return "floating-point literal `\(text)` is out of range for `double`"
        case .negativeUnsigned(let text):
            return "unsigned literal `\(text)` cannot be negative"
        case .reservedIdentifier(let name):
            return "`\(name)` is a reserved word and cannot be used as a name"
        case .presenceTestNeedsSelection:
            return "the argument of `has` must be a field selection"
        case .iterationVariableNotIdentifier(let macro):
            return "the first argument of `\(macro)` must be a simple variable name"
        case .unsupportedStructLiteral(let name):
            return "message literal `\(name){…}` is not supported"
        case .tooDeeplyNested(let limit):
            return "expression is nested too deeply (limit \(limit) levels)"
        case .treeTooDeep(let limit):
            return "expression tree is too deep (limit \(limit) levels)"
        case .tooLarge(let size, let limit):
            return "expression is too large (\(size) characters, limit \(limit))"
        }
    }

    /// `text` in backticks, or in double backticks with spaces when it holds a backtick.
    private static func quoted(_ text: String) -> String {
        text.contains("`") ? "`` \(text) ``" : "`\(text)`"
    }

    /// A longer hint, when one helps.
    var help: String? {
        switch self {
        case .unexpectedCharacter("&"): return "use `&&` for logical and"
        case .unexpectedCharacter("|"): return "use `||` for logical or"
        case .unexpectedCharacter("="): return "use `==` to compare values"
        case .invalidEscape:
            return "valid escapes are \\\\ \\? \\\" \\' \\` \\a \\b \\f \\n \\r \\t \\v, \\xHH, \\uHHHH, \\UHHHHHHHH and octal \\000 to \\377"
        case .invalidCodePoint:
            return "code points range from U+0000 to U+10FFFF, without the surrogates U+D800 to U+DFFF"
        case .unicodeEscapeInBytes:
            return "use `\\x` or octal escapes for byte values"
        case .intOverflow(_, unsigned: false):
            return "`int` ranges from -9223372036854775808 to 9223372036854775807"
        case .intOverflow(_, unsigned: true):
            return "`uint` ranges from 0 to 18446744073709551615"
        case .negativeUnsigned:
            return "write `-(1u)` to negate at run time, or use a signed literal"
        case .reservedIdentifier:
            return "reserved words may still be field names after `.`, such as `msg.if`"
        case .presenceTestNeedsSelection:
            return "write it as `has(message.field)`"
        case .iterationVariableNotIdentifier(let macro):
            return "write it as `list.\(macro)(x, …)`"
        case .unsupportedStructLiteral:
            return "build the value with a map literal `{\"field\": value}` instead"
        case .tooDeeplyNested, .treeTooDeep:
            return "split the expression into smaller parts"
        default: return nil
        }
    }

    /// A diagnostic of this message located at `range`.
    func diagnostic(at range: Range<Int>) -> Diagnostic {
        Diagnostic(code: code, message: message, help: help, range: range)
    }
}
