import DNS
import Wire

/// The router's own name lookups (`DNSResolver`, through the proxy's servers): peers given by host
/// name, such as a branch on a dynamic PPPoE address registered with a dynamic DNS service. Derived
/// state that uses a name is computed at apply time, so a changed address re-applies the running
/// config: a tunnel or IKE peer then follows its peer's new address.
extension Router {
    /// The address a host name in the config stands for, nil until an answer gives one (the caller
    /// waits: a tunnel without its peer's address does not start). Asks upstream for a name not held.
    func resolvedAddress(of name: String) -> IPv4Address? {
        guard let dnsName = DNSName(name) else { return nil }
        return dnsProxy.lookup(dnsName, now: now)
    }

    /// At the end of apply: the names looked up while applying that need a query get one now.
    func sendDueLookups() { dnsTimers() }

    /// Logs what the router's lookups found and re-applies the config when an address changed.
    func resolverEvents(_ events: [DNSResolver.Event]) {
        var changed = false
        for event in events {
            switch event {
            case let .changed(name, old, new):
                changed = true
                let was = old.map { " (was \($0))" } ?? ""
                log.append("[DNS] \(name.text): " + (new.map { "resolved to \($0)\(was)" } ?? "no address\(was)"), at: now)
            case let .failed(name, failure):
                log.append("[DNS] \(name.text): resolution failed: \(failure)", at: now)
            }
        }
        if changed { apply(running) }
    }

    /// The names the router looks up, for `show status dns`.
    func showResolverNames() -> String {
        let entries = dnsProxy.resolver.all
        var text = "Router's own names: \(entries.count) of \(dnsProxy.resolver.limit)\n"
        for entry in entries {
            var line = "  \(entry.name.text) " + (entry.address.map { "\($0)" } ?? "unresolved")
            if let expires = entry.expires {
                let left = expires - now
                line += left > .zero ? " ttl=\(left.components.seconds)" : " (expired)"
            }
            if !entry.inUse { line += " unused" }
            if let failure = entry.lastFailure, entry.failuresInARow > 0 { line += ", \(entry.failuresInARow) failed: \(failure)" }
            text += line + "\n"
        }
        return text
    }
}
