// Typed access to the first vendor-0 AVP of each kind. Setting adds the AVP with the M bit RFC 3931 gives it (or
// replaces the first one in place); nil removes every vendor-0 AVP of that type. A getter is nil when the AVP is
// absent or its value has the wrong size.
extension L2TPControlMessage {
    /// The first vendor-0 AVP of `type`.
    public func avp(_ type: UInt16) -> L2TPAVP? { avps.first { $0.vendorID == 0 && $0.type == type } }

    /// Sets or removes the vendor-0 AVP of `type`. Message Type stays first; Message Digest goes right after it
    /// (RFC 3931 5.4.1); anything else new is appended.
    public mutating func setAVP(_ type: UInt16, _ value: [UInt8]?) {
        guard let value else {
            avps.removeAll { $0.vendorID == 0 && $0.type == type }
            return
        }
        let avp = L2TPAVP(type: type, value: value, mandatory: L2TPAttribute.isMandatory(type))
        if let index = avps.firstIndex(where: { $0.vendorID == 0 && $0.type == type }) {
            avps[index] = avp
        } else if type == L2TPAttribute.messageType {
            avps.insert(avp, at: 0)
        } else if type == L2TPAttribute.messageDigest {
            avps.insert(avp, at: avps.first?.type == L2TPAttribute.messageType ? 1 : 0)
        } else {
            avps.append(avp)
        }
    }

    func integer<T: FixedWidthInteger>(_ type: UInt16, as: T.Type) -> T? { avp(type)?.integer(as: T.self) }

    mutating func setInteger<T: FixedWidthInteger>(_ type: UInt16, _ value: T?) {
        setAVP(type, value.map { L2TPAVP.integer(type, $0).value })
    }

    func string(_ type: UInt16) -> String? { avp(type).map { String(decoding: $0.value, as: UTF8.self) } }

    public var hostName: String? {
        get { string(L2TPAttribute.hostName) }
        set { setAVP(L2TPAttribute.hostName, newValue.map { Array($0.utf8) }) }
    }

    public var vendorName: String? {
        get { string(L2TPAttribute.vendorName) }
        set { setAVP(L2TPAttribute.vendorName, newValue.map { Array($0.utf8) }) }
    }

    public var routerID: UInt32? {
        get { integer(L2TPAttribute.routerID, as: UInt32.self) }
        set { setInteger(L2TPAttribute.routerID, newValue) }
    }

    public var assignedControlConnectionID: UInt32? {
        get { integer(L2TPAttribute.assignedControlConnectionID, as: UInt32.self) }
        set { setInteger(L2TPAttribute.assignedControlConnectionID, newValue) }
    }

    /// PW types (Ethernet 5, Ethernet VLAN 4). Nil for an empty or odd-length value.
    public var pseudowireCapabilities: [UInt16]? {
        get {
            guard let value = avp(L2TPAttribute.pseudowireCapabilities)?.value, !value.isEmpty, value.count % 2 == 0
            else { return nil }
            return stride(from: 0, to: value.count, by: 2).map { UInt16(value[$0]) << 8 | UInt16(value[$0 + 1]) }
        }
        set {
            setAVP(L2TPAttribute.pseudowireCapabilities,
                   newValue.map { $0.flatMap { [UInt8($0 >> 8), UInt8(truncatingIfNeeded: $0)] } })
        }
    }

    public var localSessionID: UInt32? {
        get { integer(L2TPAttribute.localSessionID, as: UInt32.self) }
        set { setInteger(L2TPAttribute.localSessionID, newValue) }
    }

    public var remoteSessionID: UInt32? {
        get { integer(L2TPAttribute.remoteSessionID, as: UInt32.self) }
        set { setInteger(L2TPAttribute.remoteSessionID, newValue) }
    }

    /// Opaque bytes: RTX's `l2tp remote end-id` string, compared byte for byte.
    public var remoteEndID: [UInt8]? {
        get { avp(L2TPAttribute.remoteEndID)?.value }
        set { setAVP(L2TPAttribute.remoteEndID, newValue) }
    }

    public var pseudowireType: UInt16? {
        get { integer(L2TPAttribute.pseudowireType, as: UInt16.self) }
        set { setInteger(L2TPAttribute.pseudowireType, newValue) }
    }

    /// Bit 0 Active, bit 1 New (RFC 3931 5.4.5); RTX sends 0x0003.
    public var circuitStatus: UInt16? {
        get { integer(L2TPAttribute.circuitStatus, as: UInt16.self) }
        set { setInteger(L2TPAttribute.circuitStatus, newValue) }
    }

    public var resultCode: L2TPResultCode? {
        get { avp(L2TPAttribute.resultCode).flatMap { L2TPResultCode(bytes: $0.value) } }
        set { setAVP(L2TPAttribute.resultCode, newValue?.bytes) }
    }

    public var receiveWindowSize: UInt16? {
        get { integer(L2TPAttribute.receiveWindowSize, as: UInt16.self) }
        set { setInteger(L2TPAttribute.receiveWindowSize, newValue) }
    }

    public var serialNumber: UInt32? {
        get { integer(L2TPAttribute.serialNumber, as: UInt32.self) }
        set { setInteger(L2TPAttribute.serialNumber, newValue) }
    }

    /// Control Message Authentication Nonce (SCCRQ, SCCRP).
    public var nonce: [UInt8]? {
        get { avp(L2TPAttribute.controlMessageAuthenticationNonce)?.value }
        set { setAVP(L2TPAttribute.controlMessageAuthenticationNonce, newValue) }
    }

    /// Nil when absent or with an empty value (no Digest Type octet).
    public var messageDigest: L2TPMessageDigest? {
        get {
            guard let value = avp(L2TPAttribute.messageDigest)?.value, let type = value.first else { return nil }
            return L2TPMessageDigest(type: type, digest: Array(value.dropFirst()))
        }
        set { setAVP(L2TPAttribute.messageDigest, newValue.map { [$0.type] + $0.digest }) }
    }

    /// 0 or empty means no cookie; RTX never assigns one.
    public var assignedCookie: [UInt8]? {
        get { avp(L2TPAttribute.assignedCookie)?.value }
        set { setAVP(L2TPAttribute.assignedCookie, newValue) }
    }

    public var l2SpecificSublayer: UInt16? {
        get { integer(L2TPAttribute.l2SpecificSublayer, as: UInt16.self) }
        set { setInteger(L2TPAttribute.l2SpecificSublayer, newValue) }
    }

    public var dataSequencing: UInt16? {
        get { integer(L2TPAttribute.dataSequencing, as: UInt16.self) }
        set { setInteger(L2TPAttribute.dataSequencing, newValue) }
    }

    /// RFC 2661 Challenge, only to recognise and log a peer using L2TPv2-style tunnel authentication.
    public var challenge: [UInt8]? {
        get { avp(L2TPAttribute.challenge)?.value }
        set { setAVP(L2TPAttribute.challenge, newValue) }
    }

    /// RFC 2661 Challenge Response (16 bytes), see `challenge`.
    public var challengeResponse: [UInt8]? {
        get { avp(L2TPAttribute.challengeResponse)?.value }
        set { setAVP(L2TPAttribute.challengeResponse, newValue) }
    }
}
