import Testing
import Wire
@testable import IPsec

struct ReplayWindowTests {
    @Test func acceptsEachNumberOnceWithinTheWindow() throws {
        var window = ReplayWindow()
        #expect(throws: DropReason.espReplay) { try window.check(0) }
        for sequence: UInt32 in [1, 3, 2, 10] {
            try window.check(sequence)
            window.accept(sequence)
        }
        for sequence: UInt32 in [1, 2, 3, 10] { #expect(throws: DropReason.espReplay) { try window.check(sequence) } }
        try window.check(4)
        try window.check(11)
        #expect(window.highest == 10)
    }

    @Test func slidesAndForgetsWhatFallsOff() throws {
        var window = ReplayWindow()
        window.accept(5)
        window.accept(5 + 63)
        #expect(throws: DropReason.espReplay) { try window.check(5) }
        try window.check(6)                  // 63 behind the highest: still inside, not seen
        window.accept(5 + 64)
        #expect(throws: DropReason.espReplay) { try window.check(5) }
        #expect(throws: DropReason.espReplay) { try window.check(5 + 64 - 64) }
        try window.check(6)                  // 63 behind now
        window.accept(1000)                  // a jump past the whole window clears it
        try window.check(999)
        #expect(throws: DropReason.espReplay) { try window.check(1000 - 64) }
    }

    @Test func handlesTheTopOfTheSequenceSpace() throws {
        var window = ReplayWindow()
        window.accept(UInt32.max)
        #expect(throws: DropReason.espReplay) { try window.check(UInt32.max) }
        try window.check(UInt32.max - 1)
    }
}
