import Wire

/// The access concentrator's side of IPCP (RFC 1332, RFC 1877): it tells the peer its own address,
/// Naks the peer's IP-Address and DNS options with the address and servers handed out, and rejects
/// what it does not serve (compression, NBNS, a DNS option when it has no server to give).
struct ServerIPCPOptions {
    let localAddress: IPv4Address
    var sendAddress = true
    let peerAddress: IPv4Address
    let dns: [IPv4Address]

    var request: [PPPOption] { sendAddress ? [.address(IPCPOption.ipAddress, localAddress)] : [] }

    func review(_ options: [PPPOption]) -> PPPOptionVerdict {
        var naks: [PPPOption] = []
        var rejects: [PPPOption] = []
        for option in options {
            let wanted: IPv4Address?
            switch option.type {
            case IPCPOption.ipAddress: wanted = peerAddress
            case IPCPOption.primaryDNS: wanted = dns.first
            case IPCPOption.secondaryDNS: wanted = dns.dropFirst().first
            default: wanted = nil
            }
            guard let wanted, option.address != nil else { rejects.append(option); continue }
            if option.address != wanted { naks.append(.address(option.type, wanted)) }
        }
        if !rejects.isEmpty { return .reject(rejects) }
        if !naks.isEmpty { return .nak(naks) }
        return .ack
    }

    /// A peer that rejects our address has no use for it; we stop sending it.
    mutating func rejected(_ options: [PPPOption]) {
        if options.contains(where: { $0.type == IPCPOption.ipAddress }) { sendAddress = false }
    }
}
