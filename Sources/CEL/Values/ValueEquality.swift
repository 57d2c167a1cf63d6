/// CEL's heterogeneous equality and ordering of runtime values.
///
/// Equality never fails: values of different kinds are simply unequal, except numbers,
/// which compare by value across int, uint and double (and decimal, with int and uint).
/// Ordering is defined only within a kind (numbers across kinds); elsewhere it is `nil`,
/// which the `<` family reports as "no such overload". A NaN is comparable with every number
/// but ordered with none (`.unordered`), so `<`, `<=`, `>` and `>=` with a NaN are `false`
/// and `==` is `false` too (NaN != NaN), as IEEE 754 and Google's CEL runtimes have it.
extension Value {
    /// CEL `==` on two non-error values.
    public func celEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a.hasSameUTF8(as: b)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.timestamp(let a), .timestamp(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.date(let a), .date(let b)): return a == b
        case (.type(let a), .type(let b)): return CELType.runtimeEqual(a, b)
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for i in a.indices where !a[i].celEquals(b[i]) { return false }
            return true
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for (i, key) in a.keys.enumerated() {
                guard let other = b[key], a.values[i].celEquals(other) else { return false }
            }
            return true
        default:
            if let order = numericOrder(self, other) { return order == .equal }
            return false
        }
    }

    /// CEL ordering of two non-error values: `.unordered` when a NaN is involved, nil when
    /// the values are not comparable at all.
    public func celCompare(_ other: Value) -> ComparisonOutcome? {
        switch (self, other) {
        case (.bool(let a), .bool(let b)): return .of(a ? 1 : 0, b ? 1 : 0)
        case (.string(let a), .string(let b)): return .ofSequences(a.utf8, b.utf8)
        case (.bytes(let a), .bytes(let b)): return .ofSequences(a, b)
        case (.timestamp(let a), .timestamp(let b)): return .of(a, b)
        case (.duration(let a), .duration(let b)): return .of(a, b)
        case (.date(let a), .date(let b)): return .of(a, b)
        default:
            return numericOrder(self, other)
        }
    }
}

/// The result of comparing two values.
public enum ComparisonOutcome: Sendable, Equatable {
    case less, equal, greater
    /// Comparable kinds but no order (a NaN is involved).
    case unordered

    static func of<T: Comparable>(_ a: T, _ b: T) -> ComparisonOutcome {
        a < b ? .less : (a == b ? .equal : .greater)
    }

    static func ofSequences<S: Sequence>(_ a: S, _ b: S) -> ComparisonOutcome where S.Element: Comparable {
        var ia = a.makeIterator()
        var ib = b.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return .equal
            case (nil, _): return .less
            case (_, nil): return .greater
            case (let x?, let y?):
                if x < y { return .less }
                if x > y { return .greater }
            }
        }
    }
}

/// Compares two numbers of any numeric kinds exactly; nil when either is not a number.
func numericOrder(_ a: Value, _ b: Value) -> ComparisonOutcome? {
    switch (a, b) {
    case (.int(let x), .int(let y)): return .of(x, y)
    case (.uint(let x), .uint(let y)): return .of(x, y)
    case (.double(let x), .double(let y)): return x.isNaN || y.isNaN ? .unordered : .of(x, y)
    case (.int(let x), .uint(let y)): return x < 0 ? .less : .of(UInt64(x), y)
    case (.uint(let x), .int(let y)): return y < 0 ? .greater : .of(x, UInt64(y))
    case (.int(let x), .double(let y)): return compareIntDouble(x, y)
    case (.double(let x), .int(let y)): return compareIntDouble(y, x).reversed
    case (.uint(let x), .double(let y)): return compareUIntDouble(x, y)
    case (.double(let x), .uint(let y)): return compareUIntDouble(y, x).reversed
    case (.decimal(let x), .decimal(let y)): return .of(x, y)
    case (.decimal(let x), .int(let y)): return .of(x, CELDecimal(y))
    case (.int(let x), .decimal(let y)): return .of(CELDecimal(x), y)
    case (.decimal(let x), .uint(let y)):
        return y > UInt64(Int64.max) ? .less : .of(x, CELDecimal(Int64(y)))
    case (.uint(let x), .decimal(let y)):
        return x > UInt64(Int64.max) ? .greater : .of(CELDecimal(Int64(x)), y)
    default: return nil
    }
}

/// Int against double, comparing the int converted to double as CEL implementations do
/// (so `9223372036854775807 >= 9223372036854775808.0` holds).
private func compareIntDouble(_ x: Int64, _ y: Double) -> ComparisonOutcome {
    y.isNaN ? .unordered : .of(Double(x), y)
}

/// Uint against double, converting the uint to double.
private func compareUIntDouble(_ x: UInt64, _ y: Double) -> ComparisonOutcome {
    y.isNaN ? .unordered : .of(Double(x), y)
}

extension ComparisonOutcome {
    var reversed: ComparisonOutcome {
        switch self {
        case .less: return .greater
        case .greater: return .less
        default: return self
        }
    }
}
