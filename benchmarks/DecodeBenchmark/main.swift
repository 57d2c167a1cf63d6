// Micro-benchmark of snapshot decoding, the step of `policyctl eval` between a line's bytes
// and the policy: the fast decoder (`FastSnapshotDecoder`) against the slow path it falls
// back to (`JSONReader` then `SnapshotDecoder`), on one thread, over the lines of an NDJSON file.
//
//     swift run -c release decode-benchmark FILE [--rounds R]
//
// Prints the best of R timed rounds over all lines (after one untimed warm-up round) for each
// decoder, in µs of thread CPU time per snapshot (freeing the results is not timed; default
// 5 rounds), and checks that the fast decoder accepts as many lines as the slow path.

import CEL
import Engine
import Foundation

/// Prints `message` to the standard error stream and exits with status 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("decode-benchmark: error: \(message)\n".utf8))
    exit(2)
}

/// The CPU time this thread has used, in seconds (less disturbed than wall time on a shared machine).
func threadSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

var arguments = CommandLine.arguments.dropFirst()
var rounds = 5
var path: String?
while let argument = arguments.popFirst() {
    if argument == "--rounds" {
        guard let text = arguments.popFirst(), let number = Int(text), number > 0 else { fail("`--rounds` needs a positive number") }
        rounds = number
    } else if path == nil, !argument.hasPrefix("-") {
        path = argument
    } else {
        fail("unknown argument `\(argument)`; usage: decode-benchmark FILE [--rounds R]")
    }
}
guard let path, let data = FileManager.default.contents(atPath: path) else { fail("usage: decode-benchmark FILE [--rounds R]") }
let lines = Array(data).split(separator: UInt8(ascii: "\n")).map { Array($0) }
guard !lines.isEmpty else { fail("`\(path)` has no lines") }

let reader = JSONReader()
var fast = FastSnapshotDecoder(reader: reader)

/// The best time of `rounds` rounds (after a warm-up round) of `decode` over every line, in
/// seconds, and how many lines it accepted. Lines are decoded in batches whose results are
/// freed between timings: the time is that of decoding alone, with memory as warm as in `eval`.
func measure<T>(_ lines: [[UInt8]], rounds: Int, _ decode: (UnsafeRawBufferPointer) -> T?) -> (seconds: Double, accepted: Int) {
    let batch = 64
    var best = Double.infinity
    var accepted = 0
    var results: [T?] = []
    results.reserveCapacity(batch)
    for round in 0...rounds {
        var elapsed = 0.0
        accepted = 0
        for start in stride(from: 0, to: lines.count, by: batch) {
            let begin = threadSeconds()
            for line in lines[start..<min(start + batch, lines.count)] { results.append(line.withUnsafeBytes(decode)) }
            elapsed += threadSeconds() - begin
            accepted += results.count { $0 != nil }
            results.removeAll(keepingCapacity: true)
        }
        if round > 0 { best = min(best, elapsed) }  // round 0 warms up
    }
    return (best, accepted)
}

/// Prints one step's figures.
func report(_ name: String, _ lines: [[UInt8]], _ figures: (seconds: Double, accepted: Int)) {
    let micros = (figures.seconds / Double(lines.count) * 1e7).rounded() / 10
    print("\(name): \(micros) µs/snapshot, \(Int(Double(lines.count) / figures.seconds)) snapshots/s, \(figures.accepted) accepted")
}

let bytes = lines.reduce(0) { $0 + $1.count }
print("decode-benchmark: \(lines.count) snapshots, \(bytes / lines.count) bytes each on average, best of \(rounds) rounds of thread CPU time")
let fastFigures = measure(lines, rounds: rounds) { fast.decode($0) }
report("fast decoder (eval)", lines, fastFigures)
let slowFigures = measure(lines, rounds: rounds) { try? SnapshotDecoder.decode(reader.read($0)) }
report("JSONReader + SnapshotDecoder (the slow path)", lines, slowFigures)
report("  of which JSONReader", lines, measure(lines, rounds: rounds) { try? reader.read($0) })
if fastFigures.accepted != slowFigures.accepted {
    fail("the fast decoder accepted \(fastFigures.accepted) lines, the slow path \(slowFigures.accepted)")
}
