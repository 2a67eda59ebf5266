import Config
import Wire

extension DropReason {
    /// A `reject` filter matched.
    public static let filterReject = DropReason("filter-reject")
    /// No filter of the interface's list matched: an RTX discards it (8.1.25).
    public static let filterNoMatch = DropReason("filter-no-match")
    /// A `restrict` filter matched while the interface's line was not connected.
    public static let filterRestrict = DropReason("filter-restrict")

    /// Intrusion detection with `reject=on`, or an attack always discarded, by the type that saw it.
    public static func intrusion(_ kind: IntrusionDetection.Kind) -> DropReason { DropReason("ids-\(kind.rawValue)") }
}
