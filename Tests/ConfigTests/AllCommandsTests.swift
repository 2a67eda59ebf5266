import Testing
import Wire
@testable import Config

@Suite struct AllCommandsTests {
    /// Every supported command once, already in `show config` order and canonical form.
    static let lines = [
        "console prompt yamaha01",
        "ip route default gateway 192.168.1.2",
        "ip route 10.0.0.0/8 gateway tunnel 2",
        "ip route 172.16.0.0/12 gateway 192.168.1.3",
        "ip lan1 mtu 1400",
        "ip bridge1 address 192.168.100.1/24",
        "ip bridge1 proxyarp off",
        "ip lan2 address 192.168.1.1/24",
        "ip lan2 secure filter in 1 2",
        "ip lan2 secure filter out 3 dynamic 4 5",
        "ip lan2 intrusion detection in on reject=on",
        "ip lan2 intrusion detection in tcp off",
        "ip lan2 nat descriptor 1",
        "ip lan3 address 10.9.9.1/30",
        "ip arp timer 600",
        "ip filter source-route off",
        "ip filter directed-broadcast off",
        "bridge member bridge1 lan1 tunnel1",
        "tunnel select 1",
        " tunnel encapsulation l2tpv3",
        " tunnel endpoint address 192.168.2.1",
        " ipsec tunnel 101",
        "  ipsec sa policy 101 2 esp 3des-cbc md5-hmac",
        "  ipsec ike duration ipsec-sa 2 3600",
        "  ipsec ike duration isakmp-sa 2 7200",
        "  ipsec ike encryption 2 aes256-cbc",
        "  ipsec ike group 2 modp2048 modp1024",
        "  ipsec ike hash 2 sha256",
        "  ipsec ike keepalive log 2 off",
        "  ipsec ike keepalive use 2 on dpd 30 5",
        "  ipsec ike local name 2 branch key-id",
        "  ipsec ike nat-traversal 2 on",
        "  ipsec ike pfs 2 on",
        "  ipsec ike pre-shared-key 2 text secret",
        "  ipsec ike remote address 2 any",
        "  ipsec ike remote name 2 centre fqdn",
        "  ipsec ike version 2 2",
        " l2tp always-on off",
        " l2tp hostname branch-rtx",
        " l2tp tunnel auth on",
        " l2tp tunnel disconnect time off",
        " l2tp keepalive use off",
        " l2tp keepalive log off",
        " l2tp syslog off",
        " l2tp local router-id 1.1.1.1",
        " l2tp remote router-id 2.2.2.2",
        " l2tp remote end-id END",
        " ip tunnel mtu 1280",
        " ip tunnel secure filter in 1",
        " tunnel enable 1",
        "tunnel select 2",
        " tunnel encapsulation ipsec",
        " ipsec tunnel 102",
        "  ipsec sa policy 102 2 ah sha256-hmac",
        " l2tp tunnel auth off",
        " l2tp tunnel disconnect time 120",
        " l2tp keepalive use on 20",
        "tunnel select 3",
        " tunnel encapsulation l2tp",
        " ipsec tunnel 103",
        "  ipsec sa policy 103 3 esp",
        "  ipsec ike keepalive use 3 auto icmp-echo 10.0.0.1 10 3",
        "  ipsec ike local address 3 192.168.100.1",
        "  ipsec ike local name 3 10.1.1.1 ipv4-addr",
        " tunnel enable 3",
        "ip filter 1 reject 10.0.0.0/8 * * * *",
        "ip filter 2 pass * 192.168.100.0/24 tcp,udp * domain",
        "ip filter 3 pass-log *",
        "ip filter dynamic 4 * * www syslog=off",
        "ip filter dynamic 5 * * filter 2 in 1 timeout=60",
        "ip filter dynamic timer tcp-idle-time=600",
        "nat descriptor type 1 nat-masquerade",
        "nat descriptor address outer 1 primary",
        "nat descriptor address inner 1 192.168.100.1-192.168.100.254",
        "nat descriptor masquerade static 1 1 192.168.100.1 tcp 8080=80",
        "nat descriptor masquerade static 1 2 192.168.100.1 icmp",
        "nat descriptor masquerade port range 1 60000-64095 30000-30999",
        "nat descriptor masquerade session limit 1 1 1000",
        "nat descriptor type 2 nat",
        "nat descriptor address outer 2 ipcp",
        "nat descriptor type 3 masquerade",
        "nat descriptor address outer 3 192.0.2.1",
        "ipsec sa policy 200 4 esp aes-cbc",
        "ipsec ike keepalive use 4 off",
        "ipsec ike remote address 4 192.0.2.4",
        "ipsec ike remote name 4 peer user-fqdn",
        "ipsec ike keepalive use 5 on heartbeat",
        "ipsec auto refresh off",
        "ipsec transport 1 101 udp 1701",
        "ipsec transport 2 102 tcp * 80",
        "ipsec transport 3 103",
        "dhcp service relay",
        "dhcp server rfc2131 compliant off",
        "dhcp scope 1 192.168.100.2-192.168.100.191/24 gateway 192.168.100.1 expire 12:30",
        "dhcp scope option 1 dns=8.8.8.8,1.1.1.1",
        "dhcp scope 2 10.9.9.2-10.9.9.2/30 expire infinity",
        "dhcp scope option 3 dns=9.9.9.9",
        "dns host 192.168.100.2-192.168.100.99 lan3 10.0.0.1",
        "dns service off",
        "dns service fallback on",
        "dns service aaaa filter on",
        "dns server 8.8.8.8 edns=on 1.1.1.1",
        "dns server pp 1 edns=off",
        "dns server dhcp lan2",
        "dns server select 1 10.33.128.2 edns=on any home.local",
        "dns server select 6 1.1.1.1 edns=on 1.0.0.1 edns=on a .",
        "dns server select 7 reject aaaa *.ads.example 192.168.100.2-192.168.100.9",
        "dns server select 500000 dhcp lan2 8.8.8.8 any .",
        "dns domain example.jp",
        "ip host pc1.example.jp 192.168.100.10 ttl=60",
        "dns static a printer.example.jp 192.168.100.20",
        "dns static aaaa printer.example.jp 2001:db8::20 ttl=3600",
        "dns static ptr 192.168.100.20 printer.example.jp",
        "dns static mx example.jp mail.example.jp",
        "dns static ns sub.example.jp ns.example.jp",
        "dns static cname www.example.jp printer.example.jp",
        "dns notice order dhcp server me",
        "dns notice order msext none",
        "dns private address spoof on",
        "dns srcport 20000-20999",
        "dns cache use off",
        "dns cache max entry 1024",
        "l2tp service on",
    ]

    @Test func everyCommandRoundTrips() throws {
        let config = try Config.parse(AllCommandsTests.lines.joined(separator: "\n"))
        #expect(config.lines() == AllCommandsTests.lines)
        #expect(try Config.parse(config.text) == config)
    }

    @Test func valuesAreParsedIntoTypes() throws {
        let config = try Config.parse(AllCommandsTests.lines.joined(separator: "\n"))
        #expect(config.routes[IPv4Prefix("10.0.0.0/8")!] == .tunnel(2))
        #expect(config.ikeGateways[2]?.keepalive == IKEKeepalive(mode: .on, method: .dpd, interval: 30, count: 5))
        #expect(config.ikeGateways[3]?.keepalive?.method == .icmpEcho(IPv4Address(10, 0, 0, 1)))
        #expect(config.ikeGateways[2]?.group == IKEGateway.Groups(.modp2048, .modp1024))
        #expect(config.ikeGateways[2]?.localName == IKEGateway.Name("branch", kind: .keyID))
        #expect(config.natDescriptors[1]?.staticEntries[1] == MasqueradeStatic(
            innerAddress: IPv4Address(192, 168, 100, 1), proto: .tcp, outerPort: 8080, innerPort: 80))
        #expect(config.natDescriptors[1]?.portRanges == [60000...64095, 30000...30999])
        #expect(config.natDescriptors[1]?.effectiveSessionLimit == 1000 && config.natDescriptors[3]?.effectiveSessionLimit == 65534)
        #expect(config.dhcpScopes[1]?.lease == .minutes(12 * 60 + 30))
        #expect(config.dhcpScopeOptions[1]?.dnsServers == [IPv4Address(8, 8, 8, 8), IPv4Address(1, 1, 1, 1)])
        #expect(config.tunnels[1]?.endpoint == TunnelEndpoint(remote: IPv4Address(192, 168, 2, 1)))
        #expect(config.tunnels[2]?.effectiveL2TPDisconnectTime == 120)
        #expect(config.tunnels[1]?.effectiveL2TPDisconnectTime == nil)
        #expect(config.l2tpService?.serves(.l2tp) == true)
    }

    @Test func valuesPrintInCanonicalForm() throws {
        let config = try Config.parse("""
            ip route 10.1.2.3/8 gateway 192.168.1.3
            ip route 0.0.0.0/0 gateway 192.168.1.2
            ip lan1 address 192.168.100.1/255.255.255.0
            tunnel select 1
            l2tp service on l2tp l2tpv3
            dhcp scope 1 192.168.100.2-192.168.100.9/24 expire 1:05
            nat descriptor masquerade static 1 1 192.168.100.1 udp 500=500
            """)
        #expect(config.lines() == [
            "ip route default gateway 192.168.1.2",
            "ip route 10.0.0.0/8 gateway 192.168.1.3",
            "ip lan1 address 192.168.100.1/24",
            "nat descriptor masquerade static 1 1 192.168.100.1 udp 500",
            "dhcp scope 1 192.168.100.2-192.168.100.9/24 expire 1:05",
            "l2tp service on l2tpv3 l2tp",
        ])
    }
}

@Suite struct IKEKeepaliveTests {
    @Test(arguments: [
        ("on", IKEKeepalive(mode: .on)),
        ("auto", IKEKeepalive(mode: .auto)),
        ("on 30", IKEKeepalive(mode: .on, interval: 30)),
        ("on 30 5", IKEKeepalive(mode: .on, interval: 30, count: 5)),
        ("on dpd", IKEKeepalive(mode: .on, method: .dpd)),
        ("on icmp-echo 10.0.0.1 20", IKEKeepalive(mode: .on, method: .icmpEcho(IPv4Address(10, 0, 0, 1)), interval: 20)),
    ])
    func keepaliveForms(text: String, keepalive: IKEKeepalive) throws {
        let config = try Config.parse("ipsec ike keepalive use 1 \(text)")
        #expect(config.ikeGateways[1]?.keepalive == keepalive)
        #expect(config.lines() == ["ipsec ike keepalive use 1 \(text)"])
    }

    @Test(arguments: ["on icmp-echo", "on 30 5 1", "maybe", "on 0"])
    func badKeepaliveForms(text: String) {
        #expect(throws: ConfigErrors.self) { try Config.parse("ipsec ike keepalive use 1 \(text)") }
    }
}
