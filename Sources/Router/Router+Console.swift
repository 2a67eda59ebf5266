import Config

/// The console: configuration lines go to `Config`, everything else (show, ping, save, clear)
/// is a command of the router.
extension Router {
    public static let firmware = "SoftRTX Rev.0.1"

    public var isConsoleBusy: Bool { ping != nil }

    public func takeConsoleOutput() -> String {
        defer { consoleOutput = "" }
        return consoleOutput
    }

    /// Types one line at the prompt.
    public func enter(_ line: String, now: Duration) {
        advance(to: now)
        let words = line.split(separator: " ")
        guard let first = words.first, !first.hasPrefix("#") else { return }
        switch first {
        case "show": consoleOutput += show(Array(words.dropFirst()))
        case "ping": startPing(words)
        case "save":
            guard words.count == 1 else { return say("Error: Insufficient or too many parameters") }
            saved = running
            // `console character en.ascii` as a captured RTX prints it; the Japanese codes as the seed's RTX830.
            say(running.effectiveConsoleCharacter.isEnglish ? "Saving ... CONFIG0 Done ." : "セーブ中... CONFIG0 終了")
        case "clear":
            switch words.dropFirst().joined(separator: " ") {
            case "arp": arp.clear()
            case "dns cache": dnsProxy.clearCache()
            default: say("Error: Invalid parameter")
            }
        case "connect", "disconnect": ppCommand(words)
        case "ipsec":
            if let output = ipsecCommand(Array(words)) { consoleOutput += output } else { configure(line) }
        default:
            configure(line)
        }
    }

    /// Applies one configuration line to the running config, or prints RTX's error and changes nothing.
    func configure(_ line: String) {
        var candidate = running
        var candidateContext = context
        let outcome: LineOutcome
        do {
            outcome = try candidate.run(line, context: &candidateContext)
        } catch {
            return say(error.message)
        }
        guard outcome != .notConfiguration else { return say("Error: Invalid command name") }
        running = candidate
        context = candidateContext
        apply(running, typed: true)
        if outcome == .acceptedNoEffect { say(ConfigError.Reason.acceptedNoEffect.message) }
    }

    func say(_ text: String) { consoleOutput += text + "\n" }

    /// A link on a port changed (the cable was plugged or pulled).
    public func linkChanged(port: String, up: Bool, now: Duration) {
        advance(to: now)
        guard portMACs[port] != nil else { return }
        configGeneration &+= 1
        log.append("\(port.uppercased()): link \(up ? "up" : "down")", at: now)
        guard !up else { return ppLinkUp(port: port) }
        // What was learned through the port is stale; a bridge keeps the ARP of its other members.
        fdb.forget(member: port)
        if let iface = interfaces[port] { arp.forget(interface: iface.name) }
    }
}
