/// A run of JSON tokens known in advance (keys, brackets, strings encoded beforehand, such
/// as `],"blocked":[` or a policy's whole `"policy":{…}` member), written by a ``JSONWriter``
/// in one copy of its bytes where writing the tokens one by one costs a call and the
/// writer's bookkeeping each.
///
/// A fragment is made by writing its tokens (`JSONFragment { w in w.endArray(); w.key(k) }`),
/// so its bytes are the writer's own: compact output appends them (with or without the comma
/// its first token may need, as the writer's state says), pretty output writes the tokens
/// again, indented where they fall. Either way the output is what writing the tokens gives.
public struct JSONFragment: Sendable {
    /// Writes the tokens: what a pretty writer does with the fragment.
    let tokens: @Sendable (inout JSONWriter) -> Void
    /// The compact bytes where the first token follows an item of the same container (and
    /// so starts with a comma, unless it closes the container)…
    let afterItem: [UInt8]
    /// …and where it follows nothing: a key, an opening bracket, the top level.
    let first: [UInt8]
    /// The containers the tokens open, less those they close.
    let depthChange: Int
    /// The writer's state after the tokens: whether the innermost container holds an item,
    /// and whether a key was just written.
    let endsWithItems: Bool
    let endsAfterKey: Bool

    /// The fragment of the tokens `tokens` writes. They may close containers open where the
    /// fragment is written, but not the top-level value's and then write more (compact
    /// bytes are made for a fragment inside containers).
    public init(_ tokens: @escaping @Sendable (inout JSONWriter) -> Void) {
        self.tokens = tokens
        // Written inside enough open containers for any closing token the fragment holds,
        // once after an item and once after an opening bracket.
        let room = 16
        func written(afterItem: Bool) -> (bytes: [UInt8], writer: JSONWriter) {
            var w = JSONWriter(capacity: 64)
            for _ in 0..<room { w.beginArray() }
            if afterItem { w.null() }
            w.removeAll()
            tokens(&w)
            return (w.bytes, w)
        }
        let (afterItem, after) = written(afterItem: true)
        let (first, fresh) = written(afterItem: false)
        precondition(after.depth == fresh.depth && after.hasItems == fresh.hasItems && after.afterKey == fresh.afterKey,
                     "a fragment ends in the same state wherever it starts")
        self.afterItem = afterItem
        self.first = first
        depthChange = after.depth - room
        endsWithItems = after.hasItems
        endsAfterKey = after.afterKey
    }
}
