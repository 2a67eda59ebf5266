import Config
import PPP

/// `show status pp N`: the PPPoE session of a pp in RTX's layout (its English console's wording),
/// from the client's live state and what the data path counted.
extension Router {
    func showStatusPP(_ words: ArraySlice<Substring>) -> String {
        guard words.count == 1, let number = Int(words[words.startIndex]), InterfaceName.ppNumbers.contains(number) else {
            return "Error: Invalid parameter\n"
        }
        let pp = running.pps[number]
        var text = "\(Router.ppLabel(number)):\n"
        text += "Description: \(pp?.descriptionText ?? "")\n"
        guard let binding = ppBindings[number] else {
            return text + "PPPoE session status: " + (pp?.usesPPPoE == true ? "Disabled" : "Not used") + "\n"
        }
        guard let link = binding.link, let since = binding.upSince else {
            let cause = binding.client.status.lastCause.map { "Last disconnect cause: \($0)\n" } ?? ""
            return text + "PPPoE session status: \(Router.phaseText(binding.client.phase, held: binding.held))\n" + cause
        }
        text += "PPPoE session status: Connected\n"
        text += "Access Concentrator: \(link.acName ?? "")\n"
        text += "Session ID: \(link.sessionID)\n"
        text += "Communication Time: \(Router.elapsedText(now - since))\n"
        text += "Received: \(binding.received.packets) packets [\(binding.received.octets) octets]\n"
        text += "Transmitted: \(binding.transmitted.packets) packets [\(binding.transmitted.octets) octets]\n"
        text += "PPP Configure Options\n"
        let status = binding.client.status
        text += "    LCP Local: \(status.lcpLocal.joined(separator: " ")), Remote: \(status.lcpRemote.joined(separator: " "))\n"
        text += "    IPCP Local: \(status.ipcpLocal.joined(separator: " ")), Remote: \(status.ipcpRemote.joined(separator: " "))\n"
        text += "    PP IP Address Local: \(link.address), Remote: \(link.peerAddress.map { "\($0)" } ?? "")\n"
        text += "    MTU: \(link.mtu)\n"
        text += "    CCP: None\n"
        return text
    }

    private static func phaseText(_ phase: PPPoEClient.Phase, held: Bool) -> String {
        switch phase {
        case .idle: held ? "Disconnected (disconnect pp)" : "Disconnected"
        default: "Connecting (\(phase))"
        }
    }

    /// `1d 02:03:04`, as RTX counts a connection's time.
    static func elapsedText(_ elapsed: Duration) -> String {
        let seconds = max(0, Int(elapsed.components.seconds))
        let (d, h, m, s) = (seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let clock = "\(two(h)):\(two(m)):\(two(s))"
        return d > 0 ? "\(d)d \(clock)" : clock
    }
}
