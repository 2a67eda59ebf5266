import L2TP

/// `show status l2tp` in the layout an RTX830 prints.
extension Router {
    func showStatusL2TP() -> String {
        let active = tunnels.sorted { $0.key < $1.key }.filter { $0.value.engine.state != .idle }
        var text = "------------------- L2TP INFORMATION -------------------\n"
        text += "Number of control table using\n"
        let sessions = active.filter { $0.value.engine.sessionState != .idle }.count
        text += "  Tunnel Control: \(active.count), Session Control: \(sessions)\n"
        for (number, binding) in active {
            let t = binding.engine
            text += "TUNNEL[\(number)]:\n"
            text += "  Tunnel State: \(t.state.rawValue)\n"
            guard t.state == .established else { continue }
            text += "  Version: L2TPv3\n"
            text += "  Local  Tunnel ID: \(t.localTunnelID)\n"
            text += "  Remote Tunnel ID: \(t.remoteTunnelID)\n"
            text += "  Local  IP Address: \(t.settings.localAddress)\n"
            text += "  Remote IP Address: \(t.settings.remoteAddress)\n"
            text += "  Local  Src port: \(L2TPTunnel.port)\n"
            text += "  Remote Src port: \(t.remotePort)\n"
            text += "  Vendor: \(t.peerVendor ?? "")\n"
            text += "  Hostname: \(t.peerHostName ?? "")\n"
            text += "  Next Transmit sequence(Ns): \(t.nextNs)\n"
            text += "  Next Receive sequence(Nr) : \(t.nextNr)\n"
            let count = t.sessionState == .idle ? 0 : 1
            text += "  Tunnel has \(count) session\(count == 1 ? "" : "s").\n"
            guard count == 1 else { continue }
            text += "  Session Information\n"
            text += "    Session State: \(t.sessionState.rawValue)\n"
            text += "    Local  Session ID: \(t.localSessionID)\n"
            text += "    Remote Session ID: \(t.remoteSessionID)\n"
            let local = t.sessionState == .established ? "UP" : "DOWN"
            let peer = t.sessionState == .established && t.peerCircuitUp ? "UP" : "DOWN"
            text += "    Circuit Status local:\(local) peer:\(peer)\n"
            if let since = t.sessionUpSince { text += "    \(Router.connectionTime(now - since))  connection.\n" }
            text += "    Received: \(Router.traffic(t.received))\n"
            text += "    Transmitted: \(Router.traffic(t.transmitted))\n"
        }
        return text
    }

    /// `1 minute 9 seconds`, `56 seconds`: units in the singular for 0 and 1.
    static func connectionTime(_ d: Duration) -> String {
        let s = max(0, d.components.seconds)
        func unit(_ n: Int64, _ name: String) -> String { "\(n) \(name)\(n == 1 || n == 0 ? "" : "s")" }
        var parts: [String] = []
        if s >= 86400 { parts.append(unit(s / 86400, "day")) }
        if s >= 3600 { parts.append(unit(s / 3600 % 24, "hour")) }
        if s >= 60 { parts.append(unit(s / 60 % 60, "minute")) }
        parts.append(unit(s % 60, "second"))
        return parts.joined(separator: " ")
    }

    /// `0 packet [0 octet]`, `10 packets [520 octets]`.
    static func traffic(_ c: TrafficCounter) -> String {
        "\(c.packets) packet\(c.packets > 1 ? "s" : "") [\(c.octets) octet\(c.octets > 1 ? "s" : "")]"
    }
}
