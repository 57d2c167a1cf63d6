/// Extension: list functions that take linear or n log n time where plain CEL needs a
/// comprehension inside a comprehension — `sort()`, `math.least()`, `math.greatest()` and
/// `sets.intersects()`, named as in cel-go's extension libraries. The macros `sortBy`,
/// `min_by` and `max_by` (``Comprehension/Macro``) order by the same rules (``ListOrder``).
enum ListFunctions {
    static var all: [FunctionDecl] { [sort, least, greatest, intersects] }

    /// The element types that `<` orders among themselves.
    static let orderedTypes: [CELType] = [.int, .uint, .double, .decimal, .string, .bytes, .bool, .timestamp, .duration, .date]

    static let sort = FunctionDecl(
        "sort", doc: "the list in ascending order; equal elements keep their order (stable)",
        examples: ["[3, 1, 2].sort() // [1, 2, 3]", "['b', 'a'].sort() // ['a', 'b']",
                   "[date('2026-12-01'), date('2026-11-15')].sort()[0] // date('2026-11-15')",
                   "[1, 'a'].sort() // error", "[].sort() // []"],
        isExtension: true,
        overloads: orderedTypes.map { .member("list_\($0.runtimeName)_sort", [.list($0)], .list($0)) },
        implementation: .unary { x in
            guard case .list(let items) = x else { return .error(.noSuchOverload("sort", [x])) }
            return ListOrder.sorted(items, byKeys: items).map(Value.list) ?? .error(ListOrder.orderError(items))
        })

    static let least = extreme(
        "math.least", greatest: false, doc: "the least element of a non-empty list (the first of equal ones)",
        examples: ["math.least([3, 1, 2]) // 1", "math.least([decimal('1.50'), 2]) // decimal('1.5')",
                   "math.least([timestamp('2026-12-21T01:00:00Z'), timestamp('2026-12-20T01:00:00Z')]) // timestamp('2026-12-20T01:00:00Z')",
                   "math.least([]) // error"])

    static let greatest = extreme(
        "math.greatest", greatest: true, doc: "the greatest element of a non-empty list (the first of equal ones)",
        examples: ["math.greatest([3, 1, 2]) // 3", "math.greatest([date('2026-11-15'), date('2026-12-15')]) // date('2026-12-15')",
                   "math.greatest(['a', 'b']) // 'b'", "math.greatest([1, 'a']) // error"])

    private static func extreme(_ name: String, greatest: Bool, doc: String, examples: [String]) -> FunctionDecl {
        let id = greatest ? "math_greatest" : "math_least"
        return FunctionDecl(
            name, doc: doc, examples: examples, isExtension: true,
            overloads: orderedTypes.map { .global("\(id)_list_\($0.runtimeName)", [.list($0)], $0) },
            implementation: .unary { x in
                guard case .list(let items) = x else { return .error(.noSuchOverload(name, [x])) }
                guard !items.isEmpty else { return .error("`\(name)` of an empty list") }
                return ListOrder.extreme(items, greatest: greatest).map { items[$0] } ?? .error(ListOrder.orderError(items))
            })
    }

    static let intersects = FunctionDecl(
        "sets.intersects", doc: "whether the two lists have an element in common (by `==`), in linear time",
        examples: ["sets.intersects(['a', 'b'], ['c', 'b']) // true", "sets.intersects([1, 2], [3]) // false",
                   "sets.intersects([dyn(1)], [dyn(1.0)]) // true", "sets.intersects([null], [null]) // true",
                   "sets.intersects([decimal('2.50')], [decimal('2.5')]) // true", "sets.intersects([], [1]) // false"],
        isExtension: true,
        overloads: [.global("sets_intersects_list_list", [.list(.typeParam("A")), .list(.typeParam("A"))], .bool)],
        implementation: .binary { x, y in
            guard case .list(let a) = x, case .list(let b) = y else { return .error(.noSuchOverload("sets.intersects", [x, y])) }
            return .bool(EqualitySet.intersect(a, b))
        })
}

/// Ordering of values as `<` orders them, for `sort`, `sortBy`, `min_by`, `max_by`,
/// `math.least` and `math.greatest`: every two keys must be comparable (one kind, or
/// numbers other than a decimal with a double; never NaN), else the operation fails.
enum ListOrder {
    /// `elements` ordered by their `keys` (the same count), stably; nil when two keys do
    /// not compare.
    static func sorted(_ elements: [Value], byKeys keys: [Value]) -> [Value]? {
        guard incomparablePair(keys) == nil else { return nil }
        let positions = keys.indices.sorted { i, j in
            switch keys[i].celCompare(keys[j]) {
            case .less?: return true
            case .greater?: return false
            default: return i < j
            }
        }
        return positions.map { elements[$0] }
    }

    /// The position of the first least (or greatest) of `keys`; nil when two keys do not
    /// compare, or there are none.
    static func extreme(_ keys: [Value], greatest: Bool) -> Int? {
        guard !keys.isEmpty, incomparablePair(keys) == nil else { return nil }
        let better: ComparisonOutcome = greatest ? .greater : .less
        var best = 0
        for i in keys.indices.dropFirst() where keys[i].celCompare(keys[best]) == better { best = i }
        return best
    }

    /// The error for keys that do not all compare: `<` applied to the first such pair.
    static func orderError(_ keys: [Value]) -> EvalError {
        let (a, b) = incomparablePair(keys) ?? (.null, .null)
        return .noSuchOverload(Operator.less, [a, b])
    }

    /// The first two keys that `<` cannot order, or nil when every two compare.
    ///
    /// Kinds other than numbers compare only with themselves and numbers with numbers,
    /// except a decimal with a double; so each key is checked against the first, and the
    /// first decimal against the first double.
    static func incomparablePair(_ keys: [Value]) -> (Value, Value)? {
        guard let first = keys.first else { return nil }
        var decimal: Value?
        var double: Value?
        for key in keys {
            if key.celCompare(first) == nil { return (first, key) }
            if case .decimal = key, decimal == nil { decimal = key }
            if case .double = key, double == nil { double = key }
            if let decimal, let double { return (decimal, double) }
        }
        return nil
    }
}

/// A set of values under CEL `==`, by hashing: adding and looking up take constant time
/// (lists, maps and types inside are compared one by one with each other).
///
/// Numbers are equal across kinds by value, but not transitively (`decimal(1) == 1` and
/// `1 == 1.0`, yet `decimal(1) != 1.0`), so each number is stored under its own kind and
/// looked up under every kind it may equal.
private struct EqualitySet {
    /// Up to this many elements on the smaller side are compared without hashing.
    static let directLimit = 8

    private var keys = Set<EqualityKey>()
    /// The ints and uints stored, as the doubles they equal (an int equals a double when
    /// converting it gives that double, as `==` compares them).
    private var integersAsDoubles = Set<Double>()
    private var others: [Value] = []

    mutating func insert(_ value: Value) {
        guard let key = EqualityKey(value) else { return others.append(value) }
        keys.insert(key)
        switch value {
        case .int(let i): integersAsDoubles.insert(Double(i))
        case .uint(let u): integersAsDoubles.insert(Double(u))
        default: break
        }
    }

    func contains(_ value: Value) -> Bool {
        switch value {
        case .int(let i):
            return keys.contains(.integer(i)) || keys.contains(.double(Double(i))) || keys.contains(.decimal(CELDecimal(i)))
        case .uint(let u):
            guard u <= UInt64(Int64.max) else { return keys.contains(.bigUInt(u)) || keys.contains(.double(Double(u))) }
            return keys.contains(.integer(Int64(u))) || keys.contains(.double(Double(u))) || keys.contains(.decimal(CELDecimal(Int64(u))))
        case .double(let d):
            return keys.contains(.double(d)) || integersAsDoubles.contains(d)
        case .decimal(let d):
            return keys.contains(.decimal(d)) || d.wholeValue.map { keys.contains(.integer($0)) } == true
        default:
            guard let key = EqualityKey(value) else { return others.contains { $0.celEquals(value) } }
            return keys.contains(key)
        }
    }

    /// Whether `a` and `b` share an element, in time linear in their sizes.
    static func intersect(_ a: [Value], _ b: [Value]) -> Bool {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        // A few elements are compared directly: cheaper than hashing, and still linear
        // (at most ``directLimit`` comparisons per element of the larger list).
        if small.count <= Self.directLimit {
            return large.contains { value in small.contains { $0.celEquals(value) } }
        }
        var set = EqualitySet()
        for value in small { set.insert(value) }
        return large.contains { set.contains($0) }
    }
}

/// The hashable identity of a value of one kind (numbers of different kinds differ).
private enum EqualityKey: Hashable {
    case null
    case bool(Bool)
    /// An int, or a uint that fits one.
    case integer(Int64)
    /// A uint beyond the range of int.
    case bigUInt(UInt64)
    case double(Double)
    case decimal(CELDecimal)
    case string(ExactString)
    case bytes([UInt8])
    case timestamp(Timestamp)
    case duration(CELDuration)
    case date(CivilDate)

    /// The key of a value; nil for lists, maps and types.
    init?(_ value: Value) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .integer(i)
        case .uint(let u): self = u <= UInt64(Int64.max) ? .integer(Int64(u)) : .bigUInt(u)
        case .double(let d): self = .double(d)
        case .decimal(let d): self = .decimal(d)
        case .string(let s): self = .string(ExactString(s))
        case .bytes(let b): self = .bytes(Array(b))
        case .timestamp(let t): self = .timestamp(t)
        case .duration(let d): self = .duration(d)
        case .date(let d): self = .date(d)
        default: return nil
        }
    }
}

extension CELDecimal {
    /// The value as an int when it is a whole number in int's range.
    var wholeValue: Int64? {
        var coefficient = self.coefficient
        var scale = self.scale
        while scale > 0, coefficient % 10 == 0 {
            coefficient /= 10
            scale -= 1
        }
        return scale == 0 ? Int64(exactly: coefficient) : nil
    }
}
