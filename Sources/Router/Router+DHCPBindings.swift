/// The DHCP server's bindings as a driver keeps them across a restart: an RTX forgets them (command
/// reference 12.1.5), and a restarted router may then give a host's address to another; `softrtx run`
/// keeps them beside the config file instead.
extension Router {
    /// Changes whenever a binding appears, changes or goes.
    public var dhcpBindingsVersion: Int { dhcpServer.bindingsVersion }

    /// Each binding: address, client MAC, client identifier, host name, and when it lapses in Unix seconds.
    public var dhcpBindings: [(lease: DHCPLease, expiresAt: Int64)] {
        dhcpServer.bindings.map { ($0, epoch + $0.expiry.components.seconds) }
    }

    /// Binds again what a previous run bound, where the address is still in a scope and not lapsed.
    public func restoreDHCPBindings(_ bindings: [(lease: DHCPLease, expiresAt: Int64)]) {
        let leases = bindings.map { binding in
            var lease = binding.lease
            lease.state = .bound
            lease.expiry = .seconds(binding.expiresAt - epoch)
            return lease
        }
        dhcpServer.restore(leases, now: now)
    }
}
