import Wire

/// A phase 1 identity: the ID payload's type and data (RFC 2407 4.6.2.1).
public struct IKEIdentity: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable {
        case ipv4Address = 1
        case fqdn = 2
        case userFQDN = 3
        case keyID = 11
    }

    public var kind: Kind
    public var data: [UInt8]

    public init(kind: Kind, data: [UInt8]) {
        self.kind = kind
        self.data = data
    }

    public init(address: IPv4Address) {
        self.init(kind: .ipv4Address, data: address.bytes)
    }

    public init(kind: Kind, name: String) {
        self.init(kind: kind, data: Array(name.utf8))
    }

    init?(_ payload: IdentificationPayload) {
        guard let kind = Kind(rawValue: payload.idType) else { return nil }
        self.init(kind: kind, data: payload.data)
    }

    /// Phase 1 IDs carry UDP port 500, as RTX and strongSwan send them.
    var payload: IdentificationPayload {
        IdentificationPayload(idType: kind.rawValue, protocolID: 17, port: 500, data: data)
    }

    public var description: String {
        switch kind {
        case .ipv4Address where data.count == 4: "\(IPv4Address(bytes: data))"
        default: String(decoding: data, as: UTF8.self)
        }
    }
}
