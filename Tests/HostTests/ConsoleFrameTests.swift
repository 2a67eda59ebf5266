import NIOCore
import Testing
@testable import Host

@Suite struct ConsoleFrameTests {
    @Test func roundTripsEachKind() throws {
        let frames: [ConsoleFrame] = [.line("show status dhcp"), .output("セーブ中... CONFIG0 終了\n"), .prompt("yamaha01tunnel1#"), .output("")]
        var buffer = ByteBuffer()
        for frame in frames { frame.encode(into: &buffer) }
        var decoded: [ConsoleFrame] = []
        while let frame = try ConsoleFrame.decode(from: &buffer) { decoded.append(frame) }
        #expect(decoded == frames)
        #expect(buffer.readableBytes == 0)
    }

    @Test func wireFormatIsTagLengthText() {
        var buffer = ByteBuffer()
        ConsoleFrame.prompt("r#").encode(into: &buffer)
        #expect(Array(buffer.readableBytesView) == [UInt8(ascii: "P"), 0, 0, 0, 2, UInt8(ascii: "r"), UInt8(ascii: "#")])
    }

    @Test func incompleteFrameWaitsAndConsumesNothing() throws {
        var whole = ByteBuffer()
        ConsoleFrame.output("show config text").encode(into: &whole)
        for cut in 0..<whole.readableBytes {
            var part = whole.getSlice(at: 0, length: cut)!
            #expect(try ConsoleFrame.decode(from: &part) == nil)
            #expect(part.readableBytes == cut)
        }
    }

    @Test func refusesUnknownTagAndHugeLength() {
        var unknown = ByteBuffer(bytes: [UInt8(ascii: "X"), 0, 0, 0, 0])
        #expect(throws: ConsoleFrame.DecodeError.self) { try ConsoleFrame.decode(from: &unknown) }
        var huge = ByteBuffer(bytes: [UInt8(ascii: "O"), 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: ConsoleFrame.DecodeError.self) { try ConsoleFrame.decode(from: &huge) }
    }
}
