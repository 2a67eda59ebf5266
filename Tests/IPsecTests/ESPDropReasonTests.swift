import Testing
import Wire
@testable import IPsec

struct ESPDropReasonTests {
    @Test func namesAreDistinctAndKebabCase() {
        let all: [DropReason] = [.espTruncated, .espUnknownSPI, .espBadLength, .espReplay, .espICVMismatch, .espBadPadding,
                                 .espBadNextHeader, .espSequenceExhausted, .espOversize]
        #expect(Set(all).count == all.count)
        for reason in all { #expect(reason.name.hasPrefix("esp-") && reason.name.allSatisfy { $0.isLowercase || $0 == "-" }, "\(reason)") }
    }
}
