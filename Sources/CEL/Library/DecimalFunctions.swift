/// Extension: exact decimal money — `decimal()`, `round()` and `sum()`. Arithmetic and
/// comparison of decimals (also with ints) are overloads of the operators.
enum DecimalFunctions {
    static var all: [FunctionDecl] { [decimal, round, sum] }

    static let decimal = FunctionDecl(
        "decimal", doc: "an exact decimal from a string, an int or a double's shortest text",
        examples: ["decimal('312.40') // decimal('312.4')", "string(decimal('312.40')) // '312.40'",
                   "decimal(5) == 5 // true", "decimal('abc') // error"],
        isExtension: true,
        overloads: [
            .global("string_to_decimal", [.string], .decimal, .stringToDecimal { s throws(EvalError) in
                try evaluating { () throws(ValueError) in try CELDecimal(parsing: s) }
            }),
            .global("int_to_decimal", [.int], .decimal, .intToDecimal { CELDecimal($0) }),
            .global("double_to_decimal", [.double], .decimal, .doubleToDecimal { d throws(EvalError) in
                guard d.isFinite else { throw EvalError("cannot convert `\(d)` to decimal") }
                return try evaluating { () throws(ValueError) in try CELDecimal(parsing: d.description) }
            }),
            .global("decimal_to_decimal", [.decimal], .decimal, .decimalToDecimal { $0 }),
        ])

    static let round = FunctionDecl(
        "round", doc: "rounds a decimal to exactly a number of fractional digits, half away from zero",
        examples: ["round(decimal('2.345'), 2) // decimal('2.35')", "string(round(decimal('-2.345'), 2)) // '-2.35'",
                   "string(round(decimal('0.3124'), 2)) // '0.31'", "string(round(decimal('11.2'), 2)) // '11.20'"],
        isExtension: true,
        overloads: [
            .global("round_decimal_int64", [.decimal, .int], .decimal, .decimalIntToDecimal { d, scale throws(EvalError) in
                guard scale >= 0, scale <= 18 else { throw EvalError("rounding scale \(scale) out of range 0…18") }
                return try evaluating { () throws(ValueError) in try d.rounded(scale: Int(scale)).rescaled(to: Int(scale)) }
            }),
        ])

    static let sum = FunctionDecl(
        "sum", doc: "the sum of a list of decimals, ints or doubles; 0 for an empty list",
        examples: ["[decimal('1.10'), decimal('2.20')].sum() // decimal('3.30')", "[1, 2, 3].sum() // 6",
                   "[].sum() // 0", "sum([1.5, 2.5]) // 4.0"],
        isExtension: true,
        overloads: [CELType.decimal, .int, .double].flatMap { t -> [OverloadDecl] in
            [.member("list_\(t.runtimeName)_sum", [.list(t)], t, sumOfList),
             .global("sum_list_\(t.runtimeName)", [.list(t)], t, sumOfList)]
        })

    /// The body of every overload of `sum`: the elements' kinds are known only at run time
    /// (a list of `dyn`), so it adds them with `+`'s implementation.
    static let sumOfList = OverloadBody.listToValue { items in
        guard var total = items.first else { return .int(0) }
        for item in items.dropFirst() {
            total = OperatorFunctions.addValues(total, item)
            if total.isError { return total }
        }
        switch total {
        case .int, .uint, .double, .decimal: return total
        default: return .error(.noSuchOverload("sum", [.list(items)]))
        }
    }
}
