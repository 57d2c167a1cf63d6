/// The strings a decoder made lately for short texts, so that a text that comes again (a
/// bill's period, a notice's kind or channel, a customer's category) is not made again:
/// making a `String` validates and copies its bytes (~350 instructions), finding it here
/// takes ~25.
///
/// Texts of up to 16 bytes are kept, each with its words (``KnownText/Words``, which hold
/// all of such a text), in a table of 256 entries indexed by a hash of the words; a new text
/// takes the place of the one in its entry. The decoder's texts are the same strings either
/// way: only whether their bytes are copied again differs.
///
/// A class, so that the decoder's reading of a string can use it while the decoder's state
/// is being changed; one decoder, on one thread, uses it.
final class RecentTexts {
    private struct Entry {
        var words: KnownText.Words
        var text: String
    }

    private static let count = 256
    /// The entries, in memory of their own: indexed by a hash masked to the table, read and
    /// written without the checks of an array. At first every one holds the empty text.
    private let entries: UnsafeMutablePointer<Entry>

    init() {
        let empty = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        entries = .allocate(capacity: Self.count)
        entries.initialize(repeating: Entry(words: KnownText.Words(empty), text: ""), count: Self.count)
    }

    deinit {
        entries.deinitialize(count: Self.count)
        entries.deallocate()
    }

    /// The string of the UTF-8 `bytes` (already validated), found among recent ones or made now.
    @inline(__always)
    func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count <= 16 else { return String(decoding: bytes, as: UTF8.self) }
        let words = KnownText.Words(bytes)
        let mixed = (words.head &* 0x9E37_79B9_7F4A_7C15) ^ (words.tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(words.count)
        let entry = entries + Int(truncatingIfNeeded: mixed >> 56)
        if entry.pointee.words == words { return entry.pointee.text }
        let text = String(decoding: bytes, as: UTF8.self)
        entry.pointee = Entry(words: words, text: text)
        return text
    }
}
