import Wire

/// IPv4 routes: the connected networks of the interfaces and `ip route` lines, longest prefix first.
struct RoutingTable {
    enum Kind: String {
        case implicit    // a connected network
        case `static`
    }

    struct Route {
        var destination: IPv4Prefix   // network form
        var gateway: IPv4Address?     // nil: directly connected
        var interface: String
        var kind: Kind
    }

    private(set) var routes: [Route] = []

    init(routes: [Route]) {
        self.routes = routes.sorted {
            ($0.destination.length, $0.kind == .implicit ? 1 : 0) > ($1.destination.length, $1.kind == .implicit ? 1 : 0)
        }
    }

    func lookup(_ address: IPv4Address) -> Route? {
        routes.first { $0.destination.contains(address) }
    }
}
