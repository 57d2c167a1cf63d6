#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// Whether the two strings have the same UTF-8 bytes, that is the same Unicode scalars
    /// (CEL equality, unlike Swift's `==`, ignores canonical equivalence).
    ///
    /// Compares the strings' UTF-8 storage in place (`withUTF8` reads a native string where
    /// it is, a small one from the stack), which is many times faster than iterating two
    /// `UTF8View`s.
    @inline(__always)
    func hasSameUTF8(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var a = self
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard let xa = x.baseAddress, let ya = y.baseAddress else { return x.isEmpty }
                return memcmp(xa, ya, x.count) == 0
            }
        }
    }
}
