import Foundation
import PPP
import Wire
import Yams

extension LabFile {
    /// Parses lab YAML. `config:` values without a newline are paths relative to `directory`.
    public static func parse(_ text: String, fileName: String, directory: URL?) throws(LabFileError) -> LabFile {
        var p = LabFileParser(fileName: fileName, directory: directory)
        return try p.parse(text)
    }

    public static func load(_ url: URL) throws(LabFileError) -> LabFile {
        let text: String
        do { text = try readUTF8(url) } catch let error as InvalidUTF8 {
            throw LabFileError(file: url.path, line: error.line, key: "file", message: "invalid UTF-8 at byte offset \(error.byteOffset)")
        } catch {
            throw LabFileError(file: url.path, line: nil, key: "file", message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, fileName: url.path, directory: url.deletingLastPathComponent())
    }

    /// A lab or config file's text; throws `InvalidUTF8` at its first byte that is not UTF-8. Reads at
    /// most `FileTooLarge.limit` bytes, so a lab naming `/dev/zero` as a config cannot hang the tool.
    fileprivate static func readUTF8(_ url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let data = try handle.read(upToCount: FileTooLarge.limit + 1) ?? Data()
        guard data.count <= FileTooLarge.limit else { throw FileTooLarge() }
        return try String(utf8File: data)
    }
}

private struct FileTooLarge: LocalizedError {
    static let limit = 64 << 20
    var errorDescription: String? { "larger than \(FileTooLarge.limit >> 20) MiB" }
}

private struct LabFileParser {
    let fileName: String
    let directory: URL?

    func fail(_ node: Yams.Node?, _ key: String, _ message: String) -> LabFileError {
        LabFileError(file: fileName, line: node?.mark?.line, key: key, message: message)
    }

    mutating func parse(_ text: String) throws(LabFileError) -> LabFile {
        let root: Yams.Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw LabFileError(file: fileName, line: nil, key: "yaml", message: "\(error)")
        }
        guard let root, let top = root.mapping else { throw fail(root, "lab", "expected a mapping with nodes, links and steps") }
        try known(top, ["seed", "nodes", "links", "steps"], "lab")
        var seed: UInt64 = 1
        if let s = top["seed"] {
            guard let v = s.scalar.flatMap({ UInt64($0.string) }) else { throw fail(s, "seed", "expected a whole number") }
            seed = v
        }
        guard let nodesNode = top["nodes"], let nodeMap = nodesNode.mapping else {
            throw fail(root, "nodes", "expected a mapping of node names")
        }
        var nodes: [LabFile.Node] = []
        for (keyNode, value) in nodeMap {
            let name = keyNode.string ?? ""
            guard name.range(of: #"^[A-Za-z][A-Za-z0-9_-]*$"#, options: .regularExpression) != nil else {
                throw fail(keyNode, "nodes", "node name '\(name)' must be letters, digits, - or _")
            }
            nodes.append(try node(name, value))
        }
        var links: [LabFile.LinkSpec] = []
        if let linksNode = top["links"] {
            guard let seq = linksNode.sequence else { throw fail(linksNode, "links", "expected a list") }
            for (i, item) in seq.enumerated() { links.append(try link(item, "links[\(i)]")) }
        }
        var steps: [LabFile.Step] = []
        if let stepsNode = top["steps"] {
            guard let seq = stepsNode.sequence else { throw fail(stepsNode, "steps", "expected a list") }
            for (i, item) in seq.enumerated() { steps.append(try step(item, "steps[\(i)]")) }
        }
        let lab = LabFile(fileName: fileName, seed: seed, nodes: nodes, links: links, steps: steps)
        try check(lab, top)
        return lab
    }

    func known(_ map: Yams.Node.Mapping, _ keys: Set<String>, _ path: String) throws(LabFileError) {
        for (k, _) in map where !keys.contains(k.string ?? "") {
            throw fail(k, "\(path).\(k.string ?? "?")", "unknown key (expected one of \(keys.sorted().joined(separator: ", ")))")
        }
    }

    func node(_ name: String, _ value: Yams.Node) throws(LabFileError) -> LabFile.Node {
        let path = "nodes.\(name)"
        guard let map = value.mapping else { throw fail(value, path, "expected { kind: router|host|switch|dns|isp, ... }") }
        switch map["kind"]?.string {
        case "router":
            try known(map, ["kind", "model", "config"], path)
            let model = map["model"]?.string ?? "RTX830"
            guard model == "RTX830" else { throw fail(map["model"], "\(path).model", "unknown model '\(model)' (RTX830)") }
            var config: String?
            if let c = map["config"] {
                guard let text = c.string else { throw fail(c, "\(path).config", "expected a file name or a block of lines") }
                if text.contains("\n") {
                    config = text
                } else {
                    let url = URL(fileURLWithPath: text, relativeTo: directory)
                    do { config = try LabFile.readUTF8(url) } catch let error as InvalidUTF8 {
                        throw fail(c, "\(path).config", "\(url.path): \(error)")
                    } catch {
                        throw fail(c, "\(path).config", "cannot read \(url.path): \(error.localizedDescription)")
                    }
                }
            }
            return .init(name: name, kind: .router(model: model, config: config), line: value.mark?.line ?? 0)
        case "host":
            try known(map, ["kind", "dhcp", "address", "gateway", "listen"], path)
            let dhcp = try bool(map["dhcp"], "\(path).dhcp") ?? false
            var address: IPv4Prefix?
            if let a = map["address"] {
                guard let v = a.string.flatMap({ IPv4Prefix($0) }) else { throw fail(a, "\(path).address", "expected A.B.C.D/LEN") }
                address = v
            }
            var gateway: IPv4Address?
            if let g = map["gateway"] {
                guard let v = g.string.flatMap({ IPv4Address($0) }) else { throw fail(g, "\(path).gateway", "expected A.B.C.D") }
                gateway = v
            }
            if dhcp == (address != nil) {
                throw fail(value, path, "a host needs either dhcp: true or an address")
            }
            var listen: Set<HostService> = []
            if let l = map["listen"] {
                guard let items = l.sequence else { throw fail(l, "\(path).listen", "expected a list such as [tcp/80, udp/7]") }
                for item in items {
                    guard let service = item.string.flatMap(HostService.init) else {
                        throw fail(item, "\(path).listen", "expected tcp/PORT or udp/PORT")
                    }
                    listen.insert(service)
                }
            }
            return .init(name: name, kind: .host(dhcp: dhcp, address: address, gateway: gateway, listen: listen),
                         line: value.mark?.line ?? 0)
        case "switch":
            try known(map, ["kind", "ports"], path)
            var ports = 8
            if let p = map["ports"] {
                guard let n = p.int, LabSwitch.portCounts.contains(n) else {
                    throw fail(p, "\(path).ports", "expected a number of ports from \(LabSwitch.portCounts.lowerBound) to \(LabSwitch.portCounts.upperBound)")
                }
                ports = n
            }
            return .init(name: name, kind: .ethernetSwitch(ports: ports), line: value.mark?.line ?? 0)
        case "dns":
            try known(map, ["kind", "address", "gateway", "records", "ttl"], path)
            guard let a = map["address"], let address = a.string.flatMap({ IPv4Prefix($0) }) else {
                throw fail(map["address"] ?? value, "\(path).address", "expected A.B.C.D/LEN")
            }
            var gateway: IPv4Address?
            if let g = map["gateway"] {
                guard let v = g.string.flatMap({ IPv4Address($0) }) else { throw fail(g, "\(path).gateway", "expected A.B.C.D") }
                gateway = v
            }
            var ttl: UInt32 = 300
            if let t = map["ttl"] {
                guard let v = t.string.flatMap({ UInt32($0) }) else { throw fail(t, "\(path).ttl", "expected seconds (0-4294967295)") }
                ttl = v
            }
            return .init(name: name, kind: .dns(address: address, gateway: gateway, records: try records(map["records"], "\(path).records"),
                                                 ttl: ttl), line: value.mark?.line ?? 0)
        case "isp":
            return .init(name: name, kind: .isp(try isp(name, map, value)), line: value.mark?.line ?? 0)
        default:
            throw fail(map["kind"] ?? value, "\(path).kind", "expected router, host, switch, dns or isp")
        }
    }

    func isp(_ name: String, _ map: Yams.Node.Mapping, _ value: Yams.Node) throws(LabFileError) -> LabISPSpec {
        let path = "nodes.\(name)"
        try known(map, ["kind", "ac-name", "service-name", "auth", "users", "address", "pool", "dns", "mru", "keepalive",
                        "max-sessions", "upstream", "dynamic-dns"], path)
        func address(_ key: String) throws(LabFileError) -> IPv4Address {
            guard let a = map[key], let v = a.string.flatMap({ IPv4Address($0) }) else {
                throw fail(map[key] ?? value, "\(path).\(key)", "expected A.B.C.D")
            }
            return v
        }
        var auth = PPPAuthProtocol.chap
        if let a = map["auth"] {
            switch a.string {
            case "pap": auth = .pap
            case "chap": auth = .chap
            default: throw fail(a, "\(path).auth", "expected pap or chap")
            }
        }
        guard let u = map["users"], let userMap = u.mapping, userMap.count > 0 else {
            throw fail(map["users"] ?? value, "\(path).users", "expected a mapping of USER: PASSWORD")
        }
        var users: [String: String] = [:]
        for (k, v) in userMap {
            guard let user = k.string, !user.isEmpty, user.utf8.count <= 255, let password = v.string, password.utf8.count <= 255 else {
                throw fail(k, "\(path).users", "expected USER: PASSWORD, each at most 255 bytes")
            }
            users[user] = password
        }
        let local = try address("address")
        guard let p = map["pool"], let text = p.string else { throw fail(map["pool"] ?? value, "\(path).pool", "expected A.B.C.D-A.B.C.D") }
        let ends = text.split(separator: "-", omittingEmptySubsequences: false).map { IPv4Address($0) }
        guard ends.count == 2, let first = ends[0], let last = ends[1], first <= last, !(first...last).contains(local) else {
            throw fail(p, "\(path).pool", "expected A.B.C.D-A.B.C.D, lowest first, not holding the address")
        }
        var dns: [IPv4Address] = []
        if let d = map["dns"] {
            let items = d.sequence ?? [d]
            for item in items {
                guard let v = item.string.flatMap({ IPv4Address($0) }) else { throw fail(item, "\(path).dns", "expected A.B.C.D or a list of two") }
                dns.append(v)
            }
            guard dns.count <= 2 else { throw fail(d, "\(path).dns", "IPCP announces at most two DNS servers") }
        }
        var mru = 1454
        if let m = map["mru"] {
            guard let v = m.int, (64...1492).contains(v) else { throw fail(m, "\(path).mru", "expected 64-1492") }
            mru = v
        }
        var keepalive: Duration? = .seconds(10)
        if let k = map["keepalive"] {
            if k.string == "off" {
                keepalive = nil
            } else {
                guard let d = k.string.flatMap(LabDuration.parse), d >= .seconds(1) else {
                    throw fail(k, "\(path).keepalive", "expected an interval like 10s (at least 1s) or off")
                }
                keepalive = d
            }
        }
        var maxSessions = 64
        if let m = map["max-sessions"] {
            guard let v = m.int, (1...LabISPSpec.sessionLimit).contains(v) else {
                throw fail(m, "\(path).max-sessions", "expected 1-\(LabISPSpec.sessionLimit)")
            }
            maxSessions = v
        }
        var acName = name
        if let a = map["ac-name"] {
            guard let v = a.string, !v.isEmpty, v.utf8.count <= 255 else { throw fail(a, "\(path).ac-name", "expected a name of 1-255 bytes") }
            acName = v
        }
        var serviceName: String?
        if let s = map["service-name"] {
            guard let v = s.string, !v.isEmpty, v.utf8.count <= 255 else { throw fail(s, "\(path).service-name", "expected a name of 1-255 bytes") }
            serviceName = v
        }
        return LabISPSpec(acName: acName, serviceName: serviceName, auth: auth, users: users, address: local, pool: first...last, dns: dns,
                          mru: mru, keepalive: keepalive, maxSessions: maxSessions,
                          upstream: try upstream(map["upstream"], "\(path).upstream"),
                          dynamicDNS: try dynamicDNS(map["dynamic-dns"], "\(path).dynamic-dns", users: users))
    }

    /// `{ address: A.B.C.D/LEN, gateway: A.B.C.D, routes: { PREFIX: GATEWAY } }`.
    func upstream(_ node: Yams.Node?, _ path: String) throws(LabFileError) -> LabISPSpec.Upstream? {
        guard let node else { return nil }
        guard let map = node.mapping else { throw fail(node, path, "expected { address, gateway, routes }") }
        try known(map, ["address", "gateway", "routes"], path)
        guard let a = map["address"], let address = a.string.flatMap({ IPv4Prefix($0) }) else {
            throw fail(map["address"] ?? node, "\(path).address", "expected A.B.C.D/LEN")
        }
        var gateway: IPv4Address?
        if let g = map["gateway"] {
            guard let v = g.string.flatMap({ IPv4Address($0) }), address.contains(v) else {
                throw fail(g, "\(path).gateway", "expected A.B.C.D on the upstream's own prefix")
            }
            gateway = v
        }
        var routes: [LabISPSpec.Upstream.Route] = []
        if let r = map["routes"] {
            guard let routeMap = r.mapping else { throw fail(r, "\(path).routes", "expected a mapping of A.B.C.D/LEN: GATEWAY") }
            for (k, v) in routeMap {
                guard let prefix = k.string.flatMap({ IPv4Prefix($0) }) else { throw fail(k, "\(path).routes", "expected A.B.C.D/LEN") }
                guard let via = v.string.flatMap({ IPv4Address($0) }), address.contains(via) else {
                    throw fail(v, "\(path).routes.\(prefix)", "expected a gateway on the upstream's own prefix")
                }
                routes.append(.init(prefix: prefix, gateway: via))
            }
        }
        return .init(address: address, gateway: gateway, routes: routes)
    }

    /// `{ server: DNS_NODE, names: { USER: NAME } }`.
    func dynamicDNS(_ node: Yams.Node?, _ path: String, users: [String: String]) throws(LabFileError) -> LabISPSpec.DynamicDNS? {
        guard let node else { return nil }
        guard let map = node.mapping else { throw fail(node, path, "expected { server: DNS_NODE, names: { USER: NAME } }") }
        try known(map, ["server", "names"], path)
        guard let server = map["server"]?.string else { throw fail(map["server"] ?? node, "\(path).server", "expected the name of a dns node") }
        guard let n = map["names"], let nameMap = n.mapping else { throw fail(map["names"] ?? node, "\(path).names", "expected a mapping of USER: NAME") }
        var names: [String: DNSName] = [:]
        for (k, v) in nameMap {
            let user = k.string ?? ""
            guard users[user] != nil else { throw fail(k, "\(path).names", "'\(user)' is not one of the users") }
            guard let name = v.string.flatMap({ DNSName($0) }), !name.labels.isEmpty else {
                throw fail(v, "\(path).names.\(user)", "expected a domain name")
            }
            names[user] = name
        }
        return .init(server: server, names: names)
    }

    /// `{ NAME: VALUE or [VALUES] }`: an IPv4 value is an A record, an IPv6 one AAAA; a NAME that is
    /// an IPv4 address gets a PTR record to the name VALUE.
    func records(_ node: Yams.Node?, _ key: String) throws(LabFileError) -> [LabDNSZone.Record] {
        guard let node else { return [] }
        guard let map = node.mapping else { throw fail(node, key, "expected a mapping of NAME: VALUE") }
        var result: [LabDNSZone.Record] = []
        for (k, v) in map {
            let text = k.string ?? ""
            let reverse = IPv4Address(text)
            guard let name = reverse.map({ DNSName(reverse: $0) }) ?? DNSName(text), !name.labels.isEmpty else {
                throw fail(k, "\(key).\(text)", "expected a domain name or an IPv4 address")
            }
            for value in v.sequence ?? [v] {
                let item = value.string ?? ""
                if reverse != nil {
                    guard let target = DNSName(item), !target.labels.isEmpty else { throw fail(value, "\(key).\(text)", "expected the name the address stands for") }
                    result.append(LabDNSZone.Record(name: name, type: .ptr, data: .name(target)))
                } else if let v4 = IPv4Address(item) {
                    result.append(LabDNSZone.Record(name: name, type: .a, data: .a(v4)))
                } else if let v6 = IPv6Address(item) {
                    result.append(LabDNSZone.Record(name: name, type: .aaaa, data: .aaaa(v6)))
                } else {
                    throw fail(value, "\(key).\(text)", "expected an IPv4 or IPv6 address")
                }
            }
        }
        return result
    }

    func bool(_ node: Yams.Node?, _ key: String) throws(LabFileError) -> Bool? {
        guard let node else { return nil }
        switch node.string {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail(node, key, "expected true or false")
        }
    }

    func endpoint(_ node: Yams.Node?, _ key: String) throws(LabFileError) -> (node: String, port: String?) {
        let parts = node?.string?.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init) ?? []
        guard let name = parts.first, !parts.contains(where: \.isEmpty) else { throw fail(node, key, "expected NODE or NODE.PORT") }
        return (name, parts.count > 1 ? parts[1] : nil)
    }

    func link(_ item: Yams.Node, _ path: String) throws(LabFileError) -> LabFile.LinkSpec {
        guard let map = item.mapping else { throw fail(item, path, "expected { a: NODE.PORT, b: NODE.PORT, ... }") }
        try known(map, ["a", "b", "delay", "jitter", "loss", "duplicate", "reorder", "down"], path)
        let change = try linkChange(map, skipping: ["a", "b"], path: path)
        return .init(a: try endpoint(map["a"], "\(path).a"), b: try endpoint(map["b"], "\(path).b"),
                     properties: change.applied(to: LinkProperties()), line: item.mark?.line ?? 0)
    }

    /// Link properties from YAML keys; shared by `links` entries and `link` steps.
    func linkChange(_ map: Yams.Node.Mapping, skipping: Set<String>, path: String) throws(LabFileError) -> LinkChange {
        var change = LinkChange()
        for (k, node) in map {
            guard let key = k.string, !skipping.contains(key) else { continue }
            let text = node.string ?? ""
            switch key {
            case "delay", "jitter":
                guard let d = LabDuration.parse(text) else {
                    throw fail(node, "\(path).\(key)", "expected a duration like 50us, 2ms, 1s, at most \(LabDuration.limitText)")
                }
                if key == "delay" { change.delay = d } else { change.jitter = d }
            case "loss", "duplicate", "reorder":
                guard let p = LabFileParser.probability(text) else { throw fail(node, "\(path).\(key)", "expected 0..1 or a percentage like 20%") }
                switch key {
                case "loss": change.loss = p
                case "duplicate": change.duplicate = p
                default: change.reorder = p
                }
            case "down":
                change.down = try bool(node, "\(path).down")
            default:
                throw fail(k, "\(path).\(key)", "unknown key")
            }
        }
        return change
    }

    static func probability(_ text: String) -> Double? {
        let v = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let v, (0...1).contains(v) else { return nil }
        return v
    }

    func step(_ item: Yams.Node, _ path: String) throws(LabFileError) -> LabFile.Step {
        guard let map = item.mapping else { throw fail(item, path, "expected { node, command, expect } or { wait }") }
        if let w = map["wait"] {
            try known(map, ["wait"], path)
            guard let d = w.string.flatMap(LabDuration.parse) else {
                throw fail(w, "\(path).wait", "expected a duration like 30s, at most \(LabDuration.limitText) of virtual time")
            }
            return .wait(d)
        }
        if let l = map["link"] {
            try known(map, ["link", "delay", "jitter", "loss", "duplicate", "reorder", "down"], path)
            let change = try linkChange(map, skipping: ["link"], path: path)
            return .link(endpoint: try endpoint(l, "\(path).link"), change: change, line: item.mark?.line ?? 0)
        }
        try known(map, ["node", "command", "expect", "reject"], path)
        guard let node = map["node"]?.string else { throw fail(item, "\(path).node", "expected the node to type into") }
        guard let command = map["command"]?.string else { throw fail(item, "\(path).command", "expected the command line(s)") }
        let lines = command.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        return .command(node: node, lines: lines, expect: texts(map["expect"]), reject: texts(map["reject"]), line: item.mark?.line ?? 0)
    }

    /// One text or a list of texts.
    func texts(_ node: Yams.Node?) -> [String] {
        guard let node else { return [] }
        return node.sequence?.compactMap(\.string) ?? node.string.map { [$0] } ?? []
    }

    /// Cross-references: links and steps name nodes that exist.
    func check(_ lab: LabFile, _ top: Yams.Node.Mapping) throws(LabFileError) {
        let names = Set(lab.nodes.map(\.name))
        for (i, link) in lab.links.enumerated() {
            for (end, key) in [(link.a, "a"), (link.b, "b")] where !names.contains(end.node) {
                throw LabFileError(file: fileName, line: link.line, key: "links[\(i)].\(key)", message: "no node named '\(end.node)'")
            }
        }
        for (i, step) in lab.steps.enumerated() {
            switch step {
            case let .command(node, _, _, _, line) where !names.contains(node):
                throw LabFileError(file: fileName, line: line, key: "steps[\(i)].node", message: "no node named '\(node)'")
            case let .link(end, _, line) where !names.contains(end.node):
                throw LabFileError(file: fileName, line: line, key: "steps[\(i)].link", message: "no node named '\(end.node)'")
            default: break
            }
        }
        for node in lab.nodes {
            guard case let .isp(spec) = node.kind, let server = spec.dynamicDNS?.server else { continue }
            guard lab.nodes.contains(where: { if case .dns = $0.kind { $0.name == server } else { false } }) else {
                throw LabFileError(file: fileName, line: node.line, key: "nodes.\(node.name).dynamic-dns.server", message: "no dns node named '\(server)'")
            }
        }
    }
}

/// Durations as lab files write them: `50us`, `2ms`, `1.5s`, `5m`, `1h`.
public enum LabDuration {
    /// The longest duration a lab file may give: a day of virtual time is plenty for any timer, and
    /// a wait of years would run every keepalive of it.
    public static let limit: Duration = .seconds(86_400)
    static var limitText: String { "\(limit.components.seconds / 3600)h" }

    public static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let v = Double(text.dropLast(suffix.count)).map({ $0 * scale }), v >= 0, v <= Double(limit.components.seconds) else {
                return nil
            }
            return .nanoseconds(Int64((v * 1e9).rounded()))
        }
        return nil
    }

    /// `12.345 s` style, for the closing line.
    public static func format(_ d: Duration) -> String {
        let (s, atto) = d.components
        return String(format: "%.3f s", Double(s) + Double(atto) / 1e18)
    }
}
