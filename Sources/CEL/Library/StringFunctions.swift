import Synchronization

/// Sizes and the string predicates `contains`, `startsWith`, `endsWith`, `matches`.
enum StringFunctions {
    static var all: [FunctionDecl] { [size, contains, startsWith, endsWith, matches] }

    static let size = FunctionDecl(
        "size", doc: "the number of code points of a string, bytes of bytes, elements of a list or entries of a map",
        examples: ["size('πέντε') // 5", "'abc'.size() // 3", "size(b'ab') // 2", "[1, 2].size() // 2", "size({'a': 1}) // 1"],
        overloads: [
            (CELType.string, OverloadBody.stringToInt { Int64($0.unicodeScalars.count) }),
            (.bytes, .bytesToInt { Int64($0.count) }),
            (.list(.typeParam("A")), .listToInt { Int64($0.count) }),
            (.map(.typeParam("A"), .typeParam("B")), .mapToInt { Int64($0.count) }),
        ].flatMap { t, body -> [OverloadDecl] in
            let name = t.runtimeName
            return [.global("size_\(name)", [t], .int, body), .member("\(name)_size", [t], .int, body)]
        })

    static let contains = stringPredicate(
        "contains", id: "contains_string", doc: "whether the string contains the argument",
        examples: ["'hello'.contains('ell') // true", "'hello'.contains('') // true"]
    ) { s, t in t.isEmpty || s.utf8.firstRange(of: t.utf8) != nil }

    static let startsWith = stringPredicate(
        "startsWith", id: "starts_with_string", doc: "whether the string begins with the argument",
        examples: ["'abc'.startsWith('a') // true", "''.startsWith('a') // false"]
    ) { s, t in s.utf8.starts(with: t.utf8) }

    static let endsWith = stringPredicate(
        "endsWith", id: "ends_with_string", doc: "whether the string ends with the argument",
        examples: ["'abc'.endsWith('bc') // true", "'abc'.endsWith('ab') // false"]
    ) { s, t in s.utf8.reversed().starts(with: t.utf8.reversed()) }

    static func stringPredicate(
        _ name: String, id: String, doc: String, examples: [String],
        _ test: @escaping @Sendable (String, String) -> Bool
    ) -> FunctionDecl {
        FunctionDecl(name, doc: doc, examples: examples,
                     overloads: [.member(id, [.string, .string], .bool, .stringStringToBool { test($0, $1) })])
    }

    static let matches = FunctionDecl(
        "matches", doc: "whether the string contains a match of the RE2 pattern (linear time, never hangs)",
        examples: ["'2026-12'.matches('^[0-9]{4}-[0-9]{2}$') // true", "matches('abc', 'b') // true",
                   "'a'.matches('(') // error"],
        overloads: [.member("matches_string", [.string, .string], .bool, matching),
                    .global("matches", [.string, .string], .bool, matching)])

    /// The body of both overloads of `matches`.
    static let matching = OverloadBody.stringStringToBool { s, pattern throws(EvalError) in
        switch regexCache.regex(for: pattern) {
        case .success(let regex): return regex.matches(s)
        case .failure(let error): throw EvalError("invalid regular expression `\(pattern)`: \(error.message)")
        }
    }

    static let regexCache = RegexCache()
}

/// Compiled patterns of `matches`, so a pattern is compiled once per process, not per call.
final class RegexCache: Sendable {
    private let entries = Mutex<[String: Result<RE2Regex, RegexSyntaxError>]>([:])
    private static let capacity = 512

    func regex(for pattern: String) -> Result<RE2Regex, RegexSyntaxError> {
        if let hit = entries.withLock({ $0[pattern] }) { return hit }
        let compiled: Result<RE2Regex, RegexSyntaxError>
        do { compiled = .success(try RE2Regex(pattern)) } catch { compiled = .failure(error) }
        entries.withLock { table in
            if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
            table[pattern] = compiled
        }
        return compiled
    }
}
