import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing to stdout and stderr, and reading stdin and files, for the subcommands.
enum StandardStreams {
    /// Writes bytes to stdout, unbuffered (callers write whole lines or batches). A failed
    /// write (a full disk, a closed pipe) is reported on stderr and is an I/O error.
    static func write(_ bytes: [UInt8]) throws(ExitStatus) {
        guard bytes.withUnsafeBytes({ writeAll($0, to: 1) }) else { throw outputFailed("stdout") }
    }

    /// Writes bytes to stdout in place, as the array form does.
    static func write(_ bytes: UnsafeRawBufferPointer) throws(ExitStatus) {
        guard writeAll(bytes, to: 1) else { throw outputFailed("stdout") }
    }

    /// Writes a line of text to stdout.
    static func writeLine(_ text: String) throws(ExitStatus) {
        try write(Array((text + "\n").utf8))
    }

    /// Writes `bytes` into the file at `path`, created or emptied first (a device or a pipe is
    /// written into, never replaced). A failure is reported on stderr, a partly written regular
    /// file is removed, and it is an I/O error.
    static func write(_ bytes: [UInt8], toFile path: String) throws(ExitStatus) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw outputFailed("`\(path)`") }
        var failure: Int32?
        if !bytes.withUnsafeBytes({ writeAll($0, to: fd) }) { failure = errno }
        // A network file system may report a failed write only when the file is closed.
        if close(fd) != 0, errno != EINTR, failure == nil { failure = errno }
        guard let failure else { return }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { unlink(path) }
        throw outputFailed("`\(path)`", reason: failure)
    }

    /// Closes stdout before the process exits, so that a write failure the system reports
    /// only then is still an I/O error. A stdout that was never open is no failure: a
    /// command that wrote to it has failed already.
    static func closeStandardOutput() throws(ExitStatus) {
        if close(1) != 0, errno != EBADF, errno != EINTR { throw outputFailed("stdout") }
    }

    /// Writes text to stderr as is. A stderr that cannot be written is ignored: there is
    /// nowhere left to say so, and the command's output and exit code still hold.
    static func error(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { writeAll($0, to: 2) }
    }

    /// Reports that the output to `target` could not be written, with the system's reason
    /// (`errno` unless given), and returns the I/O error to throw.
    private static func outputFailed(_ target: String, reason: Int32 = errno) -> ExitStatus {
        error("policyctl: cannot write the output to \(target): \(String(cString: strerror(reason)))\n")
        return .io
    }

    /// Writes all of `buffer` to `fd`, retrying interrupted and partial writes; false (with
    /// `errno` set) when the system refuses.
    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, base + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
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
