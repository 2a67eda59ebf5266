/// One `pp select N` with `pppoe use lanN`, as the PPPoE client uses it. `init()` gives RTX's defaults from the
/// command reference (Rev.23.02, chapter 11 "PPP の設定"); the keepalive defaults are inferred, see `Keepalive`.
public struct PPPoEClientSettings: Equatable, Sendable {
    /// `pppoe service-name`: the Service-Name asked for in the PADI; nil asks for any (an empty tag).
    public var serviceName: String?
    /// `pppoe access concentrator`: only PADOs with this AC-Name are taken.
    public var accessConcentrator: String?
    /// `pp auth myname ID PASSWORD`.
    public var username: String?
    public var password: String?
    /// `pp auth accept pap chap`; default: none (RTX refuses to authenticate itself unless told).
    public var acceptedAuth: Set<PPPAuthProtocol> = []
    /// `ppp lcp mru on N` (default on 1792); nil = `off`, no MRU option. Over PPPoE the value sent is at most
    /// 1492 (RFC 2516 7).
    public var mru: Int? = 1792
    /// `ppp lcp magicnumber` (default on).
    public var magicNumber = true
    /// `ppp ipcp ipaddress on` (default off): ask the AC for our address with 0.0.0.0.
    public var requestAddress = false
    /// `ppp ipcp msext on` (default off): ask for DNS servers (RFC 1877 options 129 and 131).
    public var requestDNS = false
    /// `pp keepalive use lcp-echo` (default off) with `pp keepalive interval`.
    public var keepalive: Keepalive?
    /// `pp always-on on`: reconnect after a loss, with backoff.
    public var alwaysOn = false

    /// `pp keepalive interval N retry-interval=N count=N`. Defaults 30 s / 30 s / 6 follow the reference's
    /// `pptp keepalive interval` (30, 6); the pp command's own defaults were not found (inference).
    public struct Keepalive: Equatable, Sendable {
        public var interval: Duration
        public var retryInterval: Duration
        public var count: Int

        public init(interval: Duration = .seconds(30), retryInterval: Duration = .seconds(30), count: Int = 6) {
            self.interval = interval
            self.retryInterval = retryInterval
            self.count = count
        }
    }

    /// `pppoe padi maxretry` 5, `pppoe padi restart` 3000 ms, `pppoe padr maxretry` 5, `pppoe padr restart` 3000 ms.
    public var padiMaxRetry = 5
    public var padrMaxRetry = 5
    public var padiRestart: Duration = .milliseconds(3000)
    public var padrRestart: Duration = .milliseconds(3000)
    /// `ppp lcp restart` 3000 ms, `maxconfigure` 10, `maxfailure` 10, `maxterminate` 2.
    public var lcpRestart: Duration = .milliseconds(3000)
    public var lcpMaxConfigure = 10
    public var lcpMaxFailure = 10
    public var lcpMaxTerminate = 2
    /// `ppp ipcp restart` 3000 ms, `maxconfigure` 10, `maxfailure` 10, `maxterminate` 2.
    public var ipcpRestart: Duration = .milliseconds(3000)
    public var ipcpMaxConfigure = 10
    public var ipcpMaxFailure = 10
    public var ipcpMaxTerminate = 2
    /// `ppp pap restart` 3000 ms, `ppp pap maxauthreq` 10.
    public var papRestart: Duration = .milliseconds(3000)
    public var papMaxAuthReq = 10
    /// `ppp chap restart` 3000 ms: the authenticator's challenge interval. As the authenticatee we wait
    /// `chapRestart` times `papMaxAuthReq` for the outcome (the reference's `ppp chap maxchallenge` default is also 10).
    public var chapRestart: Duration = .milliseconds(3000)

    public init() {}

    var lcpTiming: PPPNegotiationTiming {
        PPPNegotiationTiming(restart: lcpRestart, maxConfigure: lcpMaxConfigure, maxTerminate: lcpMaxTerminate,
                             maxFailure: lcpMaxFailure)
    }

    var ipcpTiming: PPPNegotiationTiming {
        PPPNegotiationTiming(restart: ipcpRestart, maxConfigure: ipcpMaxConfigure, maxTerminate: ipcpMaxTerminate,
                             maxFailure: ipcpMaxFailure)
    }
}
