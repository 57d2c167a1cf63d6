// Fuzzes the two snapshot decoders of `eval` against each other: whatever the fast decoder
// (`FastSnapshotDecoder`) accepts, the slow path (`JSONReader` + `SnapshotDecoder`) must
// accept too, with the same snapshot. Neither may crash on any input.
import FuzzerEntry
import CEL
import Engine

/// One fast decoder for every input, as one worker of `eval` keeps one.
nonisolated(unsafe) private var fast = FastSnapshotDecoder(reader: JSONReader())
private let reader = JSONReader()

/// The snapshot as text that tells kinds apart (int from decimal, decimal scales, key order).
private func strictText(_ snapshot: DecodedSnapshot) -> String {
    var writer = JSONWriter()
    writer.beginArray()
    writer.string(snapshot.accountID)
    writer.string(snapshot.bureau ?? "<none>")
    writer.string(snapshot.asOf?.rfc3339 ?? "<none>")
    for (name, value) in snapshot.fields {
        writer.string(name)
        TypedValueJSON.encode(value, into: &writer)
    }
    TypedValueJSON.encode(snapshot.whole, into: &writer)
    writer.endArray()
    return writer.text
}

/// Tests one input; libFuzzer calls it with every input it makes.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSnapshotDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let slow: DecodedSnapshot?
    do { slow = try SnapshotDecoder.decode(try reader.read(bytes)) } catch { slow = nil }
    guard let decoded = fast.decode(bytes) else { return 0 }
    guard let slow else { fatalError("the fast decoder accepts an input that the slow path refuses") }
    let (fastText, slowText) = (strictText(decoded), strictText(slow))
    if fastText != slowText { fatalError("the decoders disagree:\nfast \(fastText)\nslow \(slowText)") }
    return 0
}

/// The entry point SwiftPM links as `main` (whichever of it and libFuzzer's own `main` the
/// linker keeps, libFuzzer runs `fuzzSnapshotDecoder`).
@_cdecl("FuzzSnapshotDecoder_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    policyctl_fuzz_main(argc, argv) { fuzzSnapshotDecoder($0, $1) }
}
