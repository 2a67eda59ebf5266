import NIOCore

/// A DNS message (RFC 1035 4.1): header, questions and the three record sections. Parsed with
/// checked lengths; names are decompressed through pointers that must each point strictly before
/// the name they continue, so no chain can loop. EDNS0's OPT record (RFC 6891) rides in
/// `additionals` as any other record.
public struct DNSMessage: Hashable, Sendable {
    public var id: UInt16
    /// QR, opcode, AA, TC, RD, RA, Z, AD, CD and RCODE as on the wire.
    public var flags: UInt16
    public var questions: [DNSQuestion]
    public var answers: [DNSRecord]
    public var authorities: [DNSRecord]
    public var additionals: [DNSRecord]

    public static let headerLength = 12
    /// RFC 1035 4.2.1: without EDNS a UDP message is at most 512 bytes.
    public static let classicUDPLimit = 512
    public static let port: UInt16 = 53

    public init(id: UInt16, flags: UInt16 = 0, questions: [DNSQuestion] = [], answers: [DNSRecord] = [],
                authorities: [DNSRecord] = [], additionals: [DNSRecord] = []) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    public static let responseFlag: UInt16 = 0x8000
    public static let authoritativeFlag: UInt16 = 0x0400
    public static let truncatedFlag: UInt16 = 0x0200
    public static let recursionDesiredFlag: UInt16 = 0x0100
    public static let recursionAvailableFlag: UInt16 = 0x0080

    public var isResponse: Bool { flags & DNSMessage.responseFlag != 0 }
    public var opcode: UInt8 { UInt8(truncatingIfNeeded: flags >> 11) & 0xF }
    public var isTruncated: Bool { flags & DNSMessage.truncatedFlag != 0 }
    public var recursionDesired: Bool { flags & DNSMessage.recursionDesiredFlag != 0 }
    public var responseCode: DNSResponseCode {
        get { DNSResponseCode(rawValue: UInt8(flags & 0xF)) }
        set { flags = flags & ~0xF | UInt16(newValue.rawValue & 0xF) }
    }

    /// The largest UDP answer the sender takes: its OPT record's size, at least 512 (RFC 6891 6.2.5).
    public var udpPayloadLimit: Int {
        guard let opt = additionals.first(where: { $0.type == .opt }) else { return DNSMessage.classicUDPLimit }
        return max(DNSMessage.classicUDPLimit, Int(opt.rclass))
    }

    /// A response to `query`: its ID, question, opcode, RD and CD; QR and RA set.
    public static func response(to query: DNSMessage, code: DNSResponseCode, answers: [DNSRecord] = [],
                                authoritative: Bool = false) -> DNSMessage {
        var flags = DNSMessage.responseFlag | DNSMessage.recursionAvailableFlag | query.flags & (0x7800 | DNSMessage.recursionDesiredFlag | 0x0010)
        if authoritative { flags |= DNSMessage.authoritativeFlag }
        var message = DNSMessage(id: query.id, flags: flags, questions: query.questions, answers: answers)
        message.responseCode = code
        return message
    }

    // MARK: Parsing

    public static func parse(_ buffer: ByteBuffer) throws(DropReason) -> DNSMessage {
        var reader = DNSReader(bytes: Array(buffer.readableBytesView))
        guard reader.bytes.count >= headerLength else { throw .dnsTruncated }
        let id = try reader.u16(), flags = try reader.u16()
        let counts = [try reader.u16(), try reader.u16(), try reader.u16(), try reader.u16()].map(Int.init)
        // Each question takes at least 5 bytes and each record 11: counts beyond that cannot fit.
        guard counts[0] * 5 + (counts[1] + counts[2] + counts[3]) * 11 <= reader.bytes.count - headerLength else { throw .dnsTruncated }
        var message = DNSMessage(id: id, flags: flags)
        for _ in 0..<counts[0] {
            message.questions.append(DNSQuestion(name: try reader.name(), type: DNSType(rawValue: try reader.u16()), qclass: try reader.u16()))
        }
        for _ in 0..<counts[1] { message.answers.append(try reader.record()) }
        for _ in 0..<counts[2] { message.authorities.append(try reader.record()) }
        for _ in 0..<counts[3] { message.additionals.append(try reader.record()) }
        return message
    }

    // MARK: Serializing

    /// The message on the wire, names compressed (owner names and the names in NS, CNAME, PTR, MX and SOA data).
    public var buffer: ByteBuffer {
        var writer = DNSWriter()
        writer.u16(id)
        writer.u16(flags)
        for count in [questions.count, answers.count, authorities.count, additionals.count] { writer.u16(UInt16(truncatingIfNeeded: count)) }
        for question in questions {
            writer.name(question.name)
            writer.u16(question.type.rawValue)
            writer.u16(question.qclass)
        }
        for record in answers + authorities + additionals { writer.record(record) }
        var buffer = ByteBufferAllocator().buffer(capacity: writer.bytes.count)
        buffer.writeBytes(writer.bytes)
        return buffer
    }

    /// The message for a UDP client that takes at most `limit` bytes: whole if it fits, else only the
    /// header and question with TC set (RFC 2181 9), so the client knows to ask over TCP.
    public func buffer(limit: Int) -> ByteBuffer {
        let whole = buffer
        guard whole.readableBytes > limit else { return whole }
        var cut = DNSMessage(id: id, flags: flags | DNSMessage.truncatedFlag, questions: questions)
        cut.additionals = additionals.filter { $0.type == .opt }
        return cut.buffer
    }
}

/// RCODE (RFC 1035 4.1.1).
public struct DNSResponseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let noError = DNSResponseCode(rawValue: 0)
    public static let formatError = DNSResponseCode(rawValue: 1)
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    public static let nameError = DNSResponseCode(rawValue: 3)
    public static let notImplemented = DNSResponseCode(rawValue: 4)
    public static let refused = DNSResponseCode(rawValue: 5)

    private static let names = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"]

    /// dig's names: NOERROR, NXDOMAIN ...
    public var description: String {
        DNSResponseCode.names.indices.contains(Int(rawValue)) ? DNSResponseCode.names[Int(rawValue)] : "RCODE\(rawValue)"
    }
}

/// Reads a message held as bytes; every read is checked against the end.
struct DNSReader {
    let bytes: [UInt8]
    var offset = 0

    /// A name of 255 bytes has at most 127 labels: each behind a pointer of its own, and one
    /// pointer more to reach the first.
    static let maximumPointers = 128

    mutating func u8() throws(DropReason) -> UInt8 {
        guard offset < bytes.count else { throw .dnsTruncated }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() throws(DropReason) -> UInt16 { UInt16(try u8()) << 8 | UInt16(try u8()) }

    mutating func u32() throws(DropReason) -> UInt32 { UInt32(try u16()) << 16 | UInt32(try u16()) }

    mutating func take(_ count: Int) throws(DropReason) -> [UInt8] {
        guard count <= bytes.count - offset else { throw .dnsTruncated }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// A name at `offset`, following pointers; `offset` ends after the name's bytes in place
    /// (after its first pointer, if any).
    mutating func name() throws(DropReason) -> DNSName {
        var labels: [[UInt8]] = []
        var length = 1
        var position = offset
        // Every pointer must aim below the lowest byte of this name read so far.
        var floor = offset
        var pointers = 0
        var resume: Int?
        while true {
            guard position < bytes.count else { throw .dnsTruncated }
            let byte = bytes[position]
            switch byte & 0xC0 {
            case 0x00:
                if byte == 0 {
                    offset = resume ?? position + 1
                    return DNSName(checked: labels)
                }
                let count = Int(byte)
                guard position + 1 + count <= bytes.count else { throw .dnsTruncated }
                length += 1 + count
                guard length <= DNSName.maximumLength else { throw .dnsNameTooLong }
                labels.append(Array(bytes[position + 1...position + count]))
                position += 1 + count
            case 0xC0:
                guard position + 1 < bytes.count else { throw .dnsTruncated }
                let target = Int(byte & 0x3F) << 8 | Int(bytes[position + 1])
                guard target < floor else { throw .dnsBadPointer }
                pointers += 1
                guard pointers <= DNSReader.maximumPointers else { throw .dnsPointerChain }
                if resume == nil { resume = position + 2 }
                floor = target
                position = target
            default:
                throw .dnsBadLabel
            }
        }
    }

    mutating func record() throws(DropReason) -> DNSRecord {
        let name = try name()
        let type = DNSType(rawValue: try u16())
        let rclass = try u16(), ttl = try u32()
        let length = Int(try u16())
        guard length <= bytes.count - offset else { throw .dnsTruncated }
        let end = offset + length
        let data: DNSRecord.Data
        switch type {
        case .a:
            guard length == 4 else { throw .dnsBadRecordData }
            data = .a(IPv4Address(bytes: try take(4)))
        case .aaaa:
            guard length == 16, let address = IPv6Address(bytes: try take(16)) else { throw .dnsBadRecordData }
            data = .aaaa(address)
        case .ns, .cname, .ptr:
            data = .name(try inside(end) { (r: inout DNSReader) throws(DropReason) in try r.name() })
        case .mx:
            data = try inside(end) { (r: inout DNSReader) throws(DropReason) in .mx(preference: try r.u16(), exchange: try r.name()) }
        case .soa:
            data = try inside(end) { (r: inout DNSReader) throws(DropReason) in
                .soa(mname: try r.name(), rname: try r.name(), serial: try r.u32(), refresh: try r.u32(), retry: try r.u32(),
                     expire: try r.u32(), minimum: try r.u32())
            }
        default:
            data = .opaque(try take(length))
        }
        guard offset == end else { throw .dnsBadRecordData }
        return DNSRecord(name: name, type: type, rclass: rclass, ttl: ttl, data: data)
    }

    /// Reads RDATA that must end exactly at `end`; running past it is bad RDATA, not a short message.
    private mutating func inside<T>(_ end: Int, _ body: (inout DNSReader) throws(DropReason) -> T) throws(DropReason) -> T {
        let value: T
        do { value = try body(&self) } catch {
            throw error == .dnsTruncated ? .dnsBadRecordData : error
        }
        guard offset == end else { throw .dnsBadRecordData }
        return value
    }
}

/// Writes a message, remembering where each name suffix went for compression pointers.
struct DNSWriter {
    var bytes: [UInt8] = []
    private var suffixes: [DNSName: Int] = [:]

    mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)] }
    mutating func u32(_ value: UInt32) { u16(UInt16(value >> 16)); u16(UInt16(truncatingIfNeeded: value)) }

    mutating func name(_ name: DNSName) {
        for index in name.labels.indices {
            let suffix = DNSName(checked: Array(name.labels[index...]))
            if let at = suffixes[suffix] {
                u16(0xC000 | UInt16(at))
                return
            }
            // A pointer holds 14 bits of offset.
            if bytes.count < 0x4000 { suffixes[suffix] = bytes.count }
            bytes.append(UInt8(name.labels[index].count))
            bytes += name.labels[index]
        }
        bytes.append(0)
    }

    mutating func record(_ record: DNSRecord) {
        name(record.name)
        u16(record.type.rawValue)
        u16(record.rclass)
        u32(record.ttl)
        let lengthAt = bytes.count
        u16(0)
        switch record.data {
        case .a(let address): bytes += address.bytes
        case .aaaa(let address): bytes += address.bytes
        case .name(let target): name(target)
        case let .mx(preference, exchange):
            u16(preference)
            name(exchange)
        case let .soa(mname, rname, serial, refresh, retry, expire, minimum):
            name(mname)
            name(rname)
            for value in [serial, refresh, retry, expire, minimum] { u32(value) }
        case .opaque(let data): bytes += data
        }
        let length = bytes.count - lengthAt - 2
        bytes[lengthAt] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[lengthAt + 1] = UInt8(truncatingIfNeeded: length)
    }
}
