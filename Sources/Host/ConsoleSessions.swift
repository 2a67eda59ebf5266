/// The console sessions open on the router's one console: one line runs at a time, and sessions
/// with a line waiting take turns, so one that floods the console does not shut out the others.
struct ConsoleSessions {
    private(set) var open: [ConsoleSession] = []
    /// The session whose line is running: the router's console output goes to it.
    var current: ConsoleSession?
    /// Lines are being run: a session that becomes ready meanwhile is served by that same loop.
    var running = false
    private var turn = 0

    var isFull: Bool { open.count >= ConsoleLimits.sessions }

    var hasReady: Bool { open.contains { $0.isReady } }

    mutating func add(_ session: ConsoleSession) {
        open.append(session)
    }

    mutating func remove(_ session: ConsoleSession) {
        open.removeAll { $0 === session }
    }

    /// The next ready session after the last one served.
    mutating func nextReady() -> ConsoleSession? {
        for offset in 0..<open.count {
            let index = (turn + offset) % open.count
            if open[index].isReady {
                turn = index + 1
                return open[index]
            }
        }
        return nil
    }
}
