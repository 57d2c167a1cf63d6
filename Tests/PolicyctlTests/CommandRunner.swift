import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `policyctl` binary, as a user or a pipeline would.
enum CommandRunner {
    /// The repository root (for `policies/` and `examples/`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `policyctl` built beside this test bundle.
    static var binary: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("policyctl")
        }
        return Bundle.main.bundleURL.appendingPathComponent("policyctl")
    }

    /// What a run gave.
    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
        var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    /// Runs `policyctl args` in the repository root with `input` on stdin. `stdoutPath` and
    /// `stderrPath` send the streams to a file (such as `/dev/full`) instead of a pipe; the
    /// result then holds nothing of them. `executable` runs another copy of the binary.
    static func run(_ args: [String], input: Data = Data(), closeStdoutEarly: Bool = false,
                    stdoutPath: String? = nil, stderrPath: String? = nil, executable: URL? = nil) throws -> Result {
        // Writing to a child that has exited must fail with EPIPE, not kill the test run.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = args
        process.currentDirectoryURL = root
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        if let stdoutPath { process.standardOutput = try XCTUnwrap(FileHandle(forWritingAtPath: stdoutPath), stdoutPath) }
        if let stderrPath { process.standardError = try XCTUnwrap(FileHandle(forWritingAtPath: stderrPath), stderrPath) }
        try process.run()
        if closeStdoutEarly { try stdout.fileHandleForReading.close() }
        let writer = Thread {
            // The child may exit before reading everything (a closed pipe is expected then).
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        var out = Data()
        if !closeStdoutEarly, stdoutPath == nil { out = stdout.fileHandleForReading.readDataToEndOfFile() }
        let err = stderrPath == nil ? stderr.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policyctl-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
