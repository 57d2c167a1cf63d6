/// The bytes a ``JSONWriter`` has written, in memory it manages itself.
///
/// Written by hand instead of appending to a `[UInt8]`: every append to an array checks the
/// array's uniqueness (a runtime call) and capacity, several times per JSON token. Here the
/// writer checks uniqueness once per token and each append is a capacity check and a store.
final class JSONOutput {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    /// The bytes it can hold before it grows.
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// An output holding the same bytes.
    func copy() -> JSONOutput {
        let copy = JSONOutput(capacity: capacity)
        copy.append(UnsafeBufferPointer(start: base, count: count))
        return copy
    }

    /// The bytes written so far.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Room for `length` more bytes: the address to write them at. Call ``commit(_:)`` with
    /// how many were written.
    @inline(__always)
    func reserve(_ length: Int) -> UnsafeMutablePointer<UInt8> {
        if count + length > capacity { grow(toHold: count + length) }
        return base + count
    }

    @inline(__always)
    func commit(_ length: Int) {
        count += length
    }

    /// Forgets the bytes written, keeping the memory.
    func removeAll() {
        count = 0
    }

    private func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
