/// Vendor-0 AVP attribute types. Numbers from RFC 3931 section 5.4 unless marked RFC 2661 (L2TPv2 AVPs that
/// L2TPv3 peers may still send and that we recognise, so they never trigger the unknown-M-bit rule).
public enum L2TPAttribute {
    public static let messageType: UInt16 = 0
    public static let resultCode: UInt16 = 1
    /// RFC 2661.
    public static let protocolVersion: UInt16 = 2
    /// RFC 2661.
    public static let framingCapabilities: UInt16 = 3
    /// Control Connection Tie Breaker and Session Tie Breaker share this type.
    public static let tieBreaker: UInt16 = 5
    public static let hostName: UInt16 = 7
    public static let vendorName: UInt16 = 8
    public static let receiveWindowSize: UInt16 = 10
    /// RFC 2661 tunnel authentication.
    public static let challenge: UInt16 = 11
    /// RFC 2661 tunnel authentication.
    public static let challengeResponse: UInt16 = 13
    public static let serialNumber: UInt16 = 15
    public static let physicalChannelID: UInt16 = 25
    public static let circuitErrors: UInt16 = 34
    public static let randomVector: UInt16 = 36
    public static let messageDigest: UInt16 = 59
    public static let routerID: UInt16 = 60
    public static let assignedControlConnectionID: UInt16 = 61
    public static let pseudowireCapabilities: UInt16 = 62
    public static let localSessionID: UInt16 = 63
    public static let remoteSessionID: UInt16 = 64
    public static let assignedCookie: UInt16 = 65
    public static let remoteEndID: UInt16 = 66
    public static let pseudowireType: UInt16 = 68
    public static let l2SpecificSublayer: UInt16 = 69
    public static let dataSequencing: UInt16 = 70
    public static let circuitStatus: UInt16 = 71
    public static let preferredLanguage: UInt16 = 72
    public static let controlMessageAuthenticationNonce: UInt16 = 73
    public static let txConnectSpeed: UInt16 = 74
    public static let rxConnectSpeed: UInt16 = 75

    /// Vendor-0 types this implementation recognises; anything else with the M bit fails the message.
    public static let known: Set<UInt16> = [
        messageType, resultCode, protocolVersion, framingCapabilities, tieBreaker, hostName, vendorName,
        receiveWindowSize, challenge, challengeResponse, serialNumber, physicalChannelID, circuitErrors, randomVector,
        messageDigest, routerID, assignedControlConnectionID, pseudowireCapabilities, localSessionID, remoteSessionID,
        assignedCookie, remoteEndID, pseudowireType, l2SpecificSublayer, dataSequencing, circuitStatus,
        preferredLanguage, controlMessageAuthenticationNonce, txConnectSpeed, rxConnectSpeed,
    ]

    /// Types whose M bit RFC 3931 says SHOULD be 0; every other RFC 3931 AVP is sent with M = 1.
    static let optional: Set<UInt16> = [
        vendorName, serialNumber, physicalChannelID, circuitErrors, preferredLanguage, txConnectSpeed, rxConnectSpeed,
    ]

    /// The M bit RFC 3931 section 5.4 gives a vendor-0 AVP of this type.
    public static func isMandatory(_ type: UInt16) -> Bool { !optional.contains(type) }
}
