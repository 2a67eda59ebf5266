import NIOCore

/// One PPPoE discovery tag (RFC 2516 Appendix A): TAG_TYPE, TAG_LENGTH, value.
public struct PPPoETag: Hashable, Sendable {
    public var type: UInt16
    public var value: [UInt8]

    public static let headerLength = 4

    public init(type: UInt16, value: [UInt8]) {
        self.type = type
        self.value = value
    }

    public static func serviceName(_ name: String) -> PPPoETag { PPPoETag(type: PPPoETagType.serviceName, value: Array(name.utf8)) }
    public static func acName(_ name: String) -> PPPoETag { PPPoETag(type: PPPoETagType.acName, value: Array(name.utf8)) }
    public static func hostUniq(_ value: [UInt8]) -> PPPoETag { PPPoETag(type: PPPoETagType.hostUniq, value: value) }
    public static func acCookie(_ value: [UInt8]) -> PPPoETag { PPPoETag(type: PPPoETagType.acCookie, value: value) }
    public static func genericError(_ text: String) -> PPPoETag { PPPoETag(type: PPPoETagType.genericError, value: Array(text.utf8)) }

    /// The value as text (names and error messages are UTF-8; invalid bytes show as U+FFFD).
    public var text: String { String(decoding: value, as: UTF8.self) }

    /// The 16-bit TAG_LENGTH caps a value at 65535 bytes; `write(to:)` cuts a longer one there.
    public var wireLength: Int { Self.headerLength + min(value.count, Int(UInt16.max)) }

    public func write(to buffer: inout ByteBuffer) {
        let count = min(value.count, Int(UInt16.max))
        buffer.writeInteger(type)
        buffer.writeInteger(UInt16(count))
        buffer.writeBytes(value.prefix(count))
    }
}
