/// The application of an `ip filter dynamic` line (8.1.14), with the transport and server port
/// whose connections trigger it (IANA's numbers).
public enum DynamicFilterApplication: String, Sendable, CaseIterable {
    case tcp, udp, ftp, tftp, domain, dns, www, http, smtp, pop3, telnet, netmeeting
    case echo, discard, daytime, chargen, ssh, time, whois, gopher, finger, sunrpc, ident, nntp, ntp
    case msRPC = "ms-rpc", netbiosNS = "netbios_ns", netbiosDGM = "netbios_dgm", netbiosSSN = "netbios_ssn"
    case imap, snmp, snmptrap, bgp, imap3, ldap, https, msDS = "ms-ds", ike, rlogin, rwho, rsh, syslog, printer
    case rip, ripng, msSQL = "ms-sql", radius, l2tp, pptp, nfs, msblast, ipsecNATT = "ipsec-nat-t", sip
    case ping, ping6, submission
    /// Accepted but not acting as dynamic filters, as on an RTX.
    case dhcpc, dhcps, dhcpv6c, dhcpv6s

    public enum Transport: Sendable {
        case tcp, udp, tcpOrUDP, icmpEcho
        /// `ping6`, `dhcp*`: nothing an IPv4 dynamic filter acts on.
        case none
    }

    public var transport: Transport {
        switch self {
        case .tcp, .ftp, .www, .http, .smtp, .pop3, .telnet, .netmeeting, .ssh, .whois, .gopher, .finger, .ident, .nntp,
             .netbiosSSN, .imap, .bgp, .imap3, .ldap, .https, .msDS, .rlogin, .rsh, .printer, .msSQL, .pptp, .msblast, .submission:
            .tcp
        case .udp, .tftp, .ntp, .netbiosNS, .netbiosDGM, .snmp, .snmptrap, .ike, .rwho, .syslog, .rip, .ripng, .radius,
             .l2tp, .ipsecNATT, .sip:
            .udp
        case .domain, .dns, .echo, .discard, .daytime, .chargen, .time, .sunrpc, .msRPC, .nfs: .tcpOrUDP
        case .ping: .icmpEcho
        case .ping6, .dhcpc, .dhcps, .dhcpv6c, .dhcpv6s: .none
        }
    }

    /// The server port a connection goes to; nil for any (`tcp`, `udp`, `ping`).
    public var port: UInt16? {
        switch self {
        case .tcp, .udp, .ping, .ping6: nil
        case .echo: 7
        case .discard: 9
        case .daytime: 13
        case .chargen: 19
        case .ftp: 21
        case .ssh: 22
        case .telnet: 23
        case .smtp: 25
        case .time: 37
        case .whois: 43
        case .domain, .dns: 53
        case .dhcps: 67
        case .dhcpc: 68
        case .tftp: 69
        case .gopher: 70
        case .finger: 79
        case .www, .http: 80
        case .pop3: 110
        case .sunrpc: 111
        case .ident: 113
        case .nntp: 119
        case .ntp: 123
        case .msRPC: 135
        case .netbiosNS: 137
        case .netbiosDGM: 138
        case .netbiosSSN: 139
        case .imap: 143
        case .snmp: 161
        case .snmptrap: 162
        case .bgp: 179
        case .imap3: 220
        case .ldap: 389
        case .https: 443
        case .msDS: 445
        case .ike: 500
        case .rlogin, .rwho: 513
        case .rsh, .syslog: 514
        case .printer: 515
        case .rip: 520
        case .ripng: 521
        case .dhcpv6c: 546
        case .dhcpv6s: 547
        case .submission: 587
        case .msSQL: 1433
        case .radius: 1812
        case .l2tp: 1701
        case .netmeeting: 1720
        case .pptp: 1723
        case .nfs: 2049
        case .msblast: 4444
        case .ipsecNATT: 4500
        case .sip: 5060
        }
    }

    /// DNS over UDP waits `dns-timeout` for its answer instead of `udp-idle-time`.
    public var isDNS: Bool { self == .domain || self == .dns }
}

/// The options of `ip filter dynamic timer` (8.1.15), in the reference's order.
public enum DynamicFilterTimer: String, Sendable, CaseIterable, Comparable {
    case tcpSYN = "tcp-syn-timeout", tcpFIN = "tcp-fin-timeout", tcpIdle = "tcp-idle-time", udpIdle = "udp-idle-time"
    case dns = "dns-timeout"

    /// The RTX default in seconds.
    public var defaultSeconds: Int {
        switch self {
        case .tcpSYN: 30
        case .tcpFIN: 5
        case .tcpIdle: 3600
        case .udpIdle: 30
        case .dns: 5
        }
    }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}
