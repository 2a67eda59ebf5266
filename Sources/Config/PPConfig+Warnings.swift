extension Config {
    /// PPPoE settings SoftRTX keeps but cannot carry out; `softrtx check` prints them as warnings.
    /// Several PPPoE sessions on one LAN port (an RTX's multi-session) are not built: the lowest
    /// enabled pp on a port keeps it.
    public var ppWarnings: [String] {
        var owner: [InterfaceName: Int] = [:]
        var warnings: [String] = []
        for (number, pp) in pps.sorted(by: { $0.key < $1.key }) where ppEnabled.contains(number) {
            guard let port = pp.pppoeInterface else { continue }
            if let first = owner[port] {
                warnings.append("pp \(number): pppoe use \(port) as pp \(first) does: SoftRTX runs one PPPoE session per port, "
                                + "so pp \(number) never connects")
            } else {
                owner[port] = number
            }
        }
        return warnings
    }
}
