/// Control message types (RFC 3931 3.1), the value of the Message Type AVP.
public enum L2TPMessageType: UInt16, Sendable, CaseIterable {
    case sccrq = 1, sccrp = 2, scccn = 3, stopccn = 4, hello = 6
    case ocrq = 7, ocrp = 8, occn = 9
    case icrq = 10, icrp = 11, iccn = 12, cdn = 14
    case wen = 15, sli = 16
    /// Explicit Acknowledgement: unlike a ZLB it has a Message Type, so it can carry a Message Digest.
    case ack = 20
}
