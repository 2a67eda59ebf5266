import NIOCore
import Testing
@testable import Wire

struct L2TPPacketTests {
    static let frame = hexBuffer("ffffffffffff 00a0de010203 0806 0001 0800 06 04 0001 00a0de010203 c0a86401 000000000000 c0a86402")

    @Test func dataPacketHeaderIsByteExact() {
        var buffer = ByteBuffer()
        L2TPDataHeader.write(sessionID: 0x1234_5678, to: &buffer)
        #expect(buffer == hexBuffer("0003 0000 12345678"))
        #expect(buffer.readableBytes == L2TPDataHeader.length)
    }

    @Test func parsesDataPacketAsSliceWithoutCopy() throws {
        var packet = ByteBuffer()
        L2TPDataHeader.write(sessionID: 0x0102_0304, to: &packet)
        packet.writeImmutableBuffer(Self.frame)
        guard case .data(let sessionID, let payload) = try L2TPPacket.parse(packet) else {
            Issue.record("not data")
            return
        }
        #expect(sessionID == 0x0102_0304)
        #expect(payload == Self.frame)
        let packetBase = packet.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let payloadBase = payload.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(payloadBase == packetBase + UInt(L2TPDataHeader.length), "payload shares the packet's storage")
    }

    @Test func emptyDataPayloadIsAllowed() throws {
        guard case .data(_, let payload) = try L2TPPacket.parse(hexBuffer("0003 0000 00000001")) else {
            Issue.record("not data")
            return
        }
        #expect(payload.readableBytes == 0)
    }

    @Test func controlPacketsGoToTheControlParser() throws {
        let hello = L2TPControlMessage.make(.hello, connectionID: 5)
        guard case .control(let message) = try L2TPPacket.parse(hello.buffer) else {
            Issue.record("not control")
            return
        }
        #expect(message == hello)
    }

    static func expectDrop(_ reason: DropReason, _ input: ByteBuffer, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: reason, sourceLocation: sourceLocation) { try L2TPPacket.parse(input) }
    }

    @Test func everyDropReason() {
        let sccrq = hexBuffer(L2TPControlMessageTests.sccrq)
        // Truncation: nothing, one byte, a control header cut short, a data header cut short.
        Self.expectDrop(.l2tpTruncated, ByteBuffer())
        Self.expectDrop(.l2tpTruncated, hexBuffer("c8"))
        Self.expectDrop(.l2tpTruncated, sccrq.prefix(11))
        Self.expectDrop(.l2tpTruncated, hexBuffer("0003 0000 000001"))
        // Version: L2TPv2 control and data.
        Self.expectDrop(.l2tpBadVersion, sccrq.setting(0x02, at: 1))
        Self.expectDrop(.l2tpBadVersion, hexBuffer("0002 0000 00000001"))
        // A control message without L or without S.
        Self.expectDrop(.l2tpBadFlags, sccrq.setting(0x88, at: 0))
        Self.expectDrop(.l2tpBadFlags, sccrq.setting(0xC0, at: 0))
        // Length below the header, beyond the payload.
        Self.expectDrop(.l2tpBadLength, sccrq.setting(0x0B, at: 3))
        Self.expectDrop(.l2tpBadLength, sccrq.setting(0x57, at: 3))
        Self.expectDrop(.l2tpBadLength, sccrq.prefix(85))
        // AVP length below 6, past the message, and a stub of an AVP header at the end.
        Self.expectDrop(.l2tpBadAVPLength, sccrq.setting(0x05, at: 13))
        Self.expectDrop(.l2tpBadAVPLength, sccrq.setting(0x19, at: 63))
        Self.expectDrop(.l2tpBadAVPLength, hexBuffer("c803 0017 00000000 0000 0000 8008 0000 0000 0006 8000 00"))
        // Message Type AVP with a 3-byte value.
        Self.expectDrop(.l2tpBadAVPLength, hexBuffer("c803 0015 00000000 0000 0000 8009 0000 0000 000600"))
        // Hidden Host Name.
        Self.expectDrop(.l2tpHiddenAVP, sccrq.setting(0xC0, at: 20))
        // Host Name first.
        Self.expectDrop(.l2tpNoMessageType, hexBuffer("c803 0013 00000000 0000 0000 8007 0000 0007 41"))
        // Data for session 0.
        Self.expectDrop(.l2tpDataSessionZero, hexBuffer("0003 0000 00000000 ffff"))
    }

    @Test func dropReasonsAreDistinctKebabCase() {
        let all: [DropReason] = [.l2tpTruncated, .l2tpBadVersion, .l2tpBadFlags, .l2tpBadLength, .l2tpBadAVPLength,
                                 .l2tpHiddenAVP, .l2tpNoMessageType, .l2tpDataSessionZero]
        #expect(Set(all).count == all.count)
        for reason in all {
            #expect(reason.name.hasPrefix("l2tp-"))
            #expect(reason.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(reason)")
        }
    }

    /// 10,000 seeded mutations of valid messages and data packets: parse either throws a named reason or
    /// returns something that serializes and parses again to the same value. Never a crash.
    @Test func mutationFuzz() {
        var seeds = L2TPControlMessageTests.rtxMessages().map(\.buffer)
        var data = ByteBuffer()
        L2TPDataHeader.write(sessionID: 77, to: &data)
        data.writeImmutableBuffer(Self.frame)
        seeds.append(data)
        var generator = SeededGenerator(seed: 0x5EED_1701)
        var accepted = 0
        for iteration in 0..<10_000 {
            var bytes = Array(seeds[Int.random(in: 0..<seeds.count, using: &generator)].readableBytesView)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0 where !bytes.isEmpty:
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                case 1 where !bytes.isEmpty:
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                case 2:
                    bytes.removeLast(min(bytes.count, Int.random(in: 0...8, using: &generator)))
                default:
                    bytes.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...bytes.count, using: &generator))
                }
            }
            do {
                switch try L2TPPacket.parse(ByteBuffer(bytes: bytes)) {
                case .control(let message):
                    accepted += 1
                    #expect(try L2TPControlMessage.parse(message.buffer) == message, "iteration \(iteration)")
                    _ = (message.messageType, message.unknownMandatoryAVPs, message.resultCode, message.hostName,
                         message.pseudowireCapabilities, message.messageDigest, message.routerID)
                case .data(let sessionID, _):
                    accepted += 1
                    #expect(sessionID != 0)
                }
            } catch {
                #expect(error.name.hasPrefix("l2tp-"), "iteration \(iteration): \(error)")
            }
        }
        #expect(accepted > 0)
    }
}
