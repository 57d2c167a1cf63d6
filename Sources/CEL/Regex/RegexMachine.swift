/// A Pike VM: simulates the NFA of a `RegexProgram` over all threads in lockstep,
/// one input scalar at a time. Each instruction is visited at most once per position,
/// so a search takes O(input length × program size) time whatever the pattern,
/// and matches are leftmost-first (the preference order of a backtracking engine).
///
/// The hot loop works on raw pointers and local variables only (no arrays, classes or
/// range iterators), which keeps it fast in unoptimized builds too.
struct RegexMachine {
    /// The program to run.
    let program: RegexProgram

    /// No scalar: the position is at an edge of the text.
    private static let none = UInt32.max

    /// Searches UTF-8 `text` for the leftmost-first match and returns its byte range.
    /// With `stopAtAnyMatch`, returns as soon as any match is known (for a yes/no answer),
    /// with an unspecified range.
    func search(_ text: UnsafeBufferPointer<UInt8>, stopAtAnyMatch: Bool) -> Range<Int>? {
        program.instructions.withUnsafeBufferPointer { instructions in
            program.classes.withUnsafeBufferPointer { classes in
                guard let code = instructions.baseAddress else { return nil }
                let scratch = Scratch(size: instructions.count)
                return Self.run(
                    Input(bytes: text.baseAddress, count: text.count), code, classes.baseAddress, scratch,
                    anchored: program.anchoredAtStart, stopAtAnyMatch: stopAtAnyMatch)
            }
        }
    }

    /// UTF-8 text as a pointer and a length (the pointer is nil only for empty text).
    private struct Input {
        let bytes: UnsafePointer<UInt8>?
        let count: Int

        /// The scalar starting at byte `index` and its length in bytes, or `none` at the end.
        /// Swift strings hold valid UTF-8; truncated input yields U+FFFD rather than a trap.
        @inline(__always)
        func decode(at index: Int) -> (UInt32, Int) {
            guard index < count, let bytes else { return (none, 0) }
            let lead = UInt32(bytes[index])
            if lead < 0x80 { return (lead, 1) }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard index + length <= count else { return (0xFFFD, 1) }
            var value = lead & (0xFF >> UInt32(length + 1))
            var offset = 1
            while offset < length {
                value = value << 6 | UInt32(bytes[index + offset]) & 0x3F
                offset += 1
            }
            return (value, length)
        }
    }

    /// A sparse set of instruction indices in insertion (priority) order, each with the
    /// start position of its thread; O(1) membership and insertion, cleared by `count = 0`.
    private struct ThreadList {
        let dense: UnsafeMutablePointer<Int32>
        let sparse: UnsafeMutablePointer<Int32>
        let starts: UnsafeMutablePointer<Int>
        var count = 0

        @inline(__always)
        func contains(_ pc: Int) -> Bool {
            let slot = Int(sparse[pc])
            return slot < count && Int(dense[slot]) == pc
        }

        @inline(__always)
        mutating func insert(_ pc: Int, start: Int) {
            sparse[pc] = Int32(truncatingIfNeeded: count)
            dense[count] = Int32(truncatingIfNeeded: pc)
            starts[count] = start
            count += 1
        }
    }

    private static func run(
        _ input: Input,
        _ code: UnsafePointer<RegexInstruction>,
        _ classes: UnsafePointer<RegexClassMatcher>?,
        _ scratch: Scratch,
        anchored: Bool,
        stopAtAnyMatch: Bool
    ) -> Range<Int>? {
        var current = scratch.first
        var next = scratch.second
        let stack = scratch.stack
        var found: Range<Int>?
        var position = 0
        var previous = none
        var (scalar, width) = input.decode(at: 0)
        while true {
            if found == nil && (position == 0 || !anchored) {
                // Lowest priority: a match starting here loses to any that started earlier.
                addThread(&current, pc: 0, start: position, previous: previous, next: scalar, code, stack)
            }
            if current.count == 0 { break }
            let nextPosition = position + width
            let (following, followingWidth) = scalar == none ? (none, 0) : input.decode(at: nextPosition)
            var index = 0
            threads: while index < current.count {
                let pc = Int(current.dense[index])
                let consumed: Bool
                switch code[pc] {
                case .match:
                    found = current.starts[index]..<position
                    if stopAtAnyMatch { return found }
                    // Threads after this one have lower priority: drop them.
                    break threads
                case .scalar(let value):
                    consumed = value == scalar
                case .scalarClass(let classIndex):
                    consumed = scalar != none && classes.map { $0[classIndex].contains(scalar) } == true
                case .anyScalar:
                    consumed = scalar != none
                case .anyScalarExceptNewline:
                    consumed = scalar != none && scalar != 0x0A
                case .split, .jump, .assert:
                    consumed = false
                }
                if consumed {
                    addThread(&next, pc: pc + 1, start: current.starts[index],
                              previous: scalar, next: following, code, stack)
                }
                index += 1
            }
            if scalar == none { break }
            swap(&current, &next)
            next.count = 0
            previous = scalar
            position = nextPosition
            scalar = following
            width = followingWidth
        }
        return found
    }

    /// Adds the thread at `pc` and everything reachable from it without consuming input,
    /// in priority order (depth-first, preferred branch first), skipping instructions
    /// already in `list`. `previous` and `next` are the scalars around the position.
    @inline(__always)
    private static func addThread(
        _ list: inout ThreadList, pc: Int, start: Int, previous: UInt32, next: UInt32,
        _ code: UnsafePointer<RegexInstruction>, _ stack: UnsafeMutablePointer<Int32>
    ) {
        var depth = 1
        stack[0] = Int32(truncatingIfNeeded: pc)
        while depth > 0 {
            depth -= 1
            let pc = Int(stack[depth])
            if list.contains(pc) { continue }
            list.insert(pc, start: start)
            switch code[pc] {
            case .jump(let target):
                stack[depth] = Int32(truncatingIfNeeded: target)
                depth += 1
            case .split(let preferred, let other):
                stack[depth] = Int32(truncatingIfNeeded: other)
                stack[depth + 1] = Int32(truncatingIfNeeded: preferred)
                depth += 2
            case .assert(let assertion):
                if holds(assertion, previous: previous, next: next) {
                    stack[depth] = Int32(truncatingIfNeeded: pc + 1)
                    depth += 1
                }
            case .scalar, .scalarClass, .anyScalar, .anyScalarExceptNewline, .match:
                break
            }
        }
    }

    private static func holds(_ assertion: RegexAssertion, previous: UInt32, next: UInt32) -> Bool {
        switch assertion {
        case .beginText: previous == none
        case .endText: next == none
        case .beginLine: previous == none || previous == 0x0A
        case .endLine: next == none || next == 0x0A
        case .wordBoundary: isWordScalar(previous) != isWordScalar(next)
        case .notWordBoundary: isWordScalar(previous) == isWordScalar(next)
        }
    }

    /// `[0-9A-Za-z_]`, the ASCII word characters of `\b`.
    private static func isWordScalar(_ value: UInt32) -> Bool {
        (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
            || (value >= 0x61 && value <= 0x7A) || value == 0x5F
    }

    /// Memory for one search, allocated once per call rather than per scalar.
    private final class Scratch {
        let first: ThreadList
        let second: ThreadList
        /// Pending instructions of `addThread`; an instruction is pushed at most once per
        /// incoming edge (at most two per instruction) before it is marked as visited.
        let stack: UnsafeMutablePointer<Int32>
        private let storage: UnsafeMutableRawPointer

        init(size: Int) {
            // One block: two lists of (dense, sparse, starts), then the stack.
            let listBytes = size * (2 * MemoryLayout<Int32>.stride + MemoryLayout<Int>.stride)
            let block = UnsafeMutableRawPointer.allocate(
                byteCount: 2 * listBytes + (2 * size + 2) * MemoryLayout<Int32>.stride,
                alignment: MemoryLayout<Int>.alignment)
            func list(at offset: Int) -> ThreadList {
                let base = block + offset
                let starts = base.bindMemory(to: Int.self, capacity: size)
                let dense = (base + size * MemoryLayout<Int>.stride).bindMemory(to: Int32.self, capacity: size)
                let sparse = (base + size * (MemoryLayout<Int>.stride + MemoryLayout<Int32>.stride))
                    .bindMemory(to: Int32.self, capacity: size)
                sparse.initialize(repeating: 0, count: size)
                return ThreadList(dense: dense, sparse: sparse, starts: starts)
            }
            first = list(at: 0)
            second = list(at: listBytes)
            stack = (block + 2 * listBytes).bindMemory(to: Int32.self, capacity: 2 * size + 2)
            storage = block
        }

        deinit { storage.deallocate() }
    }
}
