/// `ip IF intrusion detection in|out [TYPE] on|off [reject=on|off]` (8.1.17): one line per
/// direction and type; the line without a type switches the whole function of that direction.
public struct IntrusionDetection: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case ip, ipOption = "ip-option", fragment, icmp, udp, tcp, ftp, winny, share, `default`

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public struct Key: Hashable, Sendable, Comparable {
        public var direction: FilterDirection
        /// nil: the whole function.
        public var kind: Kind?

        public init(direction: FilterDirection, kind: Kind?) {
            self.direction = direction
            self.kind = kind
        }

        public static func < (a: Key, b: Key) -> Bool {
            if a.direction != b.direction { return a.direction < b.direction }
            switch (a.kind, b.kind) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case let (x?, y?): return x < y
            }
        }
    }

    public struct Setting: Equatable, Sendable {
        public var on: Bool
        public var reject: Bool?

        public init(on: Bool, reject: Bool? = nil) {
            self.on = on
            self.reject = reject
        }
    }

    public var settings: [Key: Setting] = [:]

    public init(settings: [Key: Setting] = [:]) { self.settings = settings }

    public var isEmpty: Bool { settings.isEmpty }

    /// Whether packets of `kind` are watched in `direction`: the whole function is off unless set
    /// on; a type is on unless set off (`default` stands for every type not set).
    public func watches(_ kind: Kind, _ direction: FilterDirection) -> Bool {
        guard settings[Key(direction: direction, kind: nil)]?.on == true else { return false }
        return (settings[Key(direction: direction, kind: kind)] ?? settings[Key(direction: direction, kind: .default)])?.on ?? true
    }

    /// Whether what `kind` detects is discarded: `reject=` of the type, else of `default`, else of the whole function (off).
    public func rejects(_ kind: Kind, _ direction: FilterDirection) -> Bool {
        settings[Key(direction: direction, kind: kind)]?.reject ?? settings[Key(direction: direction, kind: .default)]?.reject
            ?? settings[Key(direction: direction, kind: nil)]?.reject ?? false
    }

    /// The lines after `ip IF intrusion detection`.
    public var lines: [String] {
        settings.sorted { $0.key < $1.key }.map { key, setting in
            ([key.direction.rawValue, key.kind?.rawValue, setting.on ? "on" : "off",
              setting.reject.map { "reject=\($0 ? "on" : "off")" }].compactMap { $0 }).joined(separator: " ")
        }
    }
}
