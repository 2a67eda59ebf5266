/// Result Code AVP value (RFC 3931 5.4.2): result, then an optional error code, then an optional message.
public struct L2TPResultCode: Hashable, Sendable {
    public var result: UInt16
    public var error: UInt16?
    /// The format has no room for a message without an error code: one is sent with error 0.
    public var message: String?

    public init(result: UInt16, error: UInt16? = nil, message: String? = nil) {
        self.result = result
        self.error = error
        self.message = message
    }

    var bytes: [UInt8] {
        var bytes = [UInt8(result >> 8), UInt8(truncatingIfNeeded: result)]
        guard error != nil || message != nil else { return bytes }
        let error = error ?? 0
        bytes += [UInt8(error >> 8), UInt8(truncatingIfNeeded: error)]
        if let message { bytes += Array(message.utf8) }
        return bytes
    }

    /// Nil for a value shorter than the 2-byte Result Code or with a lone byte of Error Code.
    init?(bytes: [UInt8]) {
        guard bytes.count >= 2, bytes.count != 3 else { return nil }
        result = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        error = bytes.count >= 4 ? UInt16(bytes[2]) << 8 | UInt16(bytes[3]) : nil
        message = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : nil
    }
}
