import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing to stdout and stderr, and reading stdin and files, for the subcommands.
enum StandardStreams {
    /// Writes bytes to stdout, unbuffered (callers write whole lines or batches); a failed
    /// write (a closed pipe) is an I/O error.
    static func write(_ bytes: [UInt8]) throws(ExitStatus) {
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(1, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
        if !ok { throw .io }
    }

    /// Writes a line of text to stdout.
    static func writeLine(_ text: String) throws(ExitStatus) {
        try write(Array((text + "\n").utf8))
    }

    /// Writes text to stderr as is.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether stderr is a terminal (for colour and progress).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// The whole content of a file, or of stdin for `-`; failure is reported and is an I/O error.
    static func readAll(_ path: String) throws(ExitStatus) -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            error("policyctl: cannot read `\(path)`\n")
            throw .io
        }
        return Array(data)
    }

    /// Opens input files for reading (`-` is stdin; none means stdin); a file that cannot be
    /// opened is reported and is an I/O error.
    static func openInputs(_ files: [String]) throws(ExitStatus) -> [Int32] {
        let names = files.isEmpty ? ["-"] : files
        var fds: [Int32] = []
        for name in names {
            if name == "-" {
                fds.append(0)
                continue
            }
            let fd = open(name, O_RDONLY)
            if fd < 0 {
                error("policyctl: cannot open `\(name)`\n")
                throw .io
            }
            fds.append(fd)
        }
        return fds
    }
}
