extension Command {
    static let nat: [Command] = [
        descriptor("nat descriptor type", \.kind) { call throws(ConfigError) in
            try call.expect(1...1)
            return try call.keyword(0)
        },
        descriptor("nat descriptor address outer", \.outer) { call throws(ConfigError) in
            try call.expect(1...1)
            switch call[0] {
            case "primary": return .primary
            case "ipcp": return .ipcp
            default: return .address(try call.address(0))
            }
        },
        descriptor("nat descriptor address inner", \.inner) { call throws(ConfigError) in
            try call.expect(1...1)
            if call[0] == "auto" { return .auto }
            let (first, last) = try call.range(0)
            return .range(first, last)
        },
        descriptor("nat descriptor masquerade port range", \.portRanges) { call throws(ConfigError) in
            try call.expect(1...NATDescriptor.maximumPortRanges)
            return try (0..<call.count).map { index throws(ConfigError) in
                let bounds = call[index].split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count == 2 else { throw ConfigError(.invalidParameter) }
                let first = try Invocation.port(bounds[0]), last = try Invocation.port(bounds[1])
                guard first <= last else { throw ConfigError(.invalidParameter) }
                return first...last
            }
        },
        // `ID` names which limit; the RTX has only limit 1, per inner host.
        descriptor("nat descriptor masquerade session limit", \.sessionLimit) { call throws(ConfigError) in
            try call.expect(2...2)
            _ = try call.number(0, in: 1...1)
            return try call.number(1, in: NATDescriptor.sessionLimits)
        },
        Command("nat descriptor masquerade static", key: 2) { config, call throws(ConfigError) in
            try call.expect(4...5)
            let id = try call.number(0, in: NATDescriptor.ids)
            let entry = try call.number(1, in: NATDescriptor.staticIDs)
            var mapping = MasqueradeStatic(innerAddress: try call.address(2), proto: try call.keyword(3))
            guard mapping.proto.hasPorts == (call.count == 5) else { throw ConfigError(.parameterCount) }
            if call.count == 5 {
                // `OUTER=INNER` maps a different outer port; a single port is the same on both sides.
                let ports = call[4].split(separator: "=", omittingEmptySubsequences: false)
                guard ports.count <= 2 else { throw ConfigError(.invalidParameter) }
                mapping.outerPort = try Invocation.port(ports[0])
                mapping.innerPort = try Invocation.port(ports[ports.count - 1])
            }
            config.natDescriptors[id, default: NATDescriptor()].staticEntries[entry] = mapping
        } remove: { config, call throws(ConfigError) in
            let id = try call.number(0, in: NATDescriptor.ids)
            config.natDescriptors[id]?.staticEntries[try call.number(1, in: NATDescriptor.staticIDs)] = nil
            config.natDescriptors.removeIfEmpty(id)
        },
    ]

    /// A `nat descriptor ... N VALUE` command that sets one property of descriptor N; `no` clears it.
    static func descriptor<T>(
        _ words: String, _ property: WritableKeyPath<NATDescriptor, T?> & Sendable,
        parse: @escaping @Sendable (Invocation) throws(ConfigError) -> T
    ) -> Command {
        numbered(words, in: \.natDescriptors, ids: NATDescriptor.ids, new: NATDescriptor(), property, parse: parse)
    }
}
