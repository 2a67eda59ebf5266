import Config
import PPP

extension PPPoEClientSettings {
    /// What the `pp select N` block (and its `ip pp` lines) ask of the PPPoE client.
    init(_ pp: PPConfig, interface: InterfaceConfig) {
        self.init()
        serviceName = pp.serviceName
        accessConcentrator = pp.accessConcentrator
        username = pp.authMyname?.name
        password = pp.authMyname?.password
        acceptedAuth = Set(pp.effectiveAuthAccept.compactMap { protocolName -> PPPAuthProtocol? in
            switch protocolName {
            case .pap: .pap
            case .chap: .chap
            default: nil
            }
        })
        // RFC 2516 §7: a PPPoE MRU is at most 1,492 (the Ethernet MTU less 8 bytes of PPPoE and PPP).
        mru = pp.effectiveMRU.map { min($0, PPPoEClientSettings.pppoeMaximumMRU) }
        magicNumber = pp.effectiveMagicNumber
        alwaysOn = pp.effectiveAlwaysOn
        requestAddress = pp.effectiveIPCPIPAddress
        requestDNS = pp.effectiveIPCPMSExt
        keepalive = pp.effectiveKeepaliveLCPEcho
            ? Keepalive(interval: pp.effectiveKeepaliveInterval, retryInterval: pp.effectiveKeepaliveRetryInterval,
                        count: pp.effectiveKeepaliveCount)
            : nil
        padiMaxRetry = pp.effectivePADIMaxRetry
        padiRestart = pp.effectivePADIRestart
        padrMaxRetry = pp.effectivePADRMaxRetry
        padrRestart = pp.effectivePADRRestart
        lcpRestart = pp.effectiveLCPRestart
        lcpMaxConfigure = pp.effectiveLCPMaxConfigure
        lcpMaxFailure = pp.effectiveLCPMaxFailure
        lcpMaxTerminate = pp.effectiveLCPMaxTerminate
        ipcpRestart = pp.effectiveIPCPRestart
        ipcpMaxConfigure = pp.effectiveIPCPMaxConfigure
        ipcpMaxFailure = pp.effectiveIPCPMaxFailure
        ipcpMaxTerminate = pp.effectiveIPCPMaxTerminate
        papRestart = pp.effectivePAPRestart
        papMaxAuthReq = pp.effectivePAPMaxAuthReq
        chapRestart = pp.effectiveCHAPRestart
    }
}

extension PPPoEClientSettings {
    static let pppoeMaximumMRU = 1492
}
