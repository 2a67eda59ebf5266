/// Host names a line may give for a peer resolved by DNS (`tunnel endpoint name`, `ipsec ike remote
/// address`): letters, digits, hyphens and dots, at most 255 characters, not starting or ending with a dot.
enum HostName {
    static let maximumLength = 255

    static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= maximumLength, text.first != ".", text.last != ".", !text.contains("..") else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == ".")
        }
    }
}
