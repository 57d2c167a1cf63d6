import CEL

/// Values as plain text in reasons and details: strings as they are, times in the
/// policy's zone, decimals with their scale.
enum ValueText {
    static func plain(_ value: Value, zone: TimeZoneSpec) -> String {
        if case .string(let s) = value { return s }
        var text: [UInt8] = []
        append(value, zone: zone, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends ``plain(_:zone:)``'s text of `value` to `text` as UTF-8: how a reason is
    /// rendered without a `String` per piece.
    static func append(_ value: Value, zone: TimeZoneSpec, to text: inout [UInt8]) {
        switch value {
        case .string(let s): text.append(contentsOf: s.utf8)
        case .int(let i): text.append(contentsOf: String(i).utf8)
        case .uint(let u): text.append(contentsOf: String(u).utf8)
        case .bool(let b): text.append(contentsOf: (b ? "true" : "false").utf8)
        case .decimal(let d): append(CELDecimal.maxTextLength, to: &text) { d.write(into: $0) }
        case .date(let d): text.append(contentsOf: d.description.utf8)
        case .timestamp(let t): append(Timestamp.maxRFC3339Length, to: &text) { t.writeRFC3339(in: zone, into: $0) }
        case .duration(let d): text.append(contentsOf: d.description.utf8)
        case .null: text.append(contentsOf: "null".utf8)
        default: text.append(contentsOf: value.debugText.utf8)
        }
    }

    /// Appends what `write` writes into a buffer of `maxLength` bytes (returning its length).
    @inline(__always)
    private static func append(_ maxLength: Int, to text: inout [UInt8],
                               _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxLength) { buffer in
            text.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<write(buffer)]))
        }
    }
}
