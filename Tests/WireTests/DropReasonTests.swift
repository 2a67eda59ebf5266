import Testing
@testable import Wire

struct DropReasonTests {
    @Test func namesAreKebabCase() {
        let all: [DropReason] = [
            .ethernetTruncated, .arpTruncated, .arpUnsupported,
            .ipv4Truncated, .ipv4BadVersion, .ipv4BadHeaderLength, .ipv4BadTotalLength, .ipv4BadChecksum,
            .icmpTruncated, .icmpBadChecksum, .udpTruncated, .udpBadLength, .udpBadChecksum,
            .tcpTruncated, .tcpBadHeaderLength, .tcpBadChecksum, .espTruncated,
        ]
        #expect(Set(all).count == all.count)
        for reason in all {
            #expect(reason.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(reason)")
        }
        #expect(DropReason.ipv4BadChecksum.description == "ipv4-bad-checksum")
        #expect(DropReason("nat-no-static-mapping") == DropReason("nat-no-static-mapping"))
    }
}
