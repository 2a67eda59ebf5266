import Config
import NIOCore
import Wire

/// The router's clock in its `timezone`, and its log sent to the `syslog host`s: UDP from the
/// router's own address through its own stack, as an RTX sends it (the default `yamaha` format: the
/// RFC 3164 PRI, then the message; no timestamp, no host name).
extension Router {
    /// Seconds east of UTC of the router's `timezone`.
    public var utcOffset: Int64 { Int64(running.effectiveTimezone.seconds) }

    /// `2026/01/01 00:00:05` in the router's zone.
    public func timestamp(_ time: Duration) -> String {
        RouterClock.timestamp(time, epoch: epoch, offset: utcOffset)
    }

    /// Sends the log lines appended since the last call whose severity is switched on (`syslog
    /// notice|info|debug`); the others stay in `show log` only.
    func forwardLog() {
        let appended = log.appended
        let fresh = min(appended - logForwarded, log.entries.count)
        logForwarded = appended
        let settings = running.syslog
        let hosts = settings.addresses
        guard fresh > 0, !hosts.isEmpty else { return }
        for entry in log.entries.suffix(fresh) {
            let sent = switch entry.severity {
            case .notice: settings.effectiveNotice
            case .info: settings.effectiveInfo
            case .debug: settings.effectiveDebug
            }
            guard sent else { continue }
            let payload = ByteBuffer(string: "<\(settings.effectiveFacility * 8 + entry.severity.rawValue)> \(entry.message)")
            for host in hosts { sendSyslog(payload, to: host, settings) }
        }
    }

    private func sendSyslog(_ payload: ByteBuffer, to host: IPv4Address, _ settings: SyslogSettings) {
        // The source goes into the UDP checksum, so it is chosen here as `sendLocal` would choose it.
        guard let source = settings.localAddress ?? routes.lookup(host).flatMap({ interfaces[$0.interface]?.address?.address })
        else { return count(.noRoute) }
        let datagram = UDPHeader.datagram(sourcePort: settings.effectiveSourcePort, destinationPort: 514, payload: payload,
                                          source: source, destination: host)
        sendLocal(protocol: IPProtocol.udp, to: host, payload: datagram, source: source)
    }

    /// `show config unsupported`: the lines SoftRTX keeps without acting on, counted per command.
    func showConfigUnsupported() -> String {
        let counts = running.acceptedCounts
        var text = "Accepted without effect: \(counts.reduce(0) { $0 + $1.count })\n"
        for (command, n) in counts { text += "  " + pad(command, 40) + leftPad("\(n)", 6) + "\n" }
        return text
    }
}
