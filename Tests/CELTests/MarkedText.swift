/// Expression text with position markers, as the tests write it: `1️⃣`…`4️⃣` stand where a
/// diagnostic or an error is expected and are removed before the text is compiled.
struct MarkedText {
    /// The text without its markers.
    let text: String
    /// The UTF-8 offset of each marker in ``text``, by marker number (`1️⃣` first).
    let offsets: [Int]

    private static let markers: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣"]

    init(_ marked: String) {
        var clean = ""
        var found: [Int: Int] = [:]
        for character in marked {
            if let marker = Self.markers.firstIndex(of: character) {
                found[marker] = clean.utf8.count
            } else {
                clean.append(character)
            }
        }
        text = clean
        offsets = (0..<found.count).compactMap { found[$0] }
    }

    /// The offset of `1️⃣`.
    var first: Int { offsets.first ?? -1 }
}
