/// One step of a compiled pattern, executed by `RegexMachine`.
enum RegexInstruction: Sendable {
    /// Consume this scalar value.
    case scalar(UInt32)
    /// Consume a scalar in `RegexProgram.classes[index]`.
    case scalarClass(Int)
    /// Consume any scalar.
    case anyScalar
    /// Consume any scalar except `\n`.
    case anyScalarExceptNewline
    /// Continue at both targets, preferring the first.
    case split(Int, Int)
    /// Continue at the target.
    case jump(Int)
    /// Continue at the next instruction if the assertion holds here.
    case assert(RegexAssertion)
    /// The pattern has matched.
    case match
}

/// A character class prepared for matching: an ASCII bitmap plus sorted ranges.
struct RegexClassMatcher: Sendable {
    private let asciiLow: UInt64
    private let asciiHigh: UInt64
    private let set: RegexScalarSet

    /// Prepares `set` for matching.
    init(_ set: RegexScalarSet) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for value in UInt32(0)..<128 where set.contains(value) {
            if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
        }
        asciiLow = low
        asciiHigh = high
        self.set = set
    }

    /// Whether `value` is in the class.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        if value < 64 { return asciiLow & (1 << UInt64(value)) != 0 }
        if value < 128 { return asciiHigh & (1 << UInt64(value - 64)) != 0 }
        return set.contains(value)
    }
}

/// A compiled pattern: a Thompson NFA as a list of instructions starting at index 0.
struct RegexProgram: Sendable {
    /// The instructions; the last one is `.match`.
    var instructions: [RegexInstruction]
    /// The character classes referenced by `.scalarClass`.
    var classes: [RegexClassMatcher]
    /// Whether matches can only start at the beginning of the text.
    var anchoredAtStart: Bool
}

/// Compiles a `RegexNode` into a `RegexProgram`, refusing programs over a size limit.
/// Repetitions are expanded (`x{2,3}` is `xx(x)?`), so the limit bounds nested counts.
struct RegexCompiler {
    private var instructions: [RegexInstruction] = []
    private var classes: [RegexClassMatcher] = []
    private let maxProgramSize: Int

    /// Compiles `node`; a program over `maxProgramSize` instructions is a syntax error at offset 0.
    static func compile(_ node: RegexNode, maxProgramSize: Int) throws(RegexSyntaxError) -> RegexProgram {
        var compiler = RegexCompiler(maxProgramSize: maxProgramSize)
        try compiler.compile(node)
        try compiler.emit(.match)
        return RegexProgram(instructions: compiler.instructions, classes: compiler.classes,
                            anchoredAtStart: node.isAnchoredAtStart)
    }

    private init(maxProgramSize: Int) {
        self.maxProgramSize = maxProgramSize
    }

    /// Appends an instruction and returns its index.
    @discardableResult
    private mutating func emit(_ instruction: RegexInstruction) throws(RegexSyntaxError) -> Int {
        guard instructions.count < maxProgramSize else {
            throw RegexSyntaxError(
                message: "pattern too large: compiled program exceeds \(maxProgramSize) instructions", offset: 0)
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    private mutating func compile(_ node: RegexNode) throws(RegexSyntaxError) {
        switch node {
        case .empty:
            break
        case .literal(let value):
            try emit(.scalar(value))
        case .scalarSet(let set):
            if let value = set.singleScalar {
                try emit(.scalar(value))
            } else if set == .all {
                try emit(.anyScalar)
            } else {
                try emit(.scalarClass(classes.count))
                classes.append(RegexClassMatcher(set))
            }
        case .anyScalar:
            try emit(.anyScalar)
        case .anyScalarExceptNewline:
            try emit(.anyScalarExceptNewline)
        case .assertion(let assertion):
            try emit(.assert(assertion))
        case .concatenation(let items):
            for item in items { try compile(item) }
        case .alternation(let branches):
            try compileAlternation(branches)
        case .repetition(let body, let minimum, let maximum, let greedy):
            try compileRepetition(body, minimum: minimum, maximum: maximum, greedy: greedy)
        }
    }

    /// `split L1, L2; L1: a; jump end; L2: split …; last: z; end:`.
    private mutating func compileAlternation(_ branches: [RegexNode]) throws(RegexSyntaxError) {
        var jumps: [Int] = []
        for branch in branches.dropLast() {
            let split = try emit(.split(0, 0))
            try compile(branch)
            jumps.append(try emit(.jump(0)))
            instructions[split] = .split(split + 1, instructions.count)
        }
        if let last = branches.last { try compile(last) }
        for jump in jumps { instructions[jump] = .jump(instructions.count) }
    }

    /// A split whose preferred target is `body` when greedy, `exit` otherwise.
    private func choice(body: Int, exit: Int, greedy: Bool) -> RegexInstruction {
        greedy ? .split(body, exit) : .split(exit, body)
    }

    private mutating func compileRepetition(
        _ body: RegexNode, minimum: Int, maximum: Int?, greedy: Bool
    ) throws(RegexSyntaxError) {
        guard let maximum else {
            if minimum == 0 {
                // loop: split body, end; body; jump loop; end:
                let loop = try emit(.split(0, 0))
                try compile(body)
                try emit(.jump(loop))
                instructions[loop] = choice(body: loop + 1, exit: instructions.count, greedy: greedy)
            } else {
                // x{n,} is x{n-1} followed by x+: start: x; split start, next
                for _ in 1..<minimum { try compile(body) }
                let start = instructions.count
                try compile(body)
                try emit(choice(body: start, exit: instructions.count + 1, greedy: greedy))
            }
            return
        }
        for _ in 0..<minimum { try compile(body) }
        // Each optional copy may be skipped, which skips all later ones too.
        var exits: [Int] = []
        for _ in minimum..<maximum {
            exits.append(try emit(.split(0, 0)))
            try compile(body)
        }
        for split in exits {
            instructions[split] = choice(body: split + 1, exit: instructions.count, greedy: greedy)
        }
    }
}
