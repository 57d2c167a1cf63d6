// Fuzzes the policy loader on YAML text: read the text as a policy file next to the shipped
// calendar, resolve `extends`, parse, check and plan every expression, as `policyctl check`
// does. Bad text must give diagnostics, never a crash. (The shipped base policy is not put
// beside it: reading its 45 KB on every input would make the fuzzer a hundred times slower.)
import FuzzerEntry
import Foundation
import Policy

/// Policies are small files; longer inputs only slow the fuzzer down.
private let maxInputBytes = 16 * 1024

/// A fresh folder holding the shipped `calendars/`, which fuzzed policies may name, and the
/// path the input is written to.
private let inputPath: String = {
    let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let shipped = repository.appendingPathComponent("policies")
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("policyctl-fuzz-policy-loader")
    // The compiler reads the action vocabulary from the policy schema compiled into Policy;
    // were it unreadable every input would stop at one diagnostic (`policy.missing-resource`)
    // and the rest of the compiler would go unfuzzed.
    if case .failure(let error) = ActionVocabulary.shipped { fatalError("fuzz setup: \(error)") }
    do {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("calendars"), withIntermediateDirectories: true)
        for name in ["calendars/cn-2026.yaml"] {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    } catch {
        fatalError("fuzz setup in \(folder.path): \(error)")
    }
    return folder.appendingPathComponent("input.yaml").path
}()

/// Tests one input; libFuzzer calls it with every input it makes.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzPolicyLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size <= maxInputBytes else { return -1 }
    guard FileManager.default.createFile(atPath: inputPath, contents: Data(bytes: data, count: size)) else {
        fatalError("cannot write \(inputPath)")
    }
    let library = PolicyLibrary(paths: [inputPath])
    var diagnostics = library.diagnostics
    for id in library.requested {
        _ = PolicyCompiler(library: library).compile(id, diagnostics: &diagnostics)
    }
    return 0
}

/// The entry point SwiftPM links as `main` (whichever of it and libFuzzer's own `main` the
/// linker keeps, libFuzzer runs `fuzzPolicyLoader`).
@_cdecl("FuzzPolicyLoader_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    policyctl_fuzz_main(argc, argv) { fuzzPolicyLoader($0, $1) }
}
