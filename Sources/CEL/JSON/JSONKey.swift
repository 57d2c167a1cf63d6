/// An object key encoded once (quoted, escaped, with its colon), for keys a program writes
/// many times, such as the field names of every output line. It keeps its name.
public final class JSONKey: Sendable {
    /// The key's text.
    public let name: String
    /// `"name":` in UTF-8.
    let encoded: [UInt8]

    public init(_ name: String) {
        self.name = name
        var writer = JSONWriter(capacity: name.utf8.count + 3)
        writer.key(name)
        encoded = writer.bytes
    }
}
