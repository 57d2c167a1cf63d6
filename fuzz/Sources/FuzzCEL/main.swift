// Fuzzes the CEL pipeline on expression text: parse, check (against a small environment, and
// leniently, as `expr --conformance` does), plan and evaluate with a few bound values; the
// traced program must give what the plain one gives. Nothing may crash, whatever the text.
import FuzzerEntry
import CEL

/// Longer inputs only make the fuzzer slower: 1 KiB holds every construct many times over.
private let maxInputBytes = 1024

/// Comprehensions nest to exponential work (`[0,0].map(a, [0,0].map(b, …))`), which CEL
/// bounds by cost, not by failing; a few per input find the bugs without the blowup.
private let maxComprehensions = 3

/// The bound values: one of each kind, with a NaN-free but signed-zero double.
private func makeBindings() throws -> [String: Value] {
    var account = MapValue()
    account.insert(.string("id"), .string("YD-1"))
    account.insert(.string("amount"), .decimal(try CELDecimal(parsing: "312.40")))
    account.insert(.string("tags"), .list([.string("a"), .null, .int(-1)]))
    return [
        "x": .int(7), "u": .uint(3), "d": .double(-0.0), "s": .string("é1"), "b": .bytes([0, 255]),
        "l": .list([.int(1), .int(2), .int(3)]), "m": .map(account), "n": .null,
        "t": .timestamp(try Timestamp(seconds: 1_766_278_800)), "dur": .duration(try CELDuration(parsing: "36h")),
        "day": .date(try CivilDate(year: 2026, month: 12, day: 21)), "dec": .decimal(try CELDecimal(parsing: "-0.5")),
    ]
}

private let bindings: [String: Value] = {
    do { return try makeBindings() } catch { fatalError("fuzz setup: \(error)") }
}()

private let environment: Environment = {
    var env = Environment()
    for (name, value) in bindings { env.declare(name, value.runtimeType) }
    env.declare("m", .map(.string, .dyn))
    env.declare("l", .list(.int))
    return env
}()

/// The evaluations of `program` plain and traced, which must agree.
private func evaluate(_ program: Program, _ text: String) {
    let plain = program.evaluate(Activation(environment: environment, bindings: bindings))
    let traced = program.traced().evaluate(Activation(environment: environment, bindings: bindings))
    if plain.debugText != traced.debugText {
        fatalError("`\(text)`: plain \(plain.debugText), traced \(traced.debugText)")
    }
}

/// Tests one input; libFuzzer calls it with every input it makes.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzCEL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size <= maxInputBytes else { return -1 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let comprehensions = ["all(", "exists(", "exists_one(", "map(", "filter("].reduce(0) {
        $0 + text.components(separatedBy: $1).count - 1
    }
    guard comprehensions <= maxComprehensions else { return -1 }
    if let program = try? environment.compile(text) { evaluate(program, text) }
    _ = Conformance.evaluate(text, bindings: bindings, checked: false)
    return 0
}

/// The entry point SwiftPM links as `main` (whichever of it and libFuzzer's own `main` the
/// linker keeps, libFuzzer runs `fuzzCEL`).
@_cdecl("FuzzCEL_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    policyctl_fuzz_main(argc, argv) { fuzzCEL($0, $1) }
}
