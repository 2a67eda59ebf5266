/// `console character CODE`: the language and character code of the console (reference 4.21).
/// `ascii`, `sjis` and `euc` are the names firmware before Rev.14.01 used.
public enum ConsoleCharacter: String, Sendable, CaseIterable {
    case enASCII = "en.ascii", jaSJIS = "ja.sjis", jaEUC = "ja.euc", jaUTF8 = "ja.utf8"
    case ascii, sjis, euc

    /// The ASCII codes show the console's messages in English, the others in Japanese.
    public var isEnglish: Bool { self == .enASCII || self == .ascii }
}
