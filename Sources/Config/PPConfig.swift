import Wire

/// Everything set inside `pp select N` that SoftRTX types (PPPoE, PPP, keepalive); nil means the RTX
/// default, which the `effective...` accessors give (command reference Rev.23.02.02, chapters 6.2 and 11).
/// Timers are kept as typed (milliseconds or seconds) so `show config` prints them back; the
/// accessors give them as `Duration`.
public struct PPConfig: Equatable, Sendable {
    /// `pp auth accept` / `pp auth request` protocols.
    public enum AuthProtocol: String, Sendable, CaseIterable {
        case pap, chap, mschap
        case mschapV2 = "mschap-v2"
    }

    /// `pp auth request TYPE [arrive-only]`.
    public struct AuthRequest: Equatable, Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case pap, chap, mschap
            case mschapV2 = "mschap-v2"
            /// CHAP first, PAP when the peer rejects CHAP.
            case chapPAP = "chap-pap"
        }

        public var kind: Kind
        /// Only when the peer calls in; never when we connect.
        public var arriveOnly: Bool

        public init(_ kind: Kind, arriveOnly: Bool = false) {
            self.kind = kind
            self.arriveOnly = arriveOnly
        }
    }

    /// `pp auth myname NAME PASSWORD`: what PAP or CHAP sends as ours.
    public struct AuthName: Equatable, Sendable {
        public var name: String
        public var password: String

        public init(name: String, password: String) {
            self.name = name
            self.password = password
        }

        /// Each at most 64 characters.
        public static let maximumLength = 64
    }

    /// `pp always-on on|off [SECONDS]`: SECONDS before reconnecting after a failed or broken connection.
    public struct AlwaysOn: Equatable, Sendable {
        public var enabled: Bool
        public var reconnectTime: Int?

        public init(enabled: Bool, reconnectTime: Int? = nil) {
            self.enabled = enabled
            self.reconnectTime = reconnectTime
        }

        public static let reconnectTimes = 60...21_474_836
    }

    /// `pppoe disconnect time SECONDS|off`: idle timer on data (LCP and NCP packets do not count).
    public enum DisconnectTime: Equatable, Sendable {
        case seconds(Int)
        case off

        public static let range = 1...21_474_836
    }

    /// `ppp lcp mru on|off [LENGTH]`.
    public struct MRU: Equatable, Sendable {
        public var enabled: Bool
        public var length: Int?

        public init(enabled: Bool, length: Int? = nil) {
            self.enabled = enabled
            self.length = length
        }

        public static let lengths = 1280...1792
    }

    /// `ppp ccp type`.
    public enum CCPType: String, Sendable, CaseIterable {
        case none, stac0, stac, cstac
        case mppe40 = "mppe-40"
        case mppe128 = "mppe-128"
        case mppeAny = "mppe-any"
    }

    /// `pp keepalive interval SECONDS [retry-interval=SECONDS] [count=N] [time=SECONDS]`.
    public struct KeepaliveInterval: Equatable, Sendable {
        public var interval: Int
        /// Seconds between probes once one went unanswered.
        public var retryInterval: Int?
        /// Unanswered probes in a row that mean the peer is down.
        public var count: Int?
        public var time: Int?

        public init(interval: Int, retryInterval: Int? = nil, count: Int? = nil, time: Int? = nil) {
            self.interval = interval
            self.retryInterval = retryInterval
            self.count = count
            self.time = time
        }

        public static let intervals = 1...65535
        public static let counts = 1...100
        public static let times = 1...21_474_836
    }

    /// `pp keepalive use off | lcp-echo | [lcp-echo] icmp-echo DEST [OPTION=VALUE...] ...`.
    public struct KeepaliveUse: Equatable, Sendable {
        public var lcpEcho: Bool
        /// The words after `icmp-echo` as typed (destinations and their options), empty without it.
        /// SoftRTX keeps them without effect.
        public var icmpEcho: [String]

        public init(lcpEcho: Bool, icmpEcho: [String] = []) {
            self.lcpEcho = lcpEcho
            self.icmpEcho = icmpEcho
        }

        public static let off = KeepaliveUse(lcpEcho: false)
    }

    /// Restart timers in milliseconds (`ppp lcp restart`, `pppoe padi restart`...).
    public static let restartTimes = 20...10000
    /// Retry and transmission counts (`ppp lcp maxconfigure`, `pppoe padi maxretry`...).
    public static let counts = 1...10
    /// `pppoe service-name`: 7-bit ASCII, at most 255 characters.
    public static let maximumServiceNameLength = 255

    /// `description pp TEXT`.
    public var descriptionText: String?
    /// `pp bind IF...`: the interfaces the PP uses (a tunnel for L2TP remote access).
    public var bind: [InterfaceName]?
    /// `pppoe use lanN`: the LAN port PPPoE runs on; without it the PP does not use PPPoE.
    public var pppoeInterface: InterfaceName?
    /// `pppoe access concentrator NAME`: take only PADOs with this AC-Name.
    public var accessConcentrator: String?
    public var autoConnect: Bool?
    public var autoDisconnect: Bool?
    public var disconnectTime: DisconnectTime?
    public var padiMaxRetry: Int?
    /// Milliseconds.
    public var padiRestart: Int?
    public var padrMaxRetry: Int?
    /// Milliseconds.
    public var padrRestart: Int?
    /// `pppoe service-name NAME`: the Service-Name tag the PADI asks for.
    public var serviceName: String?
    public var alwaysOn: AlwaysOn?
    /// `pp auth accept`: the protocols we agree to authenticate ourselves with, in the order typed.
    public var authAccept: [AuthProtocol]?
    /// `pp auth request`: the protocol we ask the peer to authenticate with.
    public var authRequest: AuthRequest?
    public var authMyname: AuthName?
    public var mru: MRU?
    public var magicNumber: Bool?
    /// Milliseconds.
    public var lcpRestart: Int?
    public var lcpMaxConfigure: Int?
    public var lcpMaxFailure: Int?
    public var lcpMaxTerminate: Int?
    /// Milliseconds.
    public var papRestart: Int?
    public var papMaxAuthReq: Int?
    /// Milliseconds.
    public var chapRestart: Int?
    /// `ppp ipcp ipaddress on`: ask the peer for our address.
    public var ipcpIPAddress: Bool?
    /// `ppp ipcp msext on`: ask for (and take) the DNS servers of the MS extension options.
    public var ipcpMSExt: Bool?
    /// Milliseconds.
    public var ipcpRestart: Int?
    public var ipcpMaxConfigure: Int?
    public var ipcpMaxFailure: Int?
    public var ipcpMaxTerminate: Int?
    public var ccpType: CCPType?
    public var keepaliveInterval: KeepaliveInterval?
    public var keepaliveUse: KeepaliveUse?

    public init() {}

    public var isEmpty: Bool { self == PPConfig() }

    /// The PP runs PPPoE: `pppoe use` names its port.
    public var usesPPPoE: Bool { pppoeInterface != nil }
    public var effectiveAutoConnect: Bool { autoConnect ?? true }
    public var effectiveAutoDisconnect: Bool { autoDisconnect ?? true }
    /// Idle time before the session is closed, nil for never (the default).
    public var effectiveDisconnectTime: Duration? {
        switch disconnectTime ?? .off {
        case .seconds(let seconds): .seconds(seconds)
        case .off: nil
        }
    }
    public var effectivePADIMaxRetry: Int { padiMaxRetry ?? 5 }
    public var effectivePADIRestart: Duration { .milliseconds(padiRestart ?? 3000) }
    public var effectivePADRMaxRetry: Int { padrMaxRetry ?? 5 }
    public var effectivePADRRestart: Duration { .milliseconds(padrRestart ?? 3000) }
    public var effectiveAlwaysOn: Bool { alwaysOn?.enabled ?? false }
    /// Wait before reconnecting after a failure: 60 seconds unless `pp always-on on SECONDS` says otherwise.
    public var effectiveAlwaysOnReconnectTime: Duration { .seconds(alwaysOn?.reconnectTime ?? 60) }
    /// Without `pp auth accept` an RTX authenticates itself with nothing; nor does it without `pp auth myname`.
    public var effectiveAuthAccept: [AuthProtocol] { authMyname == nil ? [] : authAccept ?? [] }
    /// The MRU option's value, nil when `ppp lcp mru off` (option not sent). Default on, 1792.
    public var effectiveMRU: Int? {
        guard mru?.enabled ?? true else { return nil }
        return mru?.length ?? 1792
    }
    public var effectiveMagicNumber: Bool { magicNumber ?? true }
    public var effectiveLCPRestart: Duration { .milliseconds(lcpRestart ?? 3000) }
    public var effectiveLCPMaxConfigure: Int { lcpMaxConfigure ?? 10 }
    public var effectiveLCPMaxFailure: Int { lcpMaxFailure ?? 10 }
    public var effectiveLCPMaxTerminate: Int { lcpMaxTerminate ?? 2 }
    public var effectivePAPRestart: Duration { .milliseconds(papRestart ?? 3000) }
    public var effectivePAPMaxAuthReq: Int { papMaxAuthReq ?? 10 }
    public var effectiveCHAPRestart: Duration { .milliseconds(chapRestart ?? 3000) }
    public var effectiveIPCPIPAddress: Bool { ipcpIPAddress ?? false }
    public var effectiveIPCPMSExt: Bool { ipcpMSExt ?? false }
    public var effectiveIPCPRestart: Duration { .milliseconds(ipcpRestart ?? 3000) }
    public var effectiveIPCPMaxConfigure: Int { ipcpMaxConfigure ?? 10 }
    public var effectiveIPCPMaxFailure: Int { ipcpMaxFailure ?? 10 }
    public var effectiveIPCPMaxTerminate: Int { ipcpMaxTerminate ?? 2 }
    public var effectiveCCPType: CCPType { ccpType ?? .stac }
    /// LCP Echo keepalive: as `pp keepalive use` says; unset, an always-on PP watches its peer with it
    /// (chapter 6.2.1: an always-on connection detects the peer's loss by keepalive).
    public var effectiveKeepaliveLCPEcho: Bool { keepaliveUse?.lcpEcho ?? effectiveAlwaysOn }
    public var effectiveKeepaliveInterval: Duration { .seconds(keepaliveInterval?.interval ?? 30) }
    /// After an unanswered probe the next ones go every second unless `retry-interval=` says otherwise.
    public var effectiveKeepaliveRetryInterval: Duration { .seconds(keepaliveInterval?.retryInterval ?? 1) }
    public var effectiveKeepaliveCount: Int { keepaliveInterval?.count ?? 6 }
}
