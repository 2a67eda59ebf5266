import NIOCore

/// What the console socket lets its clients hold in the router, so that a client sending without
/// reading, or a crowd of them, costs a bounded amount of memory.
enum ConsoleLimits {
    /// Sessions open at once, as on an RTX; one more is told so and closed.
    static let sessions = 8
    /// Lines read and waiting to run, per session; beyond them its input is not read.
    static let pendingLines = 32
    /// A session's output not yet taken by its socket: over `high`, none of its lines run and its
    /// input is not read until the client has read it down to `low`. So at most `high` plus one
    /// command's output waits.
    static let output = ChannelOptions.Types.WriteBufferWaterMark(low: 256 << 10, high: 1 << 20)
}
