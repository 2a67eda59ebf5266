import NIOCore
import Wire

/// One `ping` command: sends echo requests on schedule, matches replies, and prints in RTX's
/// words (`received from A: icmp_seq=0 ttl=252 time=0.288ms`, then the summary).
public struct PingSession: Sendable {
    public struct Options: Sendable, Equatable {
        public var target: IPv4Address
        public var count = 5
        public var interval: Duration = .seconds(1)
        /// How long to wait for replies after the last request.
        public var wait: Duration = .seconds(2)
        public var dataLength = 56

        public init(target: IPv4Address) { self.target = target }

        /// Parses `ping [-c count] [-i interval] [-w wait] [-s datalen] HOST`; nil with a message on error.
        public static func parse(_ words: [Substring]) -> Result<Options, PingError> {
            var options: Options?
            var count = 5, interval = Duration.seconds(1), wait = Duration.seconds(2), size = 56
            var i = 1
            while i < words.count {
                let w = words[i]
                if ["-c", "-i", "-w", "-s"].contains(w) {
                    guard i + 1 < words.count, let v = Double(words[i + 1]), v >= 0 else { return .failure(.parameters) }
                    switch w {
                    case "-c": guard let n = Int(words[i + 1]), (1...65535).contains(n) else { return .failure(.parameters) }; count = n
                    case "-i": interval = .milliseconds(Int64(v * 1000))
                    case "-w": wait = .milliseconds(Int64(v * 1000))
                    default: guard let n = Int(words[i + 1]), (0...1472).contains(n) else { return .failure(.parameters) }; size = n
                    }
                    i += 2
                } else if options == nil, let a = IPv4Address(w) {
                    options = Options(target: a)
                    i += 1
                } else {
                    return .failure(options == nil && !w.hasPrefix("-") ? .badHost : .parameters)
                }
            }
            guard var o = options else { return .failure(.parameters) }
            o.count = count; o.interval = interval; o.wait = wait; o.dataLength = size
            return .success(o)
        }
    }

    public enum PingError: Error, Sendable {
        case parameters, badHost

        public var message: String {
            switch self {
            case .parameters: "Error: Insufficient or too many parameters"
            case .badHost: "Error: Invalid parameter"
            }
        }
    }

    public let options: Options
    public let identifier: UInt16
    private var sentAt: [Duration] = []
    private var received: [Duration] = []
    private var answered: Set<Int> = []
    private var nextSend: Duration
    public private(set) var isFinished = false

    public init(options: Options, identifier: UInt16, now: Duration) {
        self.options = options
        self.identifier = identifier
        nextSend = now
    }

    /// The sequence number to send now, if one is due.
    public mutating func due(now: Duration) -> UInt16? {
        guard !isFinished, sentAt.count < options.count, now >= nextSend else { return nil }
        let seq = UInt16(truncatingIfNeeded: sentAt.count)
        sentAt.append(now)
        nextSend = now + options.interval
        return seq
    }

    /// The ICMP echo request for a sequence number: our identifier, and a counting pattern as data.
    public func echoRequest(sequence: UInt16) -> ByteBuffer {
        var data = ByteBuffer()
        for i in 0..<options.dataLength { data.writeInteger(UInt8(truncatingIfNeeded: i)) }
        return ICMPHeader.message(type: ICMPHeader.echoRequest, code: 0,
                                  restOfHeader: UInt32(identifier) << 16 | UInt32(sequence), data: data)
    }

    /// A reply arrived: the line to print, or nil if it isn't ours or is a duplicate.
    public mutating func reply(from source: IPv4Address, identifier id: UInt16, sequence: UInt16, ttl: UInt8, now: Duration) -> String? {
        let seq = Int(sequence)
        guard !isFinished, id == identifier, source == options.target, seq < sentAt.count, !answered.contains(seq) else { return nil }
        answered.insert(seq)
        let rtt = now - sentAt[seq]
        received.append(rtt)
        return "received from \(source): icmp_seq=\(seq) ttl=\(ttl) time=\(PingSession.ms(rtt))ms"
    }

    /// The summary once the run is over (all answered, or the wait after the last request passed).
    public mutating func finishIfDone(now: Duration) -> String? {
        guard !isFinished, sentAt.count == options.count, let last = sentAt.last else { return nil }
        guard answered.count == options.count || now >= last + options.wait else { return nil }
        isFinished = true
        let sent = sentAt.count, got = received.count
        let loss = Double(sent - got) * 100 / Double(sent)
        var text = "\n\(sent) packets transmitted, \(got) packets received, \(String(format1: loss))% packet loss"
        if got > 0, let lo = received.min(), let hi = received.max() {
            let avg = received.reduce(Duration.zero, +) / got
            text += "\nround-trip min/avg/max = \(PingSession.ms(lo))/\(PingSession.ms(avg))/\(PingSession.ms(hi)) ms"
        }
        return text
    }

    public var nextDeadline: Duration? {
        guard !isFinished else { return nil }
        if sentAt.count < options.count { return nextSend }
        return (sentAt.last ?? nextSend) + options.wait
    }

    static func ms(_ d: Duration) -> String {
        let (s, atto) = d.components
        let micros = s * 1_000_000 + atto / 1_000_000_000_000
        return "\(micros / 1000).\(String(repeating: "0", count: 3 - String(micros % 1000).count))\(micros % 1000)"
    }
}

extension String {
    /// One decimal place, as RTX prints a loss percentage.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
