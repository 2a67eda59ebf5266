extension Command {
    static let filter: [Command] = [
        Command("ip filter", key: 1) { config, call throws(ConfigError) in
            let (number, filter) = try call.ipFilter()
            config.ipFilters[number] = filter
        } remove: { config, call throws(ConfigError) in
            config.ipFilters[try call.number(0, in: IPFilter.numbers)] = nil
        } checkNo: { _, call throws(ConfigError) in
            try call.expect(1...2)
            _ = try call.number(0, in: IPFilter.numbers)
            if call.count == 2 { let _: IPFilter.Action = try call.keyword(1) }
        },
        Command("ip filter dynamic", key: 1) { config, call throws(ConfigError) in
            let (number, filter) = try call.dynamicFilter()
            config.ipDynamicFilters[number] = filter
        } remove: { config, call throws(ConfigError) in
            config.ipDynamicFilters[try call.number(0, in: IPFilter.numbers)] = nil
        },
        Command("ip filter dynamic timer") { config, call throws(ConfigError) in
            try call.expect(1...DynamicFilterTimer.allCases.count)
            var timers: [DynamicFilterTimer: Int] = [:]
            for word in call.parameters {
                let pair = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2, let option = DynamicFilterTimer(rawValue: String(pair[0])), timers[option] == nil else {
                    throw ConfigError(.invalidParameter)
                }
                timers[option] = try Invocation.number(pair[1], in: 1...21_474_836)
            }
            config.dynamicFilterTimers = timers
        } remove: { config, _ throws(ConfigError) in
            config.dynamicFilterTimers = [:]
        },
        Command("ip IF secure filter", key: 1, acts: Command.actsUnlessAnonymousPP) { config, call throws(ConfigError) in
            let name = try call.selectedInterface()
            let list = try call.secureFilterList()
            let direction = try call.direction(0)
            config.interfaces[name, default: InterfaceConfig()].secureFilters[direction] = list
        } remove: { config, call throws(ConfigError) in
            let name = try call.selectedInterface()
            let direction = try call.direction(0)
            config.interfaces[name]?.secureFilters[direction] = nil
            config.interfaces.removeIfEmpty(name)
        },
        Command("ip IF intrusion detection", key: 1, acts: Command.actsUnlessAnonymousPP) { config, call throws(ConfigError) in
            let name = try call.selectedInterface()
            let (key, setting) = try call.intrusionDetection()
            config.interfaces[name, default: InterfaceConfig()].intrusionDetection.settings[key] = setting
        } remove: { config, call throws(ConfigError) in
            let name = try call.selectedInterface()
            // `no ip IF intrusion detection in [TYPE] [on|off] [reject=...]`: the type, when named, picks the line.
            let direction = try call.direction(0)
            let kind = call.count > 1 ? IntrusionDetection.Kind(rawValue: call[1]) : nil
            config.interfaces[name]?.intrusionDetection.settings[IntrusionDetection.Key(direction: direction, kind: kind)] = nil
            config.interfaces.removeIfEmpty(name)
        } checkNo: { _, call throws(ConfigError) in
            try call.expect(1...4)
            _ = try call.direction(0)
            if call.count > 1, IntrusionDetection.Kind(rawValue: call[1]) == nil { _ = try call.intrusionDetection() }
            if call.count > 2 { _ = try call.intrusionDetection() }
        },
    ]
}

extension Invocation {
    func direction(_ index: Int) throws(ConfigError) -> FilterDirection {
        try keyword(index)
    }

    /// `N ACTION SRC [DST [PROTO [SPORT [DPORT]]]]`.
    func ipFilter() throws(ConfigError) -> (Int, IPFilter) {
        try expect(3...7)
        let number = try self.number(0, in: IPFilter.numbers)
        var filter = IPFilter(action: try keyword(1), source: try IPFilterAddress(self[2]))
        if count > 3 { filter.destination = try IPFilterAddress(self[3]) }
        if count > 4 { filter.proto = try IPFilterProtocol(self[4]) }
        if count > 5 { filter.sourcePorts = try IPFilterPorts(self[5]) }
        if count > 6 { filter.destinationPorts = try IPFilterPorts(self[6]) }
        return (number, filter)
    }

    /// `N SRC DST APPLICATION [OPTION...]` or `N SRC DST filter LIST [in LIST] [out LIST] [OPTION...]`.
    func dynamicFilter() throws(ConfigError) -> (Int, IPDynamicFilter) {
        try expect(4...Int.max)
        let number = try self.number(0, in: IPFilter.numbers)
        let source = try IPFilterAddress(self[1]), destination = try IPFilterAddress(self[2])
        var rest = parameters.dropFirst(3)
        var syslog: Bool?, timeout: Int?
        while let last = rest.last, last.contains("=") {
            let pair = last.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            switch pair[0] {
            case "syslog" where syslog == nil:
                syslog = switch pair[1] {
                case "on": true
                case "off": false
                default: throw ConfigError(.invalidParameter)
                }
            case "timeout" where timeout == nil:
                timeout = try Invocation.number(pair[1], in: 1...21_474_836)
            default: throw ConfigError(.invalidParameter)
            }
            rest.removeLast()
        }
        let kind: IPDynamicFilter.Kind
        if rest.first == "filter" {
            kind = try Invocation.dynamicLists(rest.dropFirst())
        } else {
            guard rest.count == 1, let application = DynamicFilterApplication(rawValue: rest[rest.startIndex]) else {
                throw ConfigError(rest.count == 1 ? .invalidParameter : .parameterCount)
            }
            kind = .application(application)
        }
        return (number, IPDynamicFilter(source: source, destination: destination, kind: kind, syslog: syslog, timeout: timeout))
    }

    /// `LIST [in LIST] [out LIST]` after `filter`: each list one or more filter numbers.
    private static func dynamicLists(_ words: ArraySlice<String>) throws(ConfigError) -> IPDynamicFilter.Kind {
        var lists: [String: [Int]] = [:]
        var current = "filter"
        lists[current] = []
        for word in words {
            if word == "in" || word == "out" {
                guard lists[word] == nil, lists[current]?.isEmpty == false else { throw ConfigError(.invalidParameter) }
                current = word
                lists[word] = []
            } else {
                lists[current]?.append(try number(word, in: IPFilter.numbers))
            }
        }
        guard lists[current]?.isEmpty == false else { throw ConfigError(.parameterCount) }
        return .filters(trigger: lists["filter"] ?? [], inbound: lists["in"], outbound: lists["out"])
    }

    /// `in|out [N...] [dynamic N...]`, at least one number, at most 129 in all.
    func secureFilterList() throws(ConfigError) -> SecureFilterList {
        try expect(2...Int.max)
        var list = SecureFilterList(filters: [])
        var dynamic = false
        for word in parameters.dropFirst() {
            if word == "dynamic" {
                guard !dynamic else { throw ConfigError(.invalidParameter) }
                dynamic = true
                continue
            }
            let number = try Invocation.number(word, in: IPFilter.numbers)
            if dynamic { list.dynamic.append(number) } else { list.filters.append(number) }
        }
        guard !dynamic || !list.dynamic.isEmpty else { throw ConfigError(.parameterCount) }
        guard list.filters.count + list.dynamic.count <= SecureFilterList.maximumCount else { throw ConfigError(.invalidParameter) }
        return list
    }

    /// `in|out [TYPE] on|off [reject=on|off]`.
    func intrusionDetection() throws(ConfigError) -> (IntrusionDetection.Key, IntrusionDetection.Setting) {
        try expect(2...4)
        let direction = try self.direction(0)
        var index = 1
        var kind: IntrusionDetection.Kind?
        if let named = IntrusionDetection.Kind(rawValue: self[1]) {
            kind = named
            index = 2
        }
        guard index < count else { throw ConfigError(.parameterCount) }
        var setting = IntrusionDetection.Setting(on: try onOff(index))
        if index + 1 < count {
            switch self[index + 1] {
            case "reject=on": setting.reject = true
            case "reject=off": setting.reject = false
            default: throw ConfigError(.invalidParameter)
            }
        }
        guard index + 2 >= count else { throw ConfigError(.parameterCount) }
        return (IntrusionDetection.Key(direction: direction, kind: kind), setting)
    }
}
