import Wire

/// The access concentrator's side of IPCP (RFC 1332, RFC 1877): it tells the peer its own address,
/// Naks the peer's IP-Address and DNS options with the address and servers handed out, and rejects
/// what it does not serve (compression, NBNS, a DNS option when it has no server to give).
struct ServerIPCPPolicy: PPPOptionPolicy {
    let localAddress: IPv4Address
    let peerAddress: IPv4Address
    let dns: [IPv4Address]
    var sendAddress = true

    init(localAddress: IPv4Address, peerAddress: IPv4Address, dns: [IPv4Address]) {
        self.localAddress = localAddress
        self.peerAddress = peerAddress
        self.dns = dns
    }

    var protocolNumber: UInt16 { PPPProtocol.ipcp }
    var magicNumber: UInt32 { 0 }

    func requestedOptions() -> [PPPOption] { sendAddress ? [.address(IPCPOption.ipAddress, localAddress)] : [] }

    func judge(_ options: [PPPOption]) -> PPPJudgement {
        var judgement = PPPJudgement()
        for option in options {
            let wanted: IPv4Address?
            switch option.type {
            case IPCPOption.ipAddress: wanted = peerAddress
            case IPCPOption.primaryDNS: wanted = dns.first
            case IPCPOption.secondaryDNS: wanted = dns.dropFirst().first
            default: wanted = nil
            }
            guard let wanted, option.address != nil else { judgement.rejected.append(option); continue }
            if option.address != wanted { judgement.nakked.append(.address(option.type, wanted)) }
        }
        return judgement
    }

    mutating func peerAccepted(_ options: [PPPOption]) {}
    mutating func acknowledged(_ options: [PPPOption]) {}
    /// Our own address is ours to say: a Nak of it changes nothing (the automaton gives up on it
    /// after Max-Failure Naks, as if it were rejected).
    mutating func nakked(_ options: [PPPOption]) {}

    /// A peer that rejects our address has no use for it; we stop sending it.
    mutating func rejected(_ options: [PPPOption]) {
        if options.contains(where: { $0.type == IPCPOption.ipAddress }) { sendAddress = false }
    }

    mutating func reset() { sendAddress = true }
}
