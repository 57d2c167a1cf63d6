import Synchronization

/// Sizes and the string predicates `contains`, `startsWith`, `endsWith`, `matches`.
enum StringFunctions {
    static var all: [FunctionDecl] { [size, contains, startsWith, endsWith, matches] }

    static let size = FunctionDecl(
        "size", doc: "the number of code points of a string, bytes of bytes, elements of a list or entries of a map",
        examples: ["size('πέντε') // 5", "'abc'.size() // 3", "size(b'ab') // 2", "[1, 2].size() // 2", "size({'a': 1}) // 1"],
        overloads: [CELType.string, .bytes, .list(.typeParam("A")), .map(.typeParam("A"), .typeParam("B"))]
            .flatMap { t -> [OverloadDecl] in
                let name = t.runtimeName
                return [.global("size_\(name)", [t], .int), .member("\(name)_size", [t], .int)]
            },
        implementation: .unary { x in
            switch x {
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .bytes(let b): return .int(Int64(b.count))
            case .list(let l): return .int(Int64(l.count))
            case .map(let m): return .int(Int64(m.count))
            default: return .error(.noSuchOverload("size", [x]))
            }
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
        FunctionDecl(
            name, doc: doc, examples: examples,
            overloads: [.member(id, [.string, .string], .bool)],
            implementation: .binary { x, y in
                guard case .string(let s) = x, case .string(let t) = y else {
                    return .error(.noSuchOverload(name, [x, y]))
                }
                return .bool(test(s, t))
            })
    }

    static let matches = FunctionDecl(
        "matches", doc: "whether the string contains a match of the RE2 pattern (linear time, never hangs)",
        examples: ["'2026-12'.matches('^[0-9]{4}-[0-9]{2}$') // true", "matches('abc', 'b') // true",
                   "'a'.matches('(') // error"],
        overloads: [.member("matches_string", [.string, .string], .bool),
                    .global("matches", [.string, .string], .bool)],
        implementation: .binary { x, y in
            guard case .string(let s) = x, case .string(let pattern) = y else {
                return .error(.noSuchOverload("matches", [x, y]))
            }
            switch regexCache.regex(for: pattern) {
            case .success(let regex): return .bool(regex.matches(s))
            case .failure(let error): return .error("invalid regular expression `\(pattern)`: \(error.message)")
            }
        })

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
