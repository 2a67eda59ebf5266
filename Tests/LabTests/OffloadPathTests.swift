import Config
import Foundation
import Lab
import NIOCore
import OracleSupport
import Router
import Testing
import Wire

/// Frames as a Linux port with offloads on hands them over (partial checksums, TSO and UDP GSO
/// super-frames) through yamaha01 of the seed after step 2: bridged into the L2TPv3 tunnel, and
/// routed through the masquerade. Every frame that leaves is finished and fits the WAN.
struct OffloadPathTests {
    struct Site {
        let router: Router
        let now: Duration
        let pcMAC: MACAddress, peerMAC: MACAddress, pc: IPv4Address, peer: IPv4Address
    }

    /// yamaha01 with the tunnel up; the PCs' addresses from the fixture's pc1 -> pc2 frame.
    static func site() throws -> Site {
        let fixture = try DataPathFixture(frameSize: 100)
        let (eth, packet) = try EthernetHeader.parse(fixture.encapsulate)
        let ip = try IPv4Header.parse(packet).header
        return Site(router: fixture.router, now: fixture.now, pcMAC: eth.source, peerMAC: eth.destination, pc: ip.source, peer: ip.destination)
    }

    static func send(_ site: Site, _ frame: ByteBuffer, _ offload: FrameOffload) -> [(port: String, frame: ByteBuffer, offload: FrameOffload)] {
        site.router.receive(frame, offload: offload, on: "lan1", now: site.now + .milliseconds(1))
        return site.router.takeTransmissions()
    }

    /// The inner frame of an L2TPv3 data packet (outer Ethernet, IPv4, UDP and the 8-byte header stripped).
    static func inner(_ outer: ByteBuffer) throws -> ByteBuffer {
        let (_, packet) = try EthernetHeader.parse(outer)
        let (ip, segment) = try IPv4Header.parse(packet)
        #expect(!ip.isFragment && ip.totalLength <= 1500, "an outer packet fits the WAN unfragmented")
        let (udp, payload) = try UDPHeader.parse(segment, source: ip.source, destination: ip.destination)
        #expect(udp.destinationPort == 1701)
        return payload.getSlice(at: payload.readerIndex + 8, length: payload.readableBytes - 8)!
    }

    @Test func tsoSuperFrameCrossesTheTunnelInSegmentsThatFit() throws {
        let site = try Self.site()
        let (frame, offload) = OffloadFrames.tcp(payloadLength: 20_000, segmentSize: 1448, source: site.pc, destination: site.peer,
                                                 sourceMAC: site.pcMAC, destinationMAC: site.peerMAC)
        let out = Self.send(site, frame, offload)
        #expect(out.allSatisfy { $0.port == "lan2" && $0.offload.isResolved })
        #expect(out.count == 15, "20,000 bytes in 1,398-byte segments: the inner frame fits 1,500 with L2TPv3/UDP/IPv4")
        var joined = ByteBuffer()
        for (index, sent) in out.enumerated() {
            let (_, tcp, payload) = try OffloadFrames.tcpSegment(try Self.inner(sent.frame))
            #expect(tcp.sequence == 0xFFFF_F000 &+ UInt32(index * 1398))
            joined.writeImmutableBuffer(payload)
        }
        #expect(joined == OffloadFrames.payload(20_000))
        site.router.enter("show ip fragment", now: site.now + .seconds(1))
        let report = site.router.takeConsoleOutput()
        #expect(report.contains("IPv4 fragments sent:            0 "))
        #expect(report.contains("Super-frames cut in software:   1 (into 15 segments)"))

        // On a WAN port that takes super-frames, the same packets leave as one UDP GSO frame that cuts to the same bytes.
        let offloading = try Self.site()
        offloading.router.offloadPorts = ["lan2"]
        let gso = Self.send(offloading, frame, offload)
        #expect(gso.count == 1)
        let single = try #require(gso.first)
        #expect(single.offload.segmentation == .udpL4)
        var again: [ByteBuffer] = []
        try SoftwareSegmentation.resolve(single.frame, single.offload) { again.append($0) }
        #expect(again == out.map(\.frame))
    }

    @Test func partialChecksumAndUDPGSOAreFinishedForTheTunnel() throws {
        let site = try Self.site()
        let (syn, partial) = OffloadFrames.tcp(payloadLength: 0, segmentSize: nil, source: site.pc, destination: site.peer,
                                               sourceMAC: site.pcMAC, destinationMAC: site.peerMAC)
        let out = Self.send(site, syn, partial)
        #expect(out.count == 1)
        _ = try OffloadFrames.tcpSegment(try Self.inner(try #require(out.first).frame))

        let (udpFrame, udpOffload) = OffloadFrames.udp(count: 3, size: 1000, last: 10)
        var gso = udpFrame
        // Readdressed to the site's PCs; the partial checksum's pseudo-header follows the addresses.
        gso.setBytes(site.peerMAC.bytes, at: 0)
        gso.setBytes(site.pcMAC.bytes, at: 6)
        gso.setInteger(site.pc.value, at: 26)
        gso.setInteger(site.peer.value, at: 30)
        gso.setInteger(UInt16(0), at: 24)
        gso.setInteger(InternetChecksum.checksum(gso.getSlice(at: 14, length: 20)!), at: 24)
        let udpLength = 8 + 2 * 1000 + 10
        gso.setInteger(UInt16(InternetChecksum.pseudoHeaderSum(source: site.pc, destination: site.peer, protocol: IPProtocol.udp,
                                                                length: udpLength)), at: 40)
        let datagrams = Self.send(site, gso, udpOffload)
        #expect(datagrams.count == 3)
        for sent in datagrams {
            let (_, packet) = try EthernetHeader.parse(try Self.inner(sent.frame))
            let (ip, segment) = try IPv4Header.parse(packet)
            _ = try UDPHeader.parse(segment, source: ip.source, destination: ip.destination)
        }
    }

    @Test func mssLimitRewritesBridgedSYNs() throws {
        let site = try Self.site()
        site.router.enter("tunnel select 1", now: site.now)
        site.router.enter("ip tunnel tcp mss limit auto", now: site.now)
        site.router.enter("tunnel select none", now: site.now)
        _ = site.router.takeConsoleOutput()
        // A SYN announcing 1460, its checksum partial as Linux leaves it.
        let (original, partial) = OffloadFrames.tcp(payloadLength: 0, segmentSize: nil, flags: 0x02, push: false, source: site.pc, destination: site.peer,
                                               sourceMAC: site.pcMAC, destinationMAC: site.peerMAC)
        var syn = original
        // The timestamp option's 12 bytes become MSS 1460 and eight NOPs.
        syn.setBytes([2, 4, 0x05, 0xB4, 1, 1, 1, 1, 1, 1, 1, 1] as [UInt8], at: 54)
        let out = Self.send(site, syn, partial)
        let (_, tcp, _) = try OffloadFrames.tcpSegment(try Self.inner(try #require(out.first).frame))
        #expect(tcp.isSYN)
        let inner = try Self.inner(try #require(out.first).frame)
        #expect(inner.getInteger(at: inner.readerIndex + 56, as: UInt16.self) == 1410, "1,464-byte inner frames less 14 + 20 + 20")
        site.router.enter("show ip fragment", now: site.now + .seconds(1))
        #expect(site.router.takeConsoleOutput().contains("TCP SYN MSS options lowered:    1"))
    }

    @Test func mssLimitOnARoutedInterface() throws {
        let site = try Self.site()
        site.router.enter("ip lan2 tcp mss limit 1300", now: site.now)
        _ = site.router.takeConsoleOutput()
        let (original, partial) = OffloadFrames.tcp(payloadLength: 0, segmentSize: nil, flags: 0x02, push: false, source: site.pc,
                                                    destination: IPv4Address(10, 0, 23, 2), sourceMAC: site.pcMAC,
                                                    destinationMAC: try #require(site.router.mac(of: "lan1")))
        var syn = original
        syn.setBytes([2, 4, 0x05, 0xB4, 1, 1, 1, 1, 1, 1, 1, 1] as [UInt8], at: 54)
        // Finished here, so the router must patch the checksum it changes (NAT and MSS both).
        try SoftwareSegmentation.completeChecksum(try #require(partial.checksum), in: &syn)
        let out = Self.send(site, syn, .none)
        let sent = try #require(out.first { $0.port == "lan2" })
        let (ip, tcp, _) = try OffloadFrames.tcpSegment(sent.frame)
        #expect(tcp.isSYN && ip.source == IPv4Address(192, 168, 1, 1))
        #expect(sent.frame.getInteger(at: sent.frame.readerIndex + 56, as: UInt16.self) == 1300)
    }

    @Test func routedSuperFrameThroughTheMasquerade() throws {
        let site = try Self.site()
        let server = IPv4Address(10, 0, 23, 2)
        let (frame, offload) = OffloadFrames.tcp(payloadLength: 5000, segmentSize: 1448, source: site.pc, destination: server,
                                                 sourceMAC: site.pcMAC, destinationMAC: try #require(site.router.mac(of: "lan1")))
        let out = Self.send(site, frame, offload)
        #expect(out.count == 4 && out.allSatisfy { $0.port == "lan2" && $0.offload.isResolved })
        for sent in out {
            let (ip, _, _) = try OffloadFrames.tcpSegment(sent.frame)
            #expect(ip.source == IPv4Address(192, 168, 1, 1) && ip.destination == server, "masqueraded to the outer address")
            #expect(ip.ttl == 63)
        }
        // Kept whole on a port that takes super-frames: the partial checksum follows the new source address.
        let offloading = try Self.site()
        offloading.router.offloadPorts = ["lan2"]
        let whole = Self.send(offloading, frame, offload)
        #expect(whole.count == 1 && whole[0].offload.segmentation == .tcpIPv4)
        var segments: [ByteBuffer] = []
        try SoftwareSegmentation.resolve(whole[0].frame, whole[0].offload) { segments.append($0) }
        #expect(segments.count == 4)
        for segment in segments { #expect(try OffloadFrames.tcpSegment(segment).0.source == IPv4Address(192, 168, 1, 1)) }
    }
}

/// tshark checks what yamaha01 made of a TSO super-frame and a UDP GSO frame: every outer and inner
/// checksum, and the TCP stream inside the tunnel without holes.
@Suite(.enabled(if: Oracle.enabled))
struct OffloadPathOracleTests {
    @Test func tsharkVerifiesTheSegmentsInsideTheTunnel() throws {
        let site = try OffloadPathTests.site()
        let (frame, offload) = OffloadFrames.tcp(payloadLength: 30_000, segmentSize: 1448, source: site.pc, destination: site.peer,
                                                 sourceMAC: site.pcMAC, destinationMAC: site.peerMAC)
        let out = OffloadPathTests.send(site, frame, offload)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-offload-\(UUID().uuidString).pcap")
        defer { try? FileManager.default.removeItem(at: file) }
        try Oracle.pcap(out.map(\.frame)).write(to: file)
        let checks = ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
                      "-o", "l2tp.cookie_size:None", "-o", "l2tp.l2_specific:None", "-d", "l2tp.pw_type==0,eth"]
        let rows = try Oracle.tshark(["-r", file.path] + checks + ["-T", "fields", "-e", "ip.checksum.status", "-e", "udp.checksum.status",
                                                                  "-e", "tcp.checksum.status", "-e", "tcp.len", "-e", "ip.flags.mf"])
        let lines = rows.split(separator: "\n")
        #expect(lines.count == 22)
        for line in lines {
            // Outer and inner IPv4 checksums both 1 (good), UDP and TCP good, never a fragment.
            #expect(line.hasPrefix("1,1\t1\t1\t"), "\(line)")
            #expect(line.hasSuffix("\t0,0"), "\(line)")
        }
        let problems = try Oracle.tshark(["-r", file.path] + checks + ["-Y", "tcp.analysis.flags || _ws.malformed || _ws.expert.severity == error",
                                                                       "-T", "fields", "-e", "frame.number"])
        #expect(problems.isEmpty, "frames tshark flags: \(problems)")
    }
}
