/// One `--port` of `softrtx run`: an RTX port and the Linux link that carries its frames.
public struct PortBinding: Equatable, Sendable {
    public enum Device: Equatable, Sendable {
        /// An existing interface, owned at layer 2 through an AF_PACKET socket.
        case interface(String)
        /// A TAP device the router creates (or attaches to).
        case tap(String)

        public var name: String {
            switch self {
            case .interface(let name), .tap(let name): name
            }
        }
    }

    public var port: String
    public var device: Device

    public init(port: String, device: Device) {
        self.port = port
        self.device = device
    }

    /// `lan1=veth1` or `lan1=tap:rtx0`.
    public init(parsing spec: String) throws(HostError) {
        let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .badPortSpec(spec) }
        port = String(parts[0])
        let target = parts[1]
        if target.hasPrefix("tap:") {
            let name = target.dropFirst(4)
            guard !name.isEmpty else { throw .badPortSpec(spec) }
            device = .tap(String(name))
        } else {
            device = .interface(String(target))
        }
        // Linux interface names are at most 15 bytes and carry no '/' or spaces.
        guard device.name.utf8.count <= 15, !device.name.contains(where: { $0 == "/" || $0 == " " }) else {
            throw .badPortSpec(spec)
        }
    }

    /// Checks a set of bindings against the model's ports: each known, none twice.
    public static func validate(_ bindings: [PortBinding], model: String, ports: [String]) throws(HostError) {
        var seen: Set<String> = []
        for binding in bindings {
            guard ports.contains(binding.port) else { throw .unknownPort(binding.port, model: model, ports: ports) }
            guard seen.insert(binding.port).inserted else { throw .duplicatePort(binding.port) }
        }
    }
}
