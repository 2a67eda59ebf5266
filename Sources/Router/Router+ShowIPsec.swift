import Config
import IKE

/// `show ipsec sa` and `show ipsec sa gateway N [detail]`, in the layout of RTX firmware Rev.14/15.
extension Router {
    func showIPsecSA() -> String {
        let rows = ike.status(now: now)
        guard !rows.isEmpty else { return "" }  // an empty SAD prints nothing at all
        var text = "Total: isakmp:\(isakmpCount(rows)) send:\(espCount(rows, send: true)) recv:\(espCount(rows, send: false))\n\n"
        text += "sa    sgw isakmp connection    dir  life[s] remote-id\n"
        text += String(repeating: "-", count: 76) + "\n"
        for row in rows {
            let isakmp = row.isakmpNumber.map(String.init) ?? "-"
            let (connection, direction): (String, String) =
                switch row.kind {
                case .isakmp: ("isakmp", "-")
                case .esp(let send, let mode, let policyID): (espConnection(mode: mode, policyID: policyID), send ? "send" : "recv")
                }
            text += pad("\(row.number)", 6) + pad("\(row.gateway)", 5) + pad(row.kind == .isakmp ? "-" : isakmp, 6)
                + pad(connection, 14) + pad(direction, 5) + pad("\(row.remaining)", 8) + "\(row.remote)\n"
        }
        return text
    }

    func showIPsecSAGateway(_ gateway: Int, detail: Bool) -> String {
        let rows = ike.status(now: now).filter { $0.gateway == gateway }
        guard !rows.isEmpty else { return "" }
        guard detail else {
            let up = rows.contains { $0.kind == .isakmp } ? "U" : " "
            let keepalive = running.ikeGateways[gateway]?.effectiveKeepaliveMode == .on ? "K" : " "
            let local = rows.first.map { "\($0.local)" } ?? "-"
            let remote = rows.first.map { "\($0.remote)" } ?? "-"
            var text = "sgw  flags local-id                      remote-id        # of sa\n"
            text += String(repeating: "-", count: 74) + "\n"
            text += pad("\(gateway)", 5) + pad("\(up) \(keepalive)", 6) + pad(local, 30) + pad(remote, 17)
                + "i:\(isakmpCount(rows)) s:\(espCount(rows, send: true)) r:\(espCount(rows, send: false))\n"
            return text
        }
        var text = ""
        for row in rows {
            text += "SA[\(row.number)] Duration: \(row.remaining)s\n"
            text += "Local ID: \(row.local)\nRemote ID: \(row.remote)\n"
            switch row.kind {
            case .isakmp:
                text += "Protocol: IKE\n"
            case .esp(let send, let mode, _):
                text += "Direction: \(send ? "send" : "receive")\nProtocol: ESP (Mode: \(mode == .transport ? "transport" : "tunnel"))\n"
            }
            text += "Algorithm: \(row.algorithm)\n"
            text += "SPI: \(row.spi.hexText(separator: " ")) \n"
            text += "Key: ** ** ** ** **  (confidential)   ** ** ** ** **\n"
            text += String(repeating: "-", count: 52) + "\n"
        }
        return text
    }

    /// `tra[0001]esp` names the `ipsec transport` of the policy, `tun[0001]esp` the tunnel interface.
    private func espConnection(mode: IPsecMode, policyID: Int) -> String {
        func four(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - "\(n)".count)) + "\(n)" }
        switch mode {
        case .transport:
            let id = running.ipsecTransports.filter { $0.value.policy == policyID }.keys.min() ?? 0
            return "tra[\(four(id))]esp"
        case .tunnel:
            let id = running.tunnels.filter { $0.value.ipsecPolicy == policyID }.keys.min() ?? 0
            return "tun[\(four(id))]esp"
        }
    }

    private func isakmpCount(_ rows: [IKESecurityAssociationStatus]) -> Int { rows.filter { $0.kind == .isakmp }.count }

    private func espCount(_ rows: [IKESecurityAssociationStatus], send: Bool) -> Int {
        rows.filter { if case .esp(let s, _, _) = $0.kind { s == send } else { false } }.count
    }

    /// Operational `ipsec ...` commands, which change SAs and not the config. Nil when `words` is not one.
    func ipsecCommand(_ words: [Substring]) -> String? {
        switch words.joined(separator: " ") {
        case "ipsec refresh sa":
            // RTX drops every SA without telling the peer, then negotiates anew.
            ike.refresh(now: now, notify: false)
        case "ipsec sa delete all":
            ike.deleteAll(now: now)
        default:
            guard words.count == 4, words[0] == "ipsec", words[1] == "sa", words[2] == "delete" else { return nil }
            guard let number = Int(words[3]) else { return "Error: Invalid parameter\n" }
            guard ike.delete(number: number, now: now) else { return "Error: No such SA\n" }
        }
        processIKE()
        return ""
    }
}
