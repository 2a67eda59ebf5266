extension ConfigPrinter {
    /// An interface's `secure filter` and `intrusion detection` lines, after its address and before
    /// its `nat descriptor`, as an RTX prints them.
    func filterLines(_ interface: InterfaceConfig) -> [String] {
        interface.secureFilters.sorted { $0.key < $1.key }.map { "secure filter \($0.key.rawValue) \($0.value)" }
            + interface.intrusionDetection.lines.map { "intrusion detection " + $0 }
    }

    /// `ip filter` then `ip filter dynamic`, each by number: after the tunnel blocks, before `nat descriptor`.
    func ipFilterLines() -> [String] {
        config.ipFilters.sorted { $0.key < $1.key }.map { "ip filter \($0.key) \($0.value)" }
            + config.ipDynamicFilters.sorted { $0.key < $1.key }.map { "ip filter dynamic \($0.key) \($0.value)" }
            + (config.dynamicFilterTimers.isEmpty ? [] : ["ip filter dynamic timer "
                + config.dynamicFilterTimers.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")])
    }
}
