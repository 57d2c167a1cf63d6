/// A string value encoded once (quoted and escaped), for texts a program writes into many
/// documents, such as a policy's rule ids and cites in every decision. It keeps its text.
public final class JSONString: Sendable, Equatable {
    /// The text.
    public let text: String
    /// `"text"` in UTF-8, escaped.
    let encoded: [UInt8]

    public init(_ text: String) {
        self.text = text
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.string(text)
        encoded = writer.bytes
    }

    public static func == (a: JSONString, b: JSONString) -> Bool { a.text == b.text }
}
