/// `ip filter N ACTION SRC [DST [PROTO [SPORT [DPORT]]]]`: one static filter. Fields left off
/// mean `*`; `show config` prints only the fields the line gave, as an RTX does.
public struct IPFilter: Equatable, Sendable, CustomStringConvertible {
    public enum Action: String, Sendable, CaseIterable {
        case pass, passLog = "pass-log", passNolog = "pass-nolog"
        case reject, rejectLog = "reject-log", rejectNolog = "reject-nolog"
        case restrict, restrictLog = "restrict-log", restrictNolog = "restrict-nolog"
    }

    public var action: Action
    public var source: IPFilterAddress
    public var destination: IPFilterAddress?
    public var proto: IPFilterProtocol?
    public var sourcePorts: IPFilterPorts?
    public var destinationPorts: IPFilterPorts?

    /// `ip filter` numbers (8.1.10); `ip filter dynamic` uses the same range.
    public static let numbers = 1...21_474_836

    public init(action: Action, source: IPFilterAddress = .any, destination: IPFilterAddress? = nil, proto: IPFilterProtocol? = nil,
                sourcePorts: IPFilterPorts? = nil, destinationPorts: IPFilterPorts? = nil) {
        self.action = action
        self.source = source
        self.destination = destination
        self.proto = proto
        self.sourcePorts = sourcePorts
        self.destinationPorts = destinationPorts
    }

    /// The line after `ip filter N`.
    public var description: String {
        ([action.rawValue, source.description] + [destination?.description, proto?.description,
                                                   sourcePorts?.description, destinationPorts?.description].compactMap { $0 })
            .joined(separator: " ")
    }
}

/// `ip filter dynamic N SRC DST PROTO [syslog=on|off] [timeout=N]` or
/// `ip filter dynamic N SRC DST filter LIST [in LIST] [out LIST] [syslog=...] [timeout=...]`.
public struct IPDynamicFilter: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// An application the router knows (`www`, `domain`, `tcp` ...).
        case application(DynamicFilterApplication)
        /// Connections matching the `filter` list trigger; `in` and `out` name what may follow.
        case filters(trigger: [Int], inbound: [Int]?, outbound: [Int]?)
    }

    public var source: IPFilterAddress
    public var destination: IPFilterAddress
    public var kind: Kind
    public var syslog: Bool?
    /// `timeout=N`: seconds without data before the connection is forgotten.
    public var timeout: Int?

    public init(source: IPFilterAddress, destination: IPFilterAddress, kind: Kind, syslog: Bool? = nil, timeout: Int? = nil) {
        self.source = source
        self.destination = destination
        self.kind = kind
        self.syslog = syslog
        self.timeout = timeout
    }

    /// `syslog=on` is the default (8.1.14).
    public var effectiveSyslog: Bool { syslog ?? true }

    public var description: String {
        var words = [source.description, destination.description]
        switch kind {
        case .application(let application): words.append(application.rawValue)
        case let .filters(trigger, inbound, outbound):
            words += ["filter"] + trigger.map(String.init)
            if let inbound { words += ["in"] + inbound.map(String.init) }
            if let outbound { words += ["out"] + outbound.map(String.init) }
        }
        if let syslog { words.append("syslog=\(syslog ? "on" : "off")") }
        if let timeout { words.append("timeout=\(timeout)") }
        return words.joined(separator: " ")
    }
}

/// `ip IF secure filter in|out [LIST...] [dynamic LIST...]`: the filters an interface applies, in order.
public struct SecureFilterList: Equatable, Sendable, CustomStringConvertible {
    public var filters: [Int]
    public var dynamic: [Int]

    /// RTX830: 129 static and dynamic filters together (8.1.25).
    public static let maximumCount = 129

    public init(filters: [Int], dynamic: [Int] = []) {
        self.filters = filters
        self.dynamic = dynamic
    }

    public var description: String {
        (filters.map(String.init) + (dynamic.isEmpty ? [] : ["dynamic"] + dynamic.map(String.init))).joined(separator: " ")
    }
}

public enum FilterDirection: String, Sendable, CaseIterable, Comparable {
    case `in`, out

    public static func < (a: FilterDirection, b: FilterDirection) -> Bool { a == .in && b == .out }
}
