/// How expressions use values of record types (``ObjectType``), by the checked types of their
/// nodes: the fields they select from each type, and the types whose values they use whole
/// (compare, pass to a function, put in a list, give as their result), which may read every
/// field. A host can leave a field unread by all of its expressions undecoded.
public struct RecordUse: Sendable, Equatable {
    /// Fields selected (or tested with `has`), by record type name.
    public private(set) var selected: [String: Set<String>] = [:]
    /// Record types some value of which is used whole.
    public private(set) var whole: Set<String> = []
    /// Whether anything may be read: an expression checked leniently, whose types are not known.
    public private(set) var readsEverything = false

    public init() {}

    /// Notes that field `field` of records of type `type` is read.
    public mutating func select(_ field: String, of type: String) {
        selected[type, default: []].insert(field)
    }

    /// Notes that records of type `type` are used whole.
    public mutating func useWhole(_ type: String) {
        whole.insert(type)
    }

    /// Adds what `other` uses.
    public mutating func formUnion(_ other: RecordUse) {
        selected.merge(other.selected) { $0.union($1) }
        whole.formUnion(other.whole)
        readsEverything = readsEverything || other.readsEverything
    }

    /// Whether field `field` of records of type `type` may be read (a type used whole may
    /// have any field read; nesting is the host's to follow: a record inside a record used
    /// whole is used whole too).
    public func mayRead(_ field: String, of type: String) -> Bool {
        readsEverything || whole.contains(type) || selected[type]?.contains(field) == true
    }
}

extension CheckedExpr {
    /// How this expression uses records; its result counts as used whole.
    public var recordUse: RecordUse {
        var walk = RecordUseWalk(checked: self)
        if isLenient { walk.use = .everything }
        walk.visit(parsed.root, whole: true)
        return walk.use
    }
}

extension RecordUse {
    /// A use that may read anything: what to assume of expressions not known.
    public static let everything: RecordUse = {
        var use = RecordUse()
        use.readsEverything = true
        return use
    }()
}

/// The walk behind ``CheckedExpr/recordUse``. A node's value is used whole unless its parent
/// only selects from it, tests it against `null`, takes its size, iterates over it or indexes
/// a list with it, or passes it on as its own value (`?:`), in which case the parent's own
/// use is what counts.
private struct RecordUseWalk {
    let checked: CheckedExpr
    var use = RecordUse()

    mutating func visit(_ expr: Expr, whole: Bool) {
        if whole { markWhole(checked.types[expr.id]) }
        switch expr.kind {
        case .literal, .ident:
            break
        case .select(let operand, let field), .presenceTest(let operand, let field):
            if case .object(let type)? = checked.types[operand.id] { use.select(field, of: type) }
            visit(operand, whole: false)
        case .call(let function, let args):
            visitCall(function, args, of: expr)
        case .memberCall(let function, let target, let args):
            if case .function(let decl, _)? = checked.references[expr.id], decl.name != function {
                visitCall(decl.name, args, of: expr)  // a namespaced function: the target is its namespace
            } else {
                visitCall(function, [target] + args, of: expr)
            }
        case .list(let elements):
            for element in elements { visit(element, whole: true) }
        case .map(let entries):
            for entry in entries {
                visit(entry.key, whole: true)
                visit(entry.value, whole: true)
            }
        case .comprehension(let c):
            // The range's elements reach the result only through the iteration variable or
            // the result itself (`filter`, `sortBy`, `min_by`), whose own uses are visited.
            visit(c.range, whole: false)
            if let filter = c.filter { visit(filter, whole: true) }
            visit(c.body, whole: true)
        }
    }

    mutating func visitCall(_ function: String, _ args: [Expr], of call: Expr) {
        switch (function, args.count) {
        case (Operator.equals, 2), (Operator.notEquals, 2):
            if case .literal(.null) = args[1].kind {
                visit(args[0], whole: false)
                return
            }
            if case .literal(.null) = args[0].kind {
                visit(args[1], whole: false)
                return
            }
        case (Operator.conditional, 3):
            // A branch is the result, whose use is visited, when it has the result's type (a
            // record in a `dyn` result is used whole here, where its type is still known).
            let result = checked.types[call.id]
            visit(args[0], whole: true)
            visit(args[1], whole: checked.types[args[1].id] != result)
            visit(args[2], whole: checked.types[args[2].id] != result)
            return
        case ("size", 1):
            visit(args[0], whole: false)
            return
        case (Operator.index, 2):
            // A list's element is the result, whose own use is visited; a record indexed by a
            // key reads a field chosen at run time.
            if case .list? = checked.types[args[0].id] {
                visit(args[0], whole: false)
                visit(args[1], whole: true)
                return
            }
        default:
            break
        }
        for arg in args { visit(arg, whole: true) }
    }

    /// Marks every record type in `type` (a record, or lists and maps of them) used whole.
    mutating func markWhole(_ type: CELType?) {
        switch type {
        case .object(let name)?: use.useWhole(name)
        case .list(let element)?: markWhole(element)
        case .map(let key, let value)?:
            markWhole(key)
            markWhole(value)
        default: break
        }
    }
}
