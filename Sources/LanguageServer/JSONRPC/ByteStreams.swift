#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the server reads its messages from: stdin in `policyctl lsp`, bytes in tests.
public protocol ByteInput: AnyObject {
    /// Up to `maxLength` bytes; empty at the end of the input (or when reading fails).
    func read(maxLength: Int) -> [UInt8]
}

/// Where the server writes its messages.
public protocol ByteOutput: AnyObject {
    /// Writes all of `bytes`; throws when they cannot be written.
    func write(_ bytes: [UInt8]) throws
}

/// A file descriptor read with `read(2)`.
public final class FileDescriptorInput: ByteInput {
    let descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func read(maxLength: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxLength)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, maxLength) }
            if count < 0, errno == EINTR { continue }
            return count > 0 ? Array(buffer[..<count]) : []
        }
    }
}

/// A file descriptor written with `write(2)`, every byte or an error.
public final class FileDescriptorOutput: ByteOutput {
    let descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// A write that failed, with the system's reason.
    public struct WriteError: Error, CustomStringConvertible {
        /// The system's reason.
        public let description: String
    }

    public func write(_ bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress.map { $0 + written }, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw WriteError(description: String(cString: strerror(errno))) }
            written += count
        }
    }
}

/// Bytes held in memory: the input of a test.
public final class BufferInput: ByteInput {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public func read(maxLength: Int) -> [UInt8] {
        let end = min(bytes.count, position + maxLength)
        defer { position = end }
        return Array(bytes[position..<end])
    }
}

/// Bytes collected in memory: the output of a test.
public final class BufferOutput: ByteOutput {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func write(_ bytes: [UInt8]) throws {
        self.bytes.append(contentsOf: bytes)
    }
}
