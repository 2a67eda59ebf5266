import Wire

/// Why an IKE datagram was refused, counted by the Router like every other drop.
extension DropReason {
    /// A datagram on UDP 4500 that is neither a NAT-keepalive nor marked as IKE by four zero bytes.
    public static let ikeNotMarked = DropReason("ike-no-non-esp-marker")
    /// Cookies of no ISAKMP SA this router has.
    public static let ikeUnknownSA = DropReason("ike-unknown-sa")
    /// A message that must be encrypted arrived in the clear.
    public static let ikeNotEncrypted = DropReason("ike-not-encrypted")
    public static let ikeBadCiphertextLength = DropReason("ike-bad-ciphertext-length")
    /// Decrypted to garbage: the wrong key, most likely a different pre-shared key.
    public static let ikeUndecryptable = DropReason("ike-undecryptable")
    /// HASH payload missing or wrong.
    public static let ikeBadHash = DropReason("ike-bad-hash")
    /// No gateway is configured for the sender.
    public static let ikeNoGateway = DropReason("ike-no-gateway")
    /// Nothing in the peer's SA payload is acceptable.
    public static let ikeNoProposalChosen = DropReason("ike-no-proposal-chosen")
    /// A message out of order for the exchange's state, or missing a payload it needs.
    public static let ikeUnexpectedMessage = DropReason("ike-unexpected-message")
    /// A first phase 1 message while `maxHalfOpen` responder negotiations are already in progress.
    public static let ikeTooManyHalfOpen = DropReason("ike-too-many-half-open")
    /// A heartbeat or DPD sequence number already seen.
    public static let ikeReplay = DropReason("ike-replay")
}
