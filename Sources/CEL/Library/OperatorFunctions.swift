/// The operators of CEL as functions: equality, ordering, arithmetic, negation, indexing
/// and membership. (`&&`, `||` and `?:` are special forms handled by the checker and the
/// planner, because they do not evaluate all their arguments.)
enum OperatorFunctions {
    static let a = CELType.typeParam("A")
    static let b = CELType.typeParam("B")

    static var all: [FunctionDecl] {
        [equals, notEquals] + ordering + [add, subtract, multiply, divide, modulo, negate, not, index, membership]
    }

    static let equals = FunctionDecl(
        Operator.equals, doc: "equality; numbers compare by value across int, uint and double",
        examples: ["1 == 1 // true", "[1, 2] == [1, 2] // true", "{'a': 1} == {'a': 2} // false"],
        overloads: [.global("equals", [a, a], .bool)] + decimalIntPairs("equals", result: .bool),
        implementation: .binary { .bool($0.celEquals($1)) })

    static let notEquals = FunctionDecl(
        Operator.notEquals, doc: "inequality, the negation of `==`",
        examples: ["1 != 2 // true", "'a' != 'a' // false"],
        overloads: [.global("not_equals", [a, a], .bool)] + decimalIntPairs("not_equals", result: .bool),
        implementation: .binary { .bool(!$0.celEquals($1)) })

    /// Argument type pairs that may be ordered with `<`, `<=`, `>`, `>=`.
    static let orderedPairs: [(String, CELType, CELType)] = [
        ("bool", .bool, .bool), ("int64", .int, .int), ("uint64", .uint, .uint),
        ("double", .double, .double), ("string", .string, .string), ("bytes", .bytes, .bytes),
        ("timestamp", .timestamp, .timestamp), ("duration", .duration, .duration),
        ("int64_uint64", .int, .uint), ("int64_double", .int, .double),
        ("uint64_int64", .uint, .int), ("uint64_double", .uint, .double),
        ("double_int64", .double, .int), ("double_uint64", .double, .uint),
        ("decimal", .decimal, .decimal), ("decimal_int64", .decimal, .int),
        ("int64_decimal", .int, .decimal), ("date", .date, .date),
    ]

    static let ordering: [FunctionDecl] = [
        orderingFunction(Operator.less, "less", "less than",
                         ["1 < 2 // true", "'a' < 'b' // true", "2u < 1.5 // false", "0.0 / 0.0 < 1.0 // false"]) { $0 == .less },
        orderingFunction(Operator.lessEquals, "less_equals", "less than or equal",
                         ["2 <= 2 // true"]) { $0 == .less || $0 == .equal },
        orderingFunction(Operator.greater, "greater", "greater than",
                         ["decimal('1.10') > 1 // true"]) { $0 == .greater },
        orderingFunction(Operator.greaterEquals, "greater_equals", "greater than or equal",
                         ["date('2026-12-21') >= date('2026-12-01') // true"]) { $0 == .greater || $0 == .equal },
    ]

    static func orderingFunction(
        _ name: String, _ idPrefix: String, _ doc: String, _ examples: [String],
        _ accept: @escaping @Sendable (ComparisonOutcome) -> Bool
    ) -> FunctionDecl {
        FunctionDecl(
            name, doc: doc, examples: examples,
            overloads: orderedPairs.map { .global("\(idPrefix)_\($0.0)", [$0.1, $0.2], .bool) },
            implementation: .binary { x, y in
                // A NaN makes the order `.unordered`, which no ordering operator accepts.
                guard let order = x.celCompare(y) else { return .error(.noSuchOverload(name, [x, y])) }
                return .bool(accept(order))
            })
    }

    static func decimalIntPairs(_ prefix: String, result: CELType) -> [OverloadDecl] {
        [.global("\(prefix)_decimal_int64", [.decimal, .int], result),
         .global("\(prefix)_int64_decimal", [.int, .decimal], result)]
    }

    static let add = FunctionDecl(
        Operator.add, doc: "addition of numbers; concatenation of strings, bytes and lists; time arithmetic",
        examples: ["1 + 2 // 3", "'ab' + 'c' // 'abc'", "[1] + [2] // [1, 2]",
                   "9223372036854775807 + 1 // error", "decimal('0.10') + decimal('0.20') // decimal('0.30')",
                   "timestamp('2026-01-01T00:00:00Z') + duration('24h') // timestamp('2026-01-02T00:00:00Z')"],
        overloads: addOverloads, implementation: .binary(addValues))

    static let addOverloads: [OverloadDecl] = [
        .global("add_int64", [.int, .int], .int, .intIntToInt { p, q throws(EvalError) in
            let (r, o) = p.addingReportingOverflow(q)
            if o { throw EvalError("integer overflow") }
            return r
        }),
        .global("add_uint64", [.uint, .uint], .uint, .uintUintToUint { p, q throws(EvalError) in
            let (r, o) = p.addingReportingOverflow(q)
            if o { throw EvalError("unsigned integer overflow") }
            return r
        }),
        .global("add_double", [.double, .double], .double, .doubleDoubleToDouble { $0 + $1 }),
        .global("add_string", [.string, .string], .string, .stringStringToString { $0 + $1 }),
        .global("add_bytes", [.bytes, .bytes], .bytes, .bytesBytesToBytes { $0 + $1 }),
        .global("add_list", [.list(a), .list(a)], .list(a), .listListToList { $0 + $1 }),
        .global("add_timestamp_duration", [.timestamp, .duration], .timestamp,
                .timestampDurationToTimestamp { t, d throws(EvalError) in try evaluating { () throws(ValueError) in try t.adding(d) } }),
        .global("add_duration_timestamp", [.duration, .timestamp], .timestamp,
                .durationTimestampToTimestamp { d, t throws(EvalError) in try evaluating { () throws(ValueError) in try t.adding(d) } }),
        .global("add_duration_duration", [.duration, .duration], .duration,
                .durationDurationToDuration { p, q throws(EvalError) in try evaluating { () throws(ValueError) in try p.adding(q) } }),
    ] + decimalOverloads("add") { p, q throws(EvalError) in try evaluating { () throws(ValueError) in try p.adding(q) } }

    /// CEL `+` on two non-error values, derived from ``addOverloads``.
    static let addValues = Implementation.binaryDispatch(Operator.add, over: addOverloads)

    static let subtract = FunctionDecl(
        Operator.subtract, doc: "subtraction of numbers; differences of timestamps and durations",
        examples: ["5 - 7 // -2", "1u - 2u // error", "decimal('312.40') - 12 // decimal('300.40')",
                   "timestamp('2026-01-02T00:00:00Z') - timestamp('2026-01-01T00:00:00Z') // duration('86400s')"],
        overloads: [
            .global("subtract_int64", [.int, .int], .int, .intIntToInt { p, q throws(EvalError) in
                let (r, o) = p.subtractingReportingOverflow(q)
                if o { throw EvalError("integer overflow") }
                return r
            }),
            .global("subtract_uint64", [.uint, .uint], .uint, .uintUintToUint { p, q throws(EvalError) in
                let (r, o) = p.subtractingReportingOverflow(q)
                if o { throw EvalError("unsigned integer overflow") }
                return r
            }),
            .global("subtract_double", [.double, .double], .double, .doubleDoubleToDouble { $0 - $1 }),
            .global("subtract_timestamp_timestamp", [.timestamp, .timestamp], .duration,
                    .timestampTimestampToDuration { p, q throws(EvalError) in try evaluating { () throws(ValueError) in try p.difference(q) } }),
            .global("subtract_timestamp_duration", [.timestamp, .duration], .timestamp,
                    .timestampDurationToTimestamp { t, d throws(EvalError) in try evaluating { () throws(ValueError) in try t.subtracting(d) } }),
            .global("subtract_duration_duration", [.duration, .duration], .duration,
                    .durationDurationToDuration { p, q throws(EvalError) in try evaluating { () throws(ValueError) in try p.subtracting(q) } }),
        ] + decimalOverloads("subtract") { p, q throws(EvalError) in try evaluating { () throws(ValueError) in try p.subtracting(q) } })

    static let multiply = FunctionDecl(
        Operator.multiply, doc: "multiplication of numbers",
        examples: ["6 * 7 // 42", "decimal('312.40') * decimal('0.001') // decimal('0.31240')",
                   "decimal('1.5') * 3 // decimal('4.5')"],
        overloads: [
            .global("multiply_int64", [.int, .int], .int, .intIntToInt { p, q throws(EvalError) in
                let (r, o) = p.multipliedReportingOverflow(by: q)
                if o { throw EvalError("integer overflow") }
                return r
            }),
            .global("multiply_uint64", [.uint, .uint], .uint, .uintUintToUint { p, q throws(EvalError) in
                let (r, o) = p.multipliedReportingOverflow(by: q)
                if o { throw EvalError("unsigned integer overflow") }
                return r
            }),
            .global("multiply_double", [.double, .double], .double, .doubleDoubleToDouble { $0 * $1 }),
        ] + decimalOverloads("multiply") { p, q throws(EvalError) in try evaluating { () throws(ValueError) in try p.multiplied(by: q) } })

    /// The overloads `prefix_decimal`, `prefix_decimal_int64` and `prefix_int64_decimal` of an
    /// arithmetic operator, all computed by `body` on decimals (an int operand made a decimal).
    static func decimalOverloads(
        _ prefix: String, _ body: @escaping @Sendable (CELDecimal, CELDecimal) throws(EvalError) -> CELDecimal
    ) -> [OverloadDecl] {
        [.global("\(prefix)_decimal", [.decimal, .decimal], .decimal, .decimalDecimalToDecimal(body)),
         .global("\(prefix)_decimal_int64", [.decimal, .int], .decimal,
                 .decimalIntToDecimal { p, q throws(EvalError) in try body(p, CELDecimal(q)) }),
         .global("\(prefix)_int64_decimal", [.int, .decimal], .decimal,
                 .intDecimalToDecimal { p, q throws(EvalError) in try body(CELDecimal(p), q) })]
    }

    static let divide = FunctionDecl(
        Operator.divide, doc: "division; integer division truncates toward zero",
        examples: ["7 / 2 // 3", "-7 / 2 // -3", "1 / 0 // error", "1.0 / 0.0 // double('Infinity')"],
        overloads: [
            .global("divide_int64", [.int, .int], .int, .intIntToInt { p, q throws(EvalError) in
                if q == 0 { throw EvalError("division by zero") }
                let (r, o) = p.dividedReportingOverflow(by: q)
                if o { throw EvalError("integer overflow") }
                return r
            }),
            .global("divide_uint64", [.uint, .uint], .uint, .uintUintToUint { p, q throws(EvalError) in
                if q == 0 { throw EvalError("division by zero") }
                return p / q
            }),
            .global("divide_double", [.double, .double], .double, .doubleDoubleToDouble { $0 / $1 }),
        ])

    static let modulo = FunctionDecl(
        Operator.modulo, doc: "remainder of integer division, with the sign of the dividend",
        examples: ["7 % 3 // 1", "-7 % 3 // -1", "5 % 0 // error"],
        overloads: [
            .global("modulo_int64", [.int, .int], .int, .intIntToInt { p, q throws(EvalError) in
                if q == 0 { throw EvalError("modulus by zero") }
                let (r, o) = p.remainderReportingOverflow(dividingBy: q)
                if o { throw EvalError("integer overflow") }
                return r
            }),
            .global("modulo_uint64", [.uint, .uint], .uint, .uintUintToUint { p, q throws(EvalError) in
                if q == 0 { throw EvalError("modulus by zero") }
                return p % q
            }),
        ])

    static let negate = FunctionDecl(
        Operator.negate, doc: "arithmetic negation",
        examples: ["-(3) // -3", "-(1.5) // -1.5", "-decimal('2.50') // decimal('-2.50')"],
        overloads: [
            .global("negate_int64", [.int], .int, .intToInt { p throws(EvalError) in
                let (r, o) = Int64(0).subtractingReportingOverflow(p)
                if o { throw EvalError("integer overflow") }
                return r
            }),
            .global("negate_double", [.double], .double, .doubleToDouble { -$0 }),
            .global("negate_decimal", [.decimal], .decimal, .decimalToDecimal { $0.negated() }),
            .global("negate_duration", [.duration], .duration,
                    .durationToDuration { p throws(EvalError) in try evaluating { () throws(ValueError) in try p.negated() } }),
        ])

    static let not = FunctionDecl(
        Operator.logicalNot, doc: "logical negation",
        examples: ["!true // false"],
        overloads: [.global("logical_not", [.bool], .bool, .boolToBool { !$0 })])

    static let index = FunctionDecl(
        Operator.index, doc: "list element by position, or map value by key",
        examples: ["[10, 20][1] // 20", "{'a': 1}['a'] // 1", "[1][5] // error", "{'a': 1}['b'] // error"],
        overloads: [
            .global("index_list", [.list(a), .int], a), .global("index_list_uint", [.list(a), .uint], a),
            .global("index_map", [.map(a, b), a], b),
        ],
        implementation: .binary { container, key in
            switch container {
            case .list(let items):
                let position: Int64
                switch key {
                case .int(let i): position = i
                case .uint(let u): position = u > UInt64(Int64.max) ? -1 : Int64(u)
                case .double(let d) where d.rounded(.towardZero) == d && abs(d) < 9.0e18: position = Int64(d)
                default: return .error(.noSuchOverload(Operator.index, [container, key]))
                }
                guard position >= 0, position < items.count else {
                    return .error("index out of range: \(key.debugText) (list size \(items.count))")
                }
                return items[Int(position)]
            case .map(let map):
                switch key {
                case .int, .uint, .bool, .string, .double: break
                default: return .error("unsupported key type `\(key.runtimeType)`")
                }
                return map[key] ?? .error("no such key: \(key.debugText)")
            default:
                return .error(.noSuchOverload(Operator.index, [container, key]))
            }
        })

    static let membership = FunctionDecl(
        Operator.in, doc: "membership of an element in a list, or of a key in a map",
        examples: ["2 in [1, 2, 3] // true", "'b' in {'a': 1} // false"],
        overloads: [.global("in_list", [a, .list(a)], .bool), .global("in_map", [a, .map(a, b)], .bool)],
        implementation: .binary { element, container in
            switch container {
            case .list(let items): return .bool(items.contains { $0.celEquals(element) })
            case .map(let map): return .bool(map[element] != nil)
            default: return .error(.noSuchOverload(Operator.in, [element, container]))
            }
        })
}

/// Runs a throwing value computation, turning a ``ValueError`` into an error value.
@inline(__always)
func catching(_ body: () throws -> Value) -> Value {
    do { return try body() } catch let error as ValueError { return .error(error.message) } catch { return .error("\(error)") }
}
