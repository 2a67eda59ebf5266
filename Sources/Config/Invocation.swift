import Wire

/// One command's parameters and the console context, with the value parsing all commands share.
struct Invocation {
    /// The interface an `ip IF ...` command names.
    var interface: InterfaceName?
    var parameters: [String]
    var tunnel: Int?
    var pp: Int? = nil

    var count: Int { parameters.count }
    subscript(index: Int) -> String { parameters[index] }

    /// The parameters after the first `n`, as for `ipsec ike ... GW VALUE`.
    func dropFirst(_ n: Int) -> Invocation {
        Invocation(interface: interface, parameters: Array(parameters.dropFirst(n)), tunnel: tunnel, pp: pp)
    }

    func expect(_ counts: ClosedRange<Int>) throws(ConfigError) {
        guard counts.contains(parameters.count) else { throw ConfigError(.parameterCount) }
    }

    func selectedTunnel() throws(ConfigError) -> Int {
        guard let tunnel else { throw ConfigError(.tunnelNotSelected) }
        return tunnel
    }

    func selectedPP() throws(ConfigError) -> Int {
        guard let pp else { throw ConfigError(.ppNotSelected) }
        return pp
    }

    func selectedInterface() throws(ConfigError) -> InterfaceName {
        guard let interface else { throw ConfigError(.invalidParameter) }
        return interface
    }

    func literal(_ index: Int, _ word: String) throws(ConfigError) {
        guard parameters[index] == word else { throw ConfigError(.invalidParameter) }
    }

    func number(_ index: Int, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        try Invocation.number(parameters[index], in: range)
    }

    static func number(_ text: some StringProtocol, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        // Int() alone would take "+5"; RTX numbers are plain digits.
        guard !text.isEmpty, text.count <= 10, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(text), range.contains(value) else { throw ConfigError(.invalidParameter) }
        return value
    }

    func port(_ index: Int) throws(ConfigError) -> UInt16 {
        try Invocation.port(parameters[index])
    }

    static func port(_ text: some StringProtocol) throws(ConfigError) -> UInt16 {
        UInt16(try number(text, in: 1...65535))
    }

    func address(_ index: Int) throws(ConfigError) -> IPv4Address {
        try Invocation.address(parameters[index])
    }

    static func address(_ text: some StringProtocol) throws(ConfigError) -> IPv4Address {
        guard let address = IPv4Address(text) else { throw ConfigError(.invalidParameter) }
        return address
    }

    func prefix(_ index: Int) throws(ConfigError) -> IPv4Prefix {
        guard let prefix = IPv4Prefix(parameters[index]) else { throw ConfigError(.invalidParameter) }
        return prefix
    }

    /// `A-B`, with A not above B.
    func range(_ index: Int) throws(ConfigError) -> (IPv4Address, IPv4Address) {
        try Invocation.range(parameters[index])
    }

    static func range(_ text: some StringProtocol) throws(ConfigError) -> (IPv4Address, IPv4Address) {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2 else { throw ConfigError(.invalidParameter) }
        let first = try Invocation.address(ends[0])
        let last = try Invocation.address(ends[1])
        guard first <= last else { throw ConfigError(.invalidParameter) }
        return (first, last)
    }

    func keyword<T: RawRepresentable<String>>(_ index: Int, as type: T.Type = T.self) throws(ConfigError) -> T {
        guard let value = T(rawValue: parameters[index]) else { throw ConfigError(.invalidParameter) }
        return value
    }

    func onOff(_ index: Int) throws(ConfigError) -> Bool {
        switch parameters[index] {
        case "on": true
        case "off": false
        default: throw ConfigError(.invalidParameter)
        }
    }
}
