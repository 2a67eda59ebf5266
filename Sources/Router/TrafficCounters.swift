/// Frames and octets through one port (`statistics traffic on`, `show status lanN`); a super-frame a
/// driver hands over whole counts once.
struct TrafficCounters {
    var transmittedPackets = 0
    var transmittedOctets = 0
    var receivedPackets = 0
    var receivedOctets = 0

    mutating func transmitted(_ octets: Int) {
        transmittedPackets += 1
        transmittedOctets += octets
    }

    mutating func received(_ octets: Int) {
        receivedPackets += 1
        receivedOctets += octets
    }
}
