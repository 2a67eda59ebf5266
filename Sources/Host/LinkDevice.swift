import CSoftRTXShim
import Glibc

/// Opens the Linux side of a port binding: a nonblocking fd that reads and writes whole Ethernet
/// frames, one per syscall.
enum LinkDevice {
    static func open(_ binding: PortBinding) throws(HostError) -> CInt {
        switch binding.device {
        case .interface(let name):
            let index = if_nametoindex(name)
            guard index != 0 else { throw .noInterface(name, port: binding.port) }
            let fd = softrtx_packet_open(CInt(index))
            guard fd >= 0 else { throw .system("AF_PACKET socket on \(name) for \(binding.port)", errno: -fd) }
            return fd
        case .tap(let name):
            let fd = softrtx_tap_open(name)
            guard fd >= 0 else { throw .system("TAP device \(name) for \(binding.port)", errno: -fd) }
            return fd
        }
    }
}
