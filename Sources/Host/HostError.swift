import Glibc

/// Why the host cannot start or go on; `description` is the whole line the user sees.
public enum HostError: Error, Equatable, CustomStringConvertible {
    case badPortSpec(String)
    case unknownPort(String, model: String, ports: [String])
    case duplicatePort(String)
    case noInterface(String, port: String)
    case system(String, errno: CInt)
    case console(String)

    public var description: String {
        switch self {
        case .badPortSpec(let spec): "bad --port '\(spec)': expected PORT=IFNAME or PORT=tap:NAME"
        case .unknownPort(let port, let model, let ports):
            "\(model) has no port '\(port)' (it has \(ports.joined(separator: ", ")))"
        case .duplicatePort(let port): "port '\(port)' is bound twice"
        case .noInterface(let name, let port): "no interface '\(name)' for \(port)"
        case .system(let what, let code): "\(what): \(String(cString: strerror(code)))"
        case .console(let message): message
        }
    }
}
