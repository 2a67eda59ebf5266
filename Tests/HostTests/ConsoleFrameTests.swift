import NIOCore
import Testing
@testable import Host

@Suite struct ConsoleFrameTests {
    @Test func roundTripsEachKind() throws {
        let frames: [ConsoleFrame] = [.line("show status dhcp"), .output("セーブ中... CONFIG0 終了\n"), .prompt("yamaha01tunnel1#"), .output(""), .interactive]
        var buffer = ByteBuffer()
        for frame in frames { frame.encode(into: &buffer) }
        var decoded: [ConsoleFrame] = []
        while let frame = try ConsoleFrame.decode(from: &buffer, maximumLength: ConsoleFrame.maximumOutputLength) { decoded.append(frame) }
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
            #expect(try ConsoleFrame.decode(from: &part, maximumLength: ConsoleFrame.maximumOutputLength) == nil)
            #expect(part.readableBytes == cut)
        }
    }

    @Test func refusesAnUnknownTagFromItsFirstByte() {
        var unknown = ByteBuffer(bytes: [UInt8(ascii: "X")])
        #expect(throws: ConsoleFrame.DecodeError.self) { try ConsoleFrame.decode(from: &unknown, maximumLength: 100) }
    }

    @Test func refusesALengthOverTheLimitFromTheHeaderAlone() throws {
        // Only the 5-byte header: a decoder that waited for the body would return nil here.
        var long = ByteBuffer(bytes: [UInt8(ascii: "L"), 0, 1, 0, 1])
        #expect(throws: ConsoleFrame.DecodeError(reason: "frame of 65537 bytes (at most 65536)")) {
            try ConsoleFrame.decode(from: &long, maximumLength: ConsoleFrame.maximumLineLength)
        }
        var huge = ByteBuffer(bytes: [UInt8(ascii: "O"), 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: ConsoleFrame.DecodeError.self) {
            try ConsoleFrame.decode(from: &huge, maximumLength: ConsoleFrame.maximumOutputLength)
        }
        // At the limit, the header waits for its body.
        var longest = ByteBuffer(bytes: [UInt8(ascii: "L"), 0, 1, 0, 0])
        #expect(try ConsoleFrame.decode(from: &longest, maximumLength: ConsoleFrame.maximumLineLength) == nil)
    }
}
