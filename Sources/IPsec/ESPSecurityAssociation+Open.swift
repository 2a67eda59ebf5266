import NIOCore
import Wire

extension ESPSecurityAssociation {
    /// Checks and decrypts an ESP packet: the IPv4 packet at the reader index carries ESP directly
    /// (protocol 50) or, with `udpEncapsulated`, behind a UDP header the caller has classified as
    /// ESP (RFC 3948). Checks run cheapest first: lengths, SPI, replay window, ICV (constant time),
    /// then padding after decryption; the window moves only once the ICV has matched. Decrypts in
    /// the packet's own storage, so a packet the caller no longer holds costs no allocation.
    public func open(_ packet: consuming ByteBuffer, udpEncapsulated: Bool) throws(DropReason) -> ESPOpened {
        guard packet.readableBytes >= IPv4Header.minimumLength,
              let versionAndIHL = packet.getInteger(at: packet.readerIndex, as: UInt8.self),
              let totalLength = packet.getInteger(at: packet.readerIndex + 2, as: UInt16.self)
        else { throw .ipv4Truncated }
        let headerLength = Int(versionAndIHL & 0x0F) * 4
        guard versionAndIHL >> 4 == 4 else { throw .ipv4BadVersion }
        guard headerLength >= IPv4Header.minimumLength else { throw .ipv4BadHeaderLength }
        guard Int(totalLength) <= packet.readableBytes else { throw .ipv4Truncated }
        let espStart = headerLength + (udpEncapsulated ? UDPHeader.length : 0)
        guard Int(totalLength) >= espStart else { throw .ipv4BadTotalLength }

        let algorithm = cipher.algorithm
        let icvLength = authenticator.algorithm.icvLength
        let end = Int(totalLength)
        let cipherStart = espStart + ESPHeader.length + algorithm.ivLength
        let icvStart = end - icvLength
        guard icvStart - cipherStart >= algorithm.blockSize else { throw .espTruncated }
        guard (icvStart - cipherStart) % algorithm.blockSize == 0 else { throw .espBadLength }
        let base = packet.readerIndex
        guard let spi = packet.getInteger(at: base + espStart, as: UInt32.self),
              let sequence = packet.getInteger(at: base + espStart + 4, as: UInt32.self)
        else { throw .espTruncated }
        guard spi == self.spi else { throw .espUnknownSPI }
        try replayWindow.check(sequence)

        let authentic = packet.withUnsafeReadableBytes { raw in
            authenticator.verify(UnsafeRawBufferPointer(rebasing: raw[espStart..<icvStart]),
                                 icv: UnsafeRawBufferPointer(rebasing: raw[icvStart..<end]))
        }
        guard authentic else { throw .espICVMismatch }
        acceptSequence(sequence)

        let trailer = packet.withUnsafeMutableReadableBytes { raw -> (padLength: Int, nextHeader: UInt8, padding: Bool) in
            cipher.decrypt(inPlace: UnsafeMutableRawBufferPointer(rebasing: raw[cipherStart..<icvStart]),
                           iv: UnsafeRawBufferPointer(rebasing: raw[(cipherStart - algorithm.ivLength)..<cipherStart]))
            let padLength = Int(raw[icvStart - 2])
            let padStart = icvStart - 2 - padLength
            // Padding must be 1, 2, 3 ... (RFC 4303 2.4); the pad length must leave the plaintext.
            guard padStart >= cipherStart else { return (padLength, raw[icvStart - 1], false) }
            var monotonic = true
            for index in 0..<padLength where raw[padStart + index] != UInt8(truncatingIfNeeded: index + 1) { monotonic = false }
            return (padLength, raw[icvStart - 1], monotonic)
        }
        guard trailer.padding else { throw .espBadPadding }
        if case .tunnel = mode, trailer.nextHeader != 4 { throw .espBadNextHeader }
        count(end)
        let payloadLength = icvStart - 2 - trailer.padLength - cipherStart
        return ESPOpened(nextHeader: trailer.nextHeader,
                         payload: packet.getSlice(at: base + cipherStart, length: payloadLength) ?? ByteBuffer())
    }
}
