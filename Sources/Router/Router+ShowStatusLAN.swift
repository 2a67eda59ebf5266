import Config

/// `show status lanN`: a port's description, address, MAC and MTU, and its traffic while `statistics
/// traffic on` counts it.
extension Router {
    func showStatusLAN(_ port: String) -> String {
        guard portMACs[port] != nil, let name = InterfaceName(port) else { return "Error: Invalid parameter\n" }
        let settings = running.effectiveInterface(name)
        // A bridge member has no address of its own: the bridge holds it.
        let address = interfaces[port]?.address.map { "\($0)" } ?? ""
        var text = "\(port.uppercased())\n"
        text += pad("Description:", 32) + (settings.descriptionText ?? "") + "\n"
        text += pad("IP Address:", 32) + address + "\n"
        text += pad("Ethernet address:", 32) + (portMACs[port].map { "\($0)" } ?? "") + "\n"
        text += pad("Maximum Transmission Unit(MTU):", 32) + "\(settings.effectiveMTU) octets\n"
        if let counters = traffic?[port] ?? (traffic != nil ? TrafficCounters() : nil) {
            text += pad("Transmitted:", 32) + "\(packets(counters.transmittedPackets)) (\(counters.transmittedOctets) octets)\n"
            text += pad("Received:", 32) + "\(packets(counters.receivedPackets)) (\(counters.receivedOctets) octets)\n"
        }
        return text
    }

    private func packets(_ n: Int) -> String { n == 1 ? "1 packet" : "\(n) packets" }
}
