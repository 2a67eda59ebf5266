import Wire

/// What the engine asks of its owner after an input or a timer.
public enum IKEOutput: Sendable {
    case send(IKEDatagram)
    /// A syslog line in RTX's words ("[IKE] ...").
    case log(String)
    /// An ESP SA pair to put in the SAD.
    case installed(ChildSA)
    /// An ESP SA pair to take out of the SAD (deleted, expired or replaced).
    case removed(ChildSA)
    /// A line for the Wireshark key log: `ICOOKIE,ENCKEY` (`ikev1_decryption_table`) or an `esp_sa` record.
    case keyLog(String)
    /// A message refused, counted by the Router under this reason.
    case dropped(DropReason)
}
