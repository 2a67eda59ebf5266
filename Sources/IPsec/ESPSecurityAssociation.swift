import NIOCore
import Wire

/// One ESP SA (RFC 4303), one direction: its keys set up once, the outbound sequence counter or the
/// inbound anti-replay window, and the counters `show ipsec sa` prints. Sans-IO: `seal` and `open`
/// turn packets into packets. Not for concurrent use (the router that owns it drives it).
public final class ESPSecurityAssociation {
    public enum Direction: Sendable, Hashable {
        case inbound
        case outbound
    }

    public enum Mode: Sendable, Hashable {
        /// Protects the payload of the router's own packets (L2TPv3/IPsec: UDP 1701).
        case transport
        /// Carries whole IPv4 packets between these outer addresses (next header 4).
        case tunnel(source: IPv4Address, destination: IPv4Address)
    }

    /// RFC 3948 UDP encapsulation for NAT traversal.
    public struct UDPEncapsulationPorts: Sendable, Hashable {
        public var source: UInt16
        public var destination: UInt16

        public init(source: UInt16 = UDPEncapsulation.port, destination: UInt16 = UDPEncapsulation.port) {
            self.source = source
            self.destination = destination
        }
    }

    public let spi: UInt32
    public let direction: Direction
    public let mode: Mode
    /// Outbound: wrap the ESP packet in UDP with these ports.
    public let udpEncapsulation: UDPEncapsulationPorts?
    public let cipher: CBCCipher
    public let authenticator: ICVAuthenticator
    private let ivGenerator: IVGenerator

    /// Outbound: the last sequence number sent (0 before the first packet).
    public private(set) var sequence: UInt32 = 0
    /// Inbound: which sequence numbers were accepted.
    public private(set) var replayWindow = ReplayWindow()
    /// Packets sealed or opened successfully, and their IPv4 packet bytes as sent or received.
    public private(set) var packets: UInt64 = 0
    public private(set) var bytes: UInt64 = 0

    public var cipherAlgorithm: CipherAlgorithm { cipher.algorithm }
    public var integrityAlgorithm: IntegrityAlgorithm { authenticator.algorithm }

    /// Keys are `cipher.keyLength` and `integrity.keyLength` bytes (as IKE derives them). `random`
    /// gives the 16-byte key the outbound IVs are made with; nothing else is drawn from it.
    public init(spi: UInt32, direction: Direction, cipher: CipherAlgorithm, encryptionKey: [UInt8],
                integrity: IntegrityAlgorithm, integrityKey: [UInt8], mode: Mode = .transport,
                udpEncapsulation: UDPEncapsulationPorts? = nil, random: inout some RandomNumberGenerator) {
        self.spi = spi
        self.direction = direction
        self.mode = mode
        self.udpEncapsulation = udpEncapsulation
        self.cipher = CBCCipher(cipher, key: encryptionKey)
        self.authenticator = ICVAuthenticator(integrity, key: integrityKey)
        let ivKey = (0..<2).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
        self.ivGenerator = IVGenerator(key: ivKey)
    }

    /// Bytes ESP adds to a payload of `length` bytes (header, IV, padding, trailer, ICV; UDP if encapsulated).
    public func overhead(payloadLength length: Int) -> Int {
        let block = cipher.algorithm.blockSize
        let padded = (length + 2 + block - 1) / block * block
        return (udpEncapsulation == nil ? 0 : UDPHeader.length) + ESPHeader.length + cipher.algorithm.ivLength
            + padded - length + authenticator.algorithm.icvLength
    }

    func count(_ packetBytes: Int) {
        packets &+= 1
        bytes &+= UInt64(packetBytes)
    }

    func nextSequence() throws(DropReason) -> UInt32 {
        guard sequence < UInt32.max else { throw .espSequenceExhausted }
        sequence += 1
        return sequence
    }

    func writeIV(sequence: UInt32, into iv: UnsafeMutableRawBufferPointer) {
        ivGenerator.write(sequence: sequence, into: iv)
    }

    func acceptSequence(_ sequence: UInt32) {
        replayWindow.accept(sequence)
    }
}
