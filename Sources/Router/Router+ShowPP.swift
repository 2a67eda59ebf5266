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
            return text + "Current PPPoE session status is " + (pp?.usesPPPoE == true ? "Disabled" : "Not used") + ".\n"
        }
        guard let link = binding.link, let since = binding.upSince else {
            let cause = binding.client.status.lastCause.map { "Last disconnect cause: \($0)\n" } ?? ""
            return text + "Current PPPoE session status is \(Router.phaseText(binding.client.phase, held: binding.held)).\n" + cause
        }
        // The layout (and its "Cofigure") of an RTX's English console, as captured from a FLET'S line.
        let status = binding.client.status
        text += "Current PPPoE session status is Connected.\n"
        text += "Access Concentrator: \(link.acName ?? "")\n"
        text += "\(Router.connectionTime(now - since))  connection.\n"
        text += "Received: \(Router.packets(binding.received))\n"
        text += "Transmitted: \(Router.packets(binding.transmitted))\n"
        text += "PPP Cofigure Options\n"
        text += "    LCP Local: \(status.lcpLocal.joined(separator: " ")), Remote: \(status.lcpRemote.joined(separator: " "))\n"
        text += "    IPCP Local: \(status.ipcpLocal.joined(separator: " ")), Remote: \(status.ipcpRemote.joined(separator: " "))\n"
        text += "    PP IP Address Local: \(link.address), Remote: \(link.peerAddress.map { "\($0)" } ?? "")\n"
        text += "    CCP: None\n"
        // SoftRTX's own: what the data path needs to know of the session.
        text += "PPPoE Session ID: \(link.sessionID), MTU: \(link.mtu)\n"
        return text
    }

    private static func packets(_ t: PPBinding.Traffic) -> String {
        "\(t.packets) packet\(t.packets == 1 ? "" : "s") [\(t.octets) octet\(t.octets == 1 ? "" : "s")]"
    }

    private static func phaseText(_ phase: PPPoEClient.Phase, held: Bool) -> String {
        switch phase {
        case .idle: held ? "Disconnected (disconnect pp)" : "Disconnected"
        default: "Connecting (\(phase))"
        }
    }
}
