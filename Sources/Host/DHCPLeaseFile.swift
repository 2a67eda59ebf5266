import Foundation
import Router
import Wire

/// The DHCP bindings of `softrtx run`, kept beside the config file (`NAME.leases` for `NAME.conf`), one
/// per line: `ADDRESS MAC EXPIRES [id=HEX] [host=NAME]`, EXPIRES in Unix seconds. Written atomically; a
/// line it cannot read is skipped, so a damaged file costs bindings, never the start.
struct DHCPLeaseFile {
    let path: String

    init(beside config: ConfigFile) {
        path = URL(fileURLWithPath: config.path).deletingPathExtension().appendingPathExtension("leases").path
    }

    func read() -> [(lease: DHCPLease, expiresAt: Int64)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap(Self.parse)
    }

    func write(_ bindings: [(lease: DHCPLease, expiresAt: Int64)]) throws {
        let text = bindings.map { Self.format($0.lease, expiresAt: $0.expiresAt) + "\n" }.joined()
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func format(_ lease: DHCPLease, expiresAt: Int64) -> String {
        var line = "\(lease.address) \(lease.mac) \(expiresAt)"
        if let id = lease.clientIdentifier { line += " id=\(id.hexText())" }
        // A host name is the client's to choose: only what cannot break the line is kept.
        if let host = lease.hostName, !host.isEmpty, host.allSatisfy({ $0.isASCII && !$0.isWhitespace }) { line += " host=\(host)" }
        return line
    }

    static func parse(_ line: Substring) -> (lease: DHCPLease, expiresAt: Int64)? {
        let fields = line.split(separator: " ")
        guard fields.count >= 3, let address = IPv4Address(fields[0]), let mac = MACAddress(fields[1]),
              let expiresAt = Int64(fields[2]) else { return nil }
        var lease = DHCPLease(address: address, mac: mac, scopeID: 0, state: .bound, expiry: .zero)
        for field in fields.dropFirst(3) {
            if field.hasPrefix("id=") {
                guard let id = hexBytes(field.dropFirst(3)) else { return nil }
                lease.clientIdentifier = id
            } else if field.hasPrefix("host=") {
                lease.hostName = String(field.dropFirst(5))
            }
        }
        return (lease, expiresAt)
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        guard text.count % 2 == 0, !text.isEmpty else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
