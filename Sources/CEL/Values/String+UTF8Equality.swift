extension String {
    /// Whether the two strings have the same UTF-8 bytes, that is the same Unicode scalars
    /// (CEL equality, unlike Swift's `==`, ignores canonical equivalence).
    ///
    /// Compares contiguous storage directly when both strings have it (native strings do),
    /// which is many times faster than iterating two `UTF8View`s.
    @inline(__always)
    func hasSameUTF8(as other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        let fast: Bool?? = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                for i in 0..<x.count where x[i] != y[i] { return false }
                return true
            }
        }
        if let fast, let fast { return fast }
        return a.elementsEqual(b)
    }
}
