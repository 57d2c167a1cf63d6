// Micro-benchmark of CEL evaluation: each expression is compiled once, then evaluated many
// times on one thread against one snapshot-like activation, as the engine does per account.
//
//     swift run -c release cel-benchmark [--iterations N] [--rounds R]
//     swift run -c release cel-benchmark closures --shape boxed|typed|result --kind decimal|int --iterations N
//
// Prints, per expression, the median evaluations per second over R timed rounds of N
// evaluations each, after one untimed warm-up round. The `closures` mode compares the
// shapes a planned closure may take (ClosureShapes.swift).

import CEL
import Foundation

/// One expression to measure, with the value it must produce.
struct Case {
    let name: String
    let text: String
    let expected: Value
}

/// Command-line settings.
struct Settings {
    var iterations = 200_000
    var rounds = 7

    /// Reads `--iterations N` and `--rounds R`; exits 2 on anything else.
    init(arguments: [String]) {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst(), let number = Int(text), number > 0 else {
                fail("`\(flag)` needs a positive number")
            }
            switch flag {
            case "--iterations": iterations = number
            case "--rounds": rounds = number
            default: fail("unknown option `\(flag)`; usage: cel-benchmark [--iterations N] [--rounds R]")
            }
        }
    }
}

/// Prints `message` to the standard error stream and exits with status 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("cel-benchmark: error: \(message)\n".utf8))
    exit(2)
}

/// `rate` rounded to an integer with thousands separators: `1,234,567`.
func grouped(_ rate: Double) -> String {
    let digits = String(Int(rate.rounded()))
    var out = ""
    for (i, digit) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return out
}

/// The seconds in `duration`.
func seconds(_ duration: Duration) -> Double {
    let (whole, attoseconds) = duration.components
    return Double(whole) + Double(attoseconds) / 1e18
}

/// A customer and twelve monthly bills, the last two of which are partly unpaid.
func snapshot() throws -> (customer: Value, bills: Value, today: Value, params: Value) {
    var customer = MapValue()
    customer.set("id", .string("C-000123"))
    customer.set("class", .string("residential"))
    customer.set("important_grade", .null)
    var bills: [Value] = []
    for month in 1...12 {
        var bill = MapValue()
        bill.set("period", .string("2026-\(month < 10 ? "0" : "")\(month)"))
        bill.set("due_date", .date(try CivilDate(year: 2026, month: month, day: 25)))
        bill.set("amount", .decimal(try CELDecimal(parsing: "\(100 + month * 7).40")))
        bill.set("paid", .decimal(try CELDecimal(parsing: month >= 10 ? "50.00" : "\(100 + month * 7).40")))
        bills.append(.map(bill))
    }
    var params = MapValue()
    params.set("from_day", .int(5))
    params.set("to_day", .int(20))
    return (.map(customer), .list(bills), .date(try CivilDate(year: 2026, month: 12, day: 14)), .map(params))
}

let cases = [
    Case(name: "condition (exists over 12 bills)",
         text: """
         customer.class == 'residential' && today.day >= params.from_day && today.day <= params.to_day \
         && bills.exists(b, b.due_date < today && b.amount - b.paid > 0)
         """,
         expected: .bool(true)),
    Case(name: "arrears (filter/map/sum over 12 bills)",
         text: "bills.filter(b, b.due_date < today).map(b, b.amount - b.paid).sum() > decimal('100')",
         expected: .bool(true)),
    Case(name: "scalar condition (no comprehension)",
         text: "customer.class == 'residential' && today.day >= 5 && today.day <= 20",
         expected: .bool(true)),
]

if CommandLine.arguments.dropFirst().first == "closures" {
    runClosureShapes(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

let settings = Settings(arguments: CommandLine.arguments)

var environment = Environment(context: LibraryContext(timeZone: .utc))
environment.declare("customer", .map(.string, .dyn))
environment.declare("bills", .list(.map(.string, .dyn)))
environment.declare("today", .date)
environment.declare("params", .map(.string, .int))

let data: (customer: Value, bills: Value, today: Value, params: Value)
do { data = try snapshot() } catch { fail("cannot build the snapshot: \(error)") }
let activation = Activation(environment: environment, bindings: [
    "customer": data.customer, "bills": data.bills, "today": data.today, "params": data.params,
])

print("cel-benchmark: \(settings.rounds) rounds × \(settings.iterations) evaluations, 1 thread")
for benchmarkCase in cases {
    let program: Program
    do {
        program = try environment.compile(benchmarkCase.text)
    } catch {
        fail("`\(benchmarkCase.text)` does not compile:\n" + DiagnosticRenderer().render(error))
    }
    let first = program.evaluate(activation)
    guard first.celEquals(benchmarkCase.expected) else {
        fail("`\(benchmarkCase.text)` gave \(first.debugText), expected \(benchmarkCase.expected.debugText)")
    }
    var rates: [Double] = []
    var sink = 0
    for round in 0...settings.rounds {
        let elapsed = ContinuousClock().measure {
            for _ in 0..<settings.iterations {
                if case .bool(true) = program.evaluate(activation) { sink &+= 1 }
            }
        }
        if round > 0 { rates.append(Double(settings.iterations) / seconds(elapsed)) }  // round 0 warms up
    }
    rates.sort()
    let median = rates[rates.count / 2]
    guard sink == settings.iterations * (settings.rounds + 1) else { fail("inconsistent results") }
    let nanos = (1e9 / median * 10).rounded() / 10
    print("\(benchmarkCase.name): \(grouped(median)) evals/s median, \(nanos) ns/eval "
          + "(rounds from \(grouped(rates.first ?? 0)) to \(grouped(rates.last ?? 0)))")
    print("  \(benchmarkCase.text)")
}

// Tracing, as `policyctl explain` uses it. `eval` evaluates programs as planned above:
// they contain no tracing code at all. `explain` plans a traced variant of the same
// checked expression on demand (`Program.traced()`), whose nodes report to the
// activation's tracer. The first line must match the first case above (tracing off costs
// nothing); the others show what explaining pays.

/// Counts the values a traced program reports.
final class CountingTracer: EvaluationTracer {
    var count = 0
    func record(_ id: ExprID, _ value: Value) { count &+= 1 }
}

/// The median evaluations per second of `program` over the rounds (after a warm-up).
func medianRate(_ program: Program, _ activation: Activation) -> Double {
    var rates: [Double] = []
    var sink = 0
    for round in 0...settings.rounds {
        let elapsed = ContinuousClock().measure {
            for _ in 0..<settings.iterations {
                if case .bool(true) = program.evaluate(activation) { sink &+= 1 }
            }
        }
        if round > 0 { rates.append(Double(settings.iterations) / seconds(elapsed)) }
    }
    guard sink == settings.iterations * (settings.rounds + 1) else { fail("inconsistent results") }
    rates.sort()
    return rates[rates.count / 2]
}

do {
    let text = cases[0].text
    let plain = try environment.compile(text)
    let traced = plain.traced()
    let untracedRate = medianRate(plain, activation)
    let offRate = medianRate(traced, activation)
    let tracer = CountingTracer()
    activation.tracer = tracer
    let onRate = medianRate(traced, activation)
    activation.tracer = nil
    print("tracing (\(cases[0].name)):")
    for (label, rate) in [("untraced program (eval)", untracedRate), ("traced variant, no tracer", offRate),
                          ("traced variant, recording (explain)", onRate)] {
        print("  \(label): \(grouped(rate)) evals/s median, \((1e9 / rate * 10).rounded() / 10) ns/eval")
    }
} catch {
    fail("the tracing case does not compile:\n" + DiagnosticRenderer().render(error))
}
