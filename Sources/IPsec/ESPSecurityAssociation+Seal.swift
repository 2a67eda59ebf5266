import NIOCore
import Wire

extension ESPSecurityAssociation {
    /// Protects an IPv4 packet (header + payload at the reader index). Transport mode keeps its
    /// header (protocol 50, or 17 with UDP encapsulation) and encrypts its payload; tunnel mode
    /// encrypts the whole packet behind a new outer header. The result is one new buffer, with
    /// headroom for a link header; nothing else is allocated.
    public func seal(_ packet: ByteBuffer) throws(DropReason) -> ByteBuffer {
        let (header, payload) = try IPv4Header.parse(packet)
        var outer: IPv4Header
        var nextHeader: UInt8
        var plaintext: ByteBuffer
        switch mode {
        case .transport:
            (outer, nextHeader, plaintext) = (header, header.protocol, payload)
        case .tunnel(let source, let destination):
            outer = IPv4Header(tos: header.tos, totalLength: 0, identification: 0,
                               flagsAndFragmentOffset: header.flagsAndFragmentOffset & IPv4Header.dontFragmentFlag,
                               ttl: 64, protocol: 0, source: source, destination: destination)
            nextHeader = 4
            plaintext = packet.getSlice(at: packet.readerIndex, length: Int(header.totalLength)) ?? payload
        }
        let algorithm = cipher.algorithm
        let icvLength = authenticator.algorithm.icvLength
        let padded = (plaintext.readableBytes + 2 + algorithm.blockSize - 1) / algorithm.blockSize * algorithm.blockSize
        let padLength = padded - plaintext.readableBytes - 2
        let udpLength = udpEncapsulation == nil ? 0 : UDPHeader.length
        let espLength = ESPHeader.length + algorithm.ivLength + padded + icvLength
        let total = outer.headerLength + udpLength + espLength
        guard total <= Int(UInt16.max) else { throw .espOversize }
        let sequence = try nextSequence()

        outer.totalLength = UInt16(total)
        outer.protocol = udpEncapsulation == nil ? IPProtocol.esp : IPProtocol.udp
        if case .tunnel = mode { outer.identification = UInt16(truncatingIfNeeded: sequence) }
        var out = ByteBuffer.outgoing(capacity: total)
        outer.write(to: &out)
        if let ports = udpEncapsulation {
            // RFC 3948 2.1: the UDP checksum is zero; ESP's ICV protects the content.
            out.writeInteger(ports.source)
            out.writeInteger(ports.destination)
            out.writeInteger(UInt16(udpLength + espLength))
            out.writeInteger(UInt16(0))
        }
        let espStart = out.readableBytes
        ESPHeader(spi: spi, sequence: sequence).write(to: &out)
        out.writeRepeatingByte(0, count: algorithm.ivLength)
        out.writeImmutableBuffer(plaintext)
        for byte in 0..<padLength { out.writeInteger(UInt8(byte + 1)) }
        out.writeInteger(UInt8(padLength))
        out.writeInteger(nextHeader)
        out.writeRepeatingByte(0, count: icvLength)

        let ivStart = espStart + ESPHeader.length
        let cipherStart = ivStart + algorithm.ivLength
        let icvStart = cipherStart + padded
        out.withUnsafeMutableReadableBytes { raw in
            let iv = UnsafeMutableRawBufferPointer(rebasing: raw[ivStart..<cipherStart])
            writeIV(sequence: sequence, into: iv)
            cipher.encrypt(inPlace: UnsafeMutableRawBufferPointer(rebasing: raw[cipherStart..<icvStart]), iv: UnsafeRawBufferPointer(iv))
            authenticator.computeICV(over: UnsafeRawBufferPointer(rebasing: raw[espStart..<icvStart]),
                                     into: UnsafeMutableRawBufferPointer(rebasing: raw[icvStart..<icvStart + icvLength]))
        }
        count(total)
        return out
    }
}
