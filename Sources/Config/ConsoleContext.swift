/// What the console has selected: `tunnel select N` makes tunnel commands apply to tunnel N, `pp
/// select N` makes PP commands apply to PP N. Selecting one clears the other, as on an RTX.
public struct ConsoleContext: Equatable, Sendable {
    public var tunnel: Int?
    public var pp: Int?

    public init(tunnel: Int? = nil, pp: Int? = nil) {
        self.tunnel = tunnel
        self.pp = pp
    }
}
