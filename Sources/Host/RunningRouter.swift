import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import Router
import Wire

/// A router running on its own event loop (one thread), bound to its links, with its console
/// socket open, until `stop()`.
public final class RunningRouter: Sendable {
    let group: MultiThreadedEventLoopGroup
    let host: NIOLoopBound<RouterHost>
    let channels: [Channel]
    let socketPath: String

    /// Opens every link first, so a wrong interface fails before anything runs.
    public static func start(_ settings: RunSettings) throws -> RunningRouter {
        let model = RouterModel.rtx830
        try PortBinding.validate(settings.ports, model: model.name, ports: model.ports)
        var fds: [(PortBinding, CInt)] = []
        do {
            for binding in settings.ports { fds.append((binding, try LinkDevice.open(binding))) }
        } catch {
            for (_, fd) in fds { close(fd) }
            throw error
        }
        let keyLog = try settings.keyLogPath.map { path throws(HostError) in
            // Appended to, so one file can collect the keys of several runs.
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            guard let handle = FileHandle(forWritingAtPath: path) else { throw HostError.system("open \(path)", errno: errno) }
            handle.seekToEndOfFile()
            return handle
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let logger = Logger(label: "softrtx.\(settings.name)")
        let host = try loop.submit {
            let router = Router(name: settings.name, model: model, config: settings.config, seed: settings.seed, secretsFromSystem: true)
            router.epoch = Int64(time(nil))
            return NIOLoopBound(RouterHost(router: router, loop: loop, configFile: settings.configFile, logger: logger, keyLog: keyLog), eventLoop: loop)
        }.wait()
        var channels: [Channel] = []
        do {
            for (index, (binding, fd)) in fds.enumerated() {
                do {
                    channels.append(try openPort(binding, fd: fd, host: host, loop: loop))
                } catch {
                    for (_, fd) in fds[index...] { close(fd) }
                    throw HostError.console("\(binding.port) on \(binding.device.name): \(error)")
                }
            }
            channels.append(try openConsole(at: settings.socketPath, idleTimeout: settings.consoleIdleTimeout, host: host, loop: loop))
        } catch {
            for channel in channels { try? channel.close().wait() }
            try? group.syncShutdownGracefully()
            throw error
        }
        loop.execute { host.value.note("console on \(settings.socketPath)") }
        return RunningRouter(group: group, host: host, channels: channels, socketPath: settings.socketPath)
    }

    private init(group: MultiThreadedEventLoopGroup, host: NIOLoopBound<RouterHost>, channels: [Channel], socketPath: String) {
        self.group = group
        self.host = host
        self.channels = channels
        self.socketPath = socketPath
    }

    /// One read: the virtio-net header and the largest super-frame (a 65,535-byte IPv4 packet in a tagged frame).
    static let readCapacity = VirtioNetHeader.length + 18 + 65535

    private static func openPort(_ binding: PortBinding, fd: CInt, host: NIOLoopBound<RouterHost>, loop: EventLoop) throws -> Channel {
        let channel = try NIOPipeBootstrap(group: loop)
            // Each read is one frame; the adaptive default would cut a 64 KiB (GRO/TSO) frame short.
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: RunningRouter.readCapacity))
            // Drain a burst per wakeup rather than four frames.
            .channelOption(.maxMessagesPerRead, value: 64)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(PortReader(port: binding.port, host: host))
                }
            }
            // Input only: NIO reads; `FramePort` sends on a `dup` of the fd, in batches.
            .takingOwnershipOfDescriptor(input: fd)
            .wait()
        let sendFD = dup(fd)
        guard sendFD >= 0 else {
            try? channel.close().wait()
            throw HostError.system("dup for \(binding.port)", errno: errno)
        }
        loop.execute { host.value.attach(FramePort(binding: binding, fd: sendFD, sender: host.value.sender)) }
        return channel
    }

    private static func openConsole(at path: String, idleTimeout: Duration, host: NIOLoopBound<RouterHost>, loop: EventLoop) throws -> Channel {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        return try ServerBootstrap(group: loop)
            // Past `high`, the session's channel is not writable and it stops reading and running lines.
            .childChannelOption(.writeBufferWaterMark, value: ConsoleLimits.output)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ConsoleSession(host: host, idleTimeout: idleTimeout))
                }
            }
            // A router killed with SIGKILL leaves its socket file behind; a restart takes it over.
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true)
            .wait()
    }

    /// What each open console session holds in the router now.
    func consoleHoldings() throws -> [ConsoleSession.Holding] {
        let host = host
        return try host.eventLoop.submit { host.value.consoleHoldings }.wait()
    }

    /// Blocks until SIGINT or SIGTERM, then stops.
    public func runUntilSignal() {
        let stopping = DispatchSemaphore(value: 0)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stopping.signal() }
            source.resume()
            return source
        }
        stopping.wait()
        sources.forEach { $0.cancel() }
        stop()
    }

    /// Lets the router send its goodbyes, then closes links and console and removes the socket file.
    public func stop() {
        let host = host
        try? host.eventLoop.submit { host.value.shutdown() }.wait()
        for channel in channels { try? channel.close().wait() }
        try? group.syncShutdownGracefully()
        unlink(socketPath)
    }
}
