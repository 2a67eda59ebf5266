import NIOCore
import Wire

/// A `dig NAME [TYPE] [@SERVER]` (or `dig -x ADDRESS`) a lab host runs: one query, printed as dig prints its answer,
/// or a timeout after 5 s (dig's default wait).
struct LabDig {
    var question: DNSQuestion
    var server: IPv4Address
    var id: UInt16
    var port: UInt16
    var deadline: Duration

    static let timeout: Duration = .seconds(5)

    enum Parsed {
        case dig(name: DNSName, type: DNSType, server: IPv4Address?)
        case error(String)
    }

    static func parse(_ words: [Substring]) -> Parsed {
        var name: DNSName?, type: DNSType?, server: IPv4Address?
        var reverse = false
        for word in words.dropFirst() {
            if reverse {
                guard let address = IPv4Address(word) else { return .error("dig: -x needs an IPv4 address") }
                (name, type, reverse) = (DNSName(reverse: address), .ptr, false)
            } else if word == "-x", name == nil {
                reverse = true
            } else if word.hasPrefix("@") {
                guard server == nil, let address = IPv4Address(word.dropFirst()) else { return .error("dig: bad server '\(word)'") }
                server = address
            } else if name != nil, type == nil, let t = DNSType(String(word)) {
                type = t
            } else if name == nil, let n = DNSName(word) {
                name = n
            } else {
                return .error("dig: bad argument '\(word)' (dig NAME [TYPE] [@SERVER])")
            }
        }
        guard let name, !reverse else { return .error("dig: a name is needed (dig NAME [TYPE] [@SERVER], dig -x ADDRESS)") }
        return .dig(name: name, type: type ?? .a, server: server)
    }

    var query: DNSMessage {
        DNSMessage(id: id, flags: DNSMessage.recursionDesiredFlag, questions: [question])
    }

    /// dig's header, question, answer and authority sections and its SERVER line.
    func show(_ response: DNSMessage, elapsed: Duration) -> String {
        var flags = ["qr"]
        if response.flags & DNSMessage.authoritativeFlag != 0 { flags.append("aa") }
        if response.isTruncated { flags.append("tc") }
        if response.recursionDesired { flags.append("rd") }
        if response.flags & DNSMessage.recursionAvailableFlag != 0 { flags.append("ra") }
        var text = ";; ->>HEADER<<- opcode: QUERY, status: \(response.responseCode), id: \(response.id)\n"
        text += ";; flags: \(flags.joined(separator: " ")); QUERY: \(response.questions.count), ANSWER: \(response.answers.count), "
            + "AUTHORITY: \(response.authorities.count), ADDITIONAL: \(response.additionals.count)\n"
        text += ";; QUESTION SECTION:\n" + response.questions.map { ";\($0.name)\t\tIN\t\($0.type)\n" }.joined()
        for (title, records) in [("ANSWER", response.answers), ("AUTHORITY", response.authorities)] where !records.isEmpty {
            text += ";; \(title) SECTION:\n"
            for r in records { text += "\(r.name)\t\(r.ttl)\tIN\t\(r.type)\t\(r.dataText)\n" }
        }
        let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        text += ";; Query time: \(ms) msec\n;; SERVER: \(server)#53(\(server)) (UDP)\n"
        return text
    }
}
