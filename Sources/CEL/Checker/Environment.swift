/// Everything an expression may refer to: variables with their types, declared record
/// types, the function library and the container (namespace) for name resolution.
///
/// Each declared variable gets a slot, in declaration order; an ``Activation`` holds the
/// variables' values by slot, so evaluation never looks a name up.
public struct Environment: Sendable {
    /// The namespace in which names resolve first (`com.example` makes `y` try
    /// `com.example.y` before `y`).
    public var container: String
    /// The functions that calls resolve to.
    public var library: FunctionLibrary
    /// The zone and calendar of the date and working-day functions.
    public let context: LibraryContext
    /// Record types by name.
    public private(set) var objectTypes: [String: ObjectType] = [:]
    /// Declared variables by (possibly qualified) name.
    public private(set) var variables: [String: CELType] = [:]
    /// Slot of each declared variable.
    public private(set) var slots: [String: Int] = [:]

    /// An environment with the standard library and extensions for `context`.
    public init(context: LibraryContext = LibraryContext(timeZone: .utc), container: String = "") {
        self.context = context
        self.container = container
        library = StandardLibrary.library(context: context)
    }

    /// The values of the variables whose value is known when programs are planned (a
    /// policy's `params`), by name: see ``declare(_:_:value:)``.
    public private(set) var constants: [String: Value] = [:]

    /// Declares a variable (or re-declares it with a new type, keeping its slot).
    public mutating func declare(_ name: String, _ type: CELType) {
        if slots[name] == nil { slots[name] = slots.count }
        variables[name] = type
        constants[name] = nil
    }

    /// Declares a variable whose value is `value` in every evaluation: programs planned
    /// afterwards read it, and the fields of it they select, as constants, and compute once
    /// what only such values and literals feed (`params.lead + params.margin`, `x in
    /// params.kinds` as a set of texts). A traced plan, whose every node reports its value,
    /// reads it from its slot, so hosts still bind it there.
    public mutating func declare(_ name: String, _ type: CELType, value: Value) {
        declare(name, type)
        constants[name] = value
    }

    /// Declares a record type that ``CELType/object(_:)`` may name.
    public mutating func declare(object: ObjectType) {
        objectTypes[object.name] = object
    }

    /// The slot of variable `name`, if declared.
    public func slot(of name: String) -> Int? { slots[name] }

    /// The number of variable slots.
    public var slotCount: Int { slots.count }

    /// The first slot comprehension variables may use. A host that declares more variables
    /// after planning some programs (facts declared one by one) sets this past every
    /// variable it will ever declare, so that no program's comprehension variables share a
    /// slot with a variable.
    public var localSlotBase: Int = 0

    /// Where the comprehension variables of programs planned now begin.
    var firstLocalSlot: Int { max(slotCount, localSlotBase) }

    /// The names `name` may stand for in the container, most qualified first.
    func candidateNames(_ name: String) -> [String] {
        if name.hasPrefix(".") { return [String(name.dropFirst())] }
        var result: [String] = []
        var prefix = container
        while !prefix.isEmpty {
            result.append(prefix + "." + name)
            if let dot = prefix.lastIndex(of: ".") { prefix = String(prefix[..<dot]) } else { prefix = "" }
        }
        result.append(name)
        return result
    }

    /// What a (possibly qualified) name denotes: a declared variable or a type name.
    func resolve(_ name: String) -> Reference? {
        for candidate in candidateNames(name) {
            if variables[candidate] != nil { return .variable(candidate) }
            if let type = CELType.namedTypes[candidate] { return .type(type) }
        }
        return nil
    }

    /// Parses, checks and plans `text` into a program.
    public func compile(_ text: String, name: String = "<expr>", expecting expected: CELType? = nil) throws(DiagnosticList) -> Program {
        let source = Source(text, name: name)
        let parsed = try Parser().parse(source)
        let checked = try Checker(environment: self).check(parsed, expecting: expected)
        return Planner(environment: self).plan(checked)
    }
}

/// What the checker resolved a name, a selection or a call to.
enum Reference: Sendable {
    /// A declared variable, by its full name.
    case variable(String)
    /// A type name used as a value (`int`).
    case type(CELType)
    /// A call, with the function bound and the ids of the overloads the checker accepted
    /// for its argument types, in declaration order (several when an argument is `dyn`;
    /// none when an argument did not check, or for a call the checker did not reach).
    case function(FunctionDecl, overloads: [String])
    /// An unknown name (only when checking leniently): an error at run time.
    case unresolved(String)

    /// Whether a name with this reference evaluates to something (a function does not).
    var isValue: Bool {
        if case .function = self { return false }
        return true
    }
}
