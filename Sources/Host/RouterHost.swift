import Config
import Foundation
import Logging
import NIOCore
import Router
import Wire

/// One router driven by real links and the wall clock. Router is not Sendable: this object and
/// everything it touches live on `loop`, and other threads reach it through `NIOLoopBound`.
final class RouterHost {
    let router: Router
    let loop: EventLoop
    let logger: Logger
    private let start: NIODeadline
    private let configFile: ConfigFile?
    private var ports: [String: FramePort] = [:]
    /// Sends the ports' frames, some on a thread of its own.
    let sender = FrameSender()
    private var timer: (deadline: Duration, task: Scheduled<Void>)?
    private var syslog = SyslogCursor()
    private var console = ConsoleSessions()
    private var lastSaved: Config
    private let keyLog: FileHandle?
    private let leaseFile: DHCPLeaseFile?
    /// The bindings as last written, and when: written at most once a second, so a DHCP flood costs no disk.
    private var leasesWritten: (version: Int, at: Duration)

    init(router: Router, loop: EventLoop, configFile: ConfigFile?, logger: Logger, keyLog: FileHandle? = nil) {
        self.router = router
        self.keyLog = keyLog
        self.loop = loop
        self.configFile = configFile
        self.logger = logger
        start = .now()
        lastSaved = router.saved
        leaseFile = configFile.map(DHCPLeaseFile.init(beside:))
        if let leaseFile { router.restoreDHCPBindings(leaseFile.read()) }
        leasesWritten = (router.dhcpBindingsVersion, .zero)
    }

    /// Time since the router started, as the router counts it.
    var now: Duration {
        .nanoseconds(Int64(NIODeadline.now().uptimeNanoseconds) - Int64(start.uptimeNanoseconds))
    }

    // MARK: Links

    func attach(_ port: FramePort) {
        ports[port.binding.port] = port
        // Both kinds of port (AF_PACKET with PACKET_VNET_HDR, TAP with IFF_VNET_HDR) take offloaded frames.
        router.offloadPorts.insert(port.binding.port)
        router.linkChanged(port: port.binding.port, up: true, now: now)
        settle()
    }

    /// A frame read from a port; what the router makes of it is sent at the end of the burst (`settle`).
    func receive(_ frame: ByteBuffer, offload: FrameOffload, on port: String) {
        router.receive(frame, offload: offload, on: port, now: now)
    }

    /// A read the port could not make sense of (its virtio-net header): counted as the router counts drops.
    func refused(_ reason: DropReason) {
        router.count(reason)
    }

    func portFailed(_ port: String, error: Error) {
        note("\(port.uppercased()): \(ports[port]?.binding.device.name ?? "link") failed: \(error)")
    }

    /// The fd closed under us (the interface went away): the port is unplugged from now on.
    func portClosed(_ port: String) {
        guard let link = ports.removeValue(forKey: port) else { return }
        // The sending thread may still hold frames for it: they go (or fail) before its fd closes.
        sender.drain()
        link.close()
        router.offloadPorts.remove(port)
        router.linkChanged(port: port, up: false, now: now)
        settle()
    }

    // MARK: Console

    /// A new connection gets the prompt or, with `ConsoleLimits.sessions` open, a refusal.
    func consoleOpened(_ session: ConsoleSession) {
        guard !console.isFull else {
            router.count(.consoleSessionRefused)
            note("console session refused: \(ConsoleLimits.sessions) are open")
            return session.end(with: "Error: \(ConsoleLimits.sessions) console sessions are open; try again later\n")
        }
        console.add(session)
        session.write(.prompt(router.prompt))
        session.flush()
    }

    /// A closed connection leaves the console; the lines it had waiting went with it.
    func consoleClosed(_ session: ConsoleSession) {
        console.remove(session)
    }

    /// What each open session holds in the router.
    var consoleHoldings: [ConsoleSession.Holding] { console.open.map(\.holding) }

    /// A session has lines to run, or can take output again.
    func consoleReady() {
        runConsole()
    }

    /// Enters waiting lines one at a time: while a `ping` runs, the next line waits for it.
    /// A flush inside may make a session ready again; the loop here serves it.
    private func runConsole() {
        guard !console.running else { return }
        console.running = true
        defer { console.running = false }
        while !router.isConsoleBusy, console.current == nil, let session = console.nextReady() {
            let line = session.takeLine()
            if session.isPaging {
                session.continuePaging(line)
                session.flush()
                continue
            }
            console.current = session
            router.enter(line, now: now)
            writeBackIfSaved(for: session)
            settle()
        }
    }

    private func flushConsole() {
        let output = router.takeConsoleOutput()
        guard let session = console.current else { return }
        if router.isConsoleBusy {
            // A `ping` still runs: its lines go out as they come, unpaged.
            if !output.isEmpty { session.write(.output(output)) }
        } else {
            session.finish(output, prompt: router.prompt, lines: router.running.effectiveConsoleLines,
                           columns: router.running.effectiveConsoleColumns)
            console.current = nil
        }
        session.flush()
    }

    /// `save` changed the startup config: it goes back to the file the router was started from.
    private func writeBackIfSaved(for session: ConsoleSession) {
        guard router.saved != lastSaved else { return }
        lastSaved = router.saved
        guard let configFile else { return }
        do {
            try configFile.write(router.saved)
        } catch {
            note("cannot write \(configFile.path): \(error)")
            session.write(.output("Error: cannot write \(configFile.path): \(error)\n"))
        }
    }

    // MARK: Time and output

    /// After every input: send what the router queued, print its new log lines, answer the
    /// console, and wake up again at its next deadline.
    func settle() {
        router.drainTransmissions { port, frame, offload in ports[port]?.send(frame, offload: offload) }
        for (port, link) in ports {
            let (lost, failure) = link.flush()
            // Frames the kernel did not take (a full queue, a refused frame) count as drops the router can show.
            for _ in 0..<lost { router.count(.portSendFailed) }
            guard let failure else { continue }
            note("\(port.uppercased()): cannot send on \(link.binding.device.name): \(HostError.system("write", errno: failure))")
        }
        for line in router.takeKeyLog() { keyLog?.write(Data((line + "\n").utf8)) }
        for entry in syslog.newEntries(in: router.log) {
            logger.info("\(router.timestamp(entry.time)): \(entry.message)")
        }
        flushConsole()
        writeLeases(force: false)
        if console.current == nil, !console.running, console.hasReady {
            loop.assumeIsolated().execute { [self] in runConsole() }
        }
        schedule()
    }

    private func schedule() {
        guard let deadline = router.nextDeadline else {
            timer?.task.cancel()
            timer = nil
            return
        }
        if timer?.deadline == deadline { return }
        timer?.task.cancel()
        let (seconds, attoseconds) = deadline.components
        let at = start + .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        timer = (deadline, loop.assumeIsolated().scheduleTask(deadline: at) { [self] in
            timer = nil
            router.advance(to: now)
            settle()
        })
    }

    /// A line of the host's own in the router's log style.
    func note(_ message: String) {
        logger.notice("\(router.timestamp(now)): [SOFTRTX] \(message)")
    }

    /// The DHCP bindings changed: they go to the lease file, at most once a second unless `force`.
    private func writeLeases(force: Bool) {
        guard let leaseFile, router.dhcpBindingsVersion != leasesWritten.version,
              force || now - leasesWritten.at >= .seconds(1) else { return }
        leasesWritten = (router.dhcpBindingsVersion, now)
        do { try leaseFile.write(router.dhcpBindings) } catch { note("cannot write \(leaseFile.path): \(error)") }
    }

    /// SIGINT/SIGTERM: say goodbye to the peers, and send it before the fds close.
    func shutdown() {
        router.shutdown(now: now)   // StopCCN to every L2TP peer (later: IKE deletes)
        settle()
        writeLeases(force: true)
        timer?.task.cancel()
        timer = nil
        // The goodbyes leave before the links close; then nothing more is sent, and their closing is
        // no link-down event.
        sender.drain()
        for link in ports.values { link.close() }
        ports.removeAll()
        note("stopped")
    }
}
