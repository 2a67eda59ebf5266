import NIOCore
import Router
import Wire

/// yamaha01 of the seed lab after step 2, with the frames that cross its L2TPv3 data path: a
/// pc1 → pc2 frame entering lan1 (bridged into tunnel1, encapsulated, masqueraded out of lan2),
/// and a pc2 → pc1 frame arriving on lan2 inside L2TPv3 (let in by the static entry, decapsulated,
/// bridged out of lan1). What benchmarks of the data path drive.
public struct DataPathFixture {
    public let router: Router
    public let now: Duration
    /// Frames for lan1 (pc1 → pc2) and for lan2 (pc2 → pc1 in L2TPv3), `frameSize` bytes on the LAN.
    public let encapsulate: ByteBuffer
    public let decapsulate: ByteBuffer

    /// Runs the built-in seed lab to the end of step 2 (the `l2tpv3-raw` tunnel up, every MAC and ARP entry
    /// learned), before step 3 moves the tunnel inside IPsec.
    public init(frameSize: Int) throws {
        var lab = try LabFile.builtinSeed()
        if let step3 = lab.steps.firstIndex(where: {
            if case let .command(_, lines, _, _, _) = $0 { lines.contains("tunnel encapsulation l2tpv3") } else { false }
        }) {
            lab.steps.removeSubrange(step3...)
        }
        let run = try LabRun(lab) { _ in }
        guard run.run() else { throw LabFileError(file: "seed", line: nil, key: "steps", message: "the seed lab failed: \(run.failures)") }
        guard let r1 = (run.network.nodes["yamaha01"] as? RouterNode)?.router,
              let r2 = (run.network.nodes["yamaha02"] as? RouterNode)?.router,
              let pc1 = run.network.nodes["pc1"] as? LabHost, let pc2 = run.network.nodes["pc2"] as? LabHost,
              let a1 = pc1.address?.address, let a2 = pc2.address?.address, let wanMAC = r1.mac(of: "lan2") else {
            throw LabFileError(file: "seed", line: nil, key: "nodes", message: "the seed lab lacks its routers or PCs")
        }
        router = r1
        now = run.network.now
        encapsulate = DataPathFixture.frame(from: pc1.mac, a1, to: pc2.mac, a2, size: frameSize)
        // yamaha02 encapsulates the reverse frame; on the wire to yamaha01 it is addressed to yamaha01's lan2.
        r2.receive(DataPathFixture.frame(from: pc2.mac, a2, to: pc1.mac, a1, size: frameSize), on: "lan1", now: now)
        guard let sent = r2.takeTransmissions().first(where: { $0.port == "lan2" }) else {
            throw LabFileError(file: "seed", line: nil, key: "steps", message: "yamaha02 did not encapsulate")
        }
        var reverse = sent.frame
        reverse.setBytes(wanMAC.bytes, at: reverse.readerIndex)
        decapsulate = reverse
    }

    /// A UDP frame of exactly `size` bytes (at least 60) between two PCs.
    static func frame(from srcMAC: MACAddress, _ src: IPv4Address, to dstMAC: MACAddress, _ dst: IPv4Address, size: Int,
                      ports: (source: UInt16, destination: UInt16) = (40000, 9)) -> ByteBuffer {
        let payload = ByteBuffer(repeating: 0x5A, count: max(0, size - EthernetHeader.length - 20 - UDPHeader.length))
        let udp = UDPHeader.datagram(sourcePort: ports.source, destinationPort: ports.destination, payload: payload, source: src, destination: dst)
        let ip = IPv4Header.packet(source: src, destination: dst, protocol: IPProtocol.udp, ttl: 64, identification: 1, payload: udp)
        return EthernetHeader.frame(destination: dstMAC, source: srcMAC, etherType: EtherType.ipv4, payload: ip)
    }
}
