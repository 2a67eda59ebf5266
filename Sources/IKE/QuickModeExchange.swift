import Wire

/// One Quick Mode exchange on an ISAKMP SA, by message ID.
final class QuickModeExchange {
    enum State { case sentHash1, sentHash2, done }

    let messageID: UInt32
    let initiator: Bool
    var state: State
    /// The CBC chain of this exchange, seeded from the phase 1 IV and the message ID.
    var iv: [UInt8]
    var proposal: Phase2Proposal?
    var localSPI: UInt32
    var remoteSPI: UInt32 = 0
    var initiatorNonce: [UInt8] = []
    var responderNonce: [UInt8] = []
    /// The ID payloads to echo (transport selectors), exactly as the initiator sent them.
    var identities: [ISAKMPPayload] = []
    var udpEncapsulated = false
    /// The child SA this exchange renews, removed when the new one is installed.
    var replaces: ChildSA?

    var lastSent: [UInt8]?
    var lastReceived: [UInt8]?
    var retransmitAt: Duration?
    var retransmissions = 0
    var finishedAt: Duration?
    var keysLogged = false

    init(messageID: UInt32, initiator: Bool, iv: [UInt8], localSPI: UInt32) {
        self.messageID = messageID
        self.initiator = initiator
        self.iv = iv
        self.localSPI = localSPI
        state = initiator ? .sentHash1 : .sentHash2
    }
}
