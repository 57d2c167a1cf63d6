import CEL
import Foundation
import Policy

/// An open document: what the editor has, which may differ from the file on disk.
struct TextDocument {
    /// The document's URI, as the client spelled it (diagnostics are published to it).
    let uri: String
    /// The file path the URI names, normalized.
    let path: String
    var version: Int?
    var text: String
}

/// The documents the client has open, by URI.
struct TextDocuments {
    private(set) var byURI: [String: TextDocument] = [:]

    /// The file path a `file:` URI names (percent-escapes decoded), normalized; nil for
    /// other schemes (`untitled:`), which name no file a policy could extend.
    static func path(ofURI uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return PolicyLibrary.normalized(url.path)
    }

    /// The `file:` URI of a path.
    static func uri(ofPath path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }

    mutating func open(_ document: TextDocument) {
        byURI[document.uri] = document
    }

    @discardableResult
    mutating func close(_ uri: String) -> TextDocument? {
        byURI.removeValue(forKey: uri)
    }

    subscript(uri: String) -> TextDocument? { byURI[uri] }

    /// Every open document's text by path: what the library reads in place of the disk.
    var overlay: [String: [UInt8]] {
        Dictionary(byURI.values.map { ($0.path, Array($0.text.utf8)) }, uniquingKeysWith: { $1 })
    }

    /// The open document of `path`, if any.
    func document(atPath path: String) -> TextDocument? {
        byURI.values.first { $0.path == path }
    }
}
