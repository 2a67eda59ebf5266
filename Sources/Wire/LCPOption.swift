/// LCP configuration option types (RFC 1661 6, RFC 1570).
public enum LCPOption {
    /// Maximum-Receive-Unit, 2 bytes.
    public static let mru: UInt8 = 1
    /// Async-Control-Character-Map: meaningless over PPPoE (RFC 2516 7 says it MUST NOT be requested).
    public static let asyncMap: UInt8 = 2
    /// Authentication-Protocol: 2-byte protocol, then data (CHAP: the algorithm, 5 = MD5).
    public static let authProtocol: UInt8 = 3
    public static let qualityProtocol: UInt8 = 4
    /// Magic-Number, 4 bytes, never zero.
    public static let magicNumber: UInt8 = 5
    /// Protocol-Field-Compression and Address-and-Control-Field-Compression: not used over PPPoE.
    public static let protocolFieldCompression: UInt8 = 7
    public static let addressControlFieldCompression: UInt8 = 8
    /// CHAP algorithm number for MD5 (RFC 1994 3).
    public static let chapMD5: UInt8 = 5
}
