/// What the console has selected: `tunnel select N` makes tunnel commands apply to tunnel N.
public struct ConsoleContext: Equatable, Sendable {
    public var tunnel: Int?

    public init(tunnel: Int? = nil) { self.tunnel = tunnel }
}
