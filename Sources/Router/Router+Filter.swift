import Config
import Filter
import NIOCore
import Wire

/// The router's side of IP filtering: each IP interface's slot in the `FilterEngine`, the hooks
/// of the IPv4 path, the log, and `show ip secure filter` / `show ip connection`.
///
/// Where filters act (RTX order): a packet arriving on an interface meets intrusion detection
/// first, then inbound NAT, then the interface's `in` list; a packet leaving meets intrusion
/// detection and the `out` list, then outbound NAT. Packets the router sends itself leave through
/// the same `out` list; packets to the router pass the `in` list. Frames bridged between members
/// of `bridge1` are not IP-filtered (an RTX uses `ethernet filter` for them); ESP the router opens
/// is filtered as ESP, its decrypted L2TP is not filtered again.
extension Router {
    func applyFilters(_ config: Config) {
        filter.configure(config, interfaces: interfaces.values.map { ($0.name, $0.displayName) })
        var updated = interfaces
        for name in updated.keys { updated[name]?.filterSlot = filter.slot(of: name) }
        interfaces = updated
        takeFilterLogs()
    }

    /// Intrusion detection: the reason to drop the packet, or nil.
    func intrusionCheck(_ packet: ByteBuffer, header: IPv4Header, slot: Int, direction: FilterDirection) -> DropReason? {
        guard filter.watches(slot: slot, direction) else { return nil }
        let reason = filter.inspect(packet, header: header, FilterPacket(packet, header: header), slot: slot, direction: direction, now: now)
        takeFilterLogs()
        return reason
    }

    /// The interface's list for `direction`; a refused packet is counted.
    func filterPasses(_ packet: ByteBuffer, header: IPv4Header, destination: IPv4Address? = nil, slot: Int,
                      direction: FilterDirection) -> Bool {
        guard filter.filters(slot: slot, direction) else { return true }
        let reason = filter.check(FilterPacket(packet, header: header, destination: destination), slot: slot, direction: direction, now: now)
        takeFilterLogs()
        guard let reason else { return true }
        count(reason)
        return false
    }

    func filterTimers() {
        filter.advance(to: now)
        takeFilterLogs()
    }

    func takeFilterLogs() {
        guard !filter.logs.isEmpty else { return }
        for entry in filter.logs {
            switch entry {
            case .line(let text): log.append(text, at: now, severity: .notice)
            case let .inspect(text, started): log.append("\(text) (\(timestamp(started)))", at: now, severity: .notice)
            }
        }
        filter.logs.removeAll(keepingCapacity: true)
    }

    // MARK: show

    /// `show ip secure filter [IF [in|out]]` (`tunnel N` as on an RTX, or `tunnelN`).
    func showSecureFilter(_ words: ArraySlice<Substring>) -> String {
        guard let (interface, direction) = filterSelection(words) else { return "Error: Invalid parameter\n" }
        var text = ""
        for name in interfaces.keys.sorted() where interface == nil || interface == name {
            guard let slot = filter.slot(of: name) else { continue }
            for d in FilterDirection.allCases where direction == nil || direction == d {
                guard let status = filter.status(slot: slot, direction: d) else { continue }
                text += "\(filter.displayName(slot: slot)) \(d.rawValue): \(status.configured)\n"
                var hits = status.hits[...]
                for number in status.configured.filters {
                    guard let definition = running.ipFilters[number], let hit = hits.first, hit.number == number else {
                        text += "  \(pad(String(number), 9))(not defined)\n"
                        continue
                    }
                    hits = hits.dropFirst()
                    text += "  " + pad(pad(String(number), 9) + "\(definition)", 60) + "\(hit.packets) packets\n"
                }
                for number in status.configured.dynamic {
                    text += "  " + pad(String(number), 9) + (running.ipDynamicFilters[number].map { "dynamic \($0)" } ?? "(not defined)") + "\n"
                }
                text += "  " + pad("connections", 60) + "\(status.sessionPasses) packets\n"
                text += "  " + pad("no match (reject)", 60) + "\(status.defaultRejects) packets\n"
            }
        }
        return text
    }

    /// `show ip connection [IF [in|out]]`: the connections dynamic filters opened, one a line, as
    /// `[INSPECT]` logs them, with their state and seconds left.
    func showConnection(_ words: ArraySlice<Substring>) -> String {
        guard let (interface, direction) = filterSelection(words) else { return "Error: Invalid parameter\n" }
        let rows = filter.sessions.filter { session in
            (interface == nil || filter.slot(of: interface!) == session.slot) && (direction == nil || direction == session.direction)
        }.sorted { ($0.slot, $0.direction, $0.started) < ($1.slot, $1.direction, $1.started) }
        var text = ""
        for session in rows {
            let left = max(0, (session.expires - now).components.seconds)
            text += "\(filter.displayName(slot: session.slot))[\(session.direction.rawValue)][\(session.filter)] \(session.flowText) "
                + "\(session.state.rawValue) \(left)s\n"
        }
        text += "Total: \(rows.count) connections\n"
        return text
    }

    /// `[IF [in|out]]` of the filter `show` commands; `tunnel N` names a tunnel as on an RTX.
    private func filterSelection(_ words: ArraySlice<Substring>) -> (String?, FilterDirection?)? {
        var words = words
        var interface: String?
        if words.first == "tunnel", words.count >= 2, let number = Int(words[words.startIndex + 1]) {
            interface = "tunnel\(number)"
            words = words.dropFirst(2)
        } else if let first = words.first, FilterDirection(rawValue: String(first)) == nil {
            guard let name = InterfaceName(String(first)) else { return nil }
            interface = name.description
            words = words.dropFirst()
        }
        var direction: FilterDirection?
        if let first = words.first {
            guard let d = FilterDirection(rawValue: String(first)), words.count == 1 else { return nil }
            direction = d
        }
        return (interface, direction)
    }

    /// The rows of `show status table` for the filter engine's tables.
    func filterTableRows() -> String {
        guard !filter.isEmpty || filter.sessionCount > 0 else { return "" }
        return "IP filter dynamic connections: \(filter.sessionCount) of \(filter.sessionLimit), \(filter.evicted) evicted (\(filter.evictedAnswered) answered)\n"
            + "Intrusion reports held for repeat-control: \(filter.reportCount) of \(FilterEngine.reportLimit)\n"
    }
}
