/// What the router did to packets on their way rather than refusing them: IPv4 fragmentation both
/// ways, and the offloads it resolved itself (`show ip fragment`).
struct PacketCounters {
    var packetsFragmented = 0
    var fragmentsSent = 0
    var fragmentsReceived = 0
    var datagramsReassembled = 0
    var superFramesCut = 0
    var segmentsCut = 0
    var tcpSegmentsRecut = 0
    var mssClamped = 0
}
