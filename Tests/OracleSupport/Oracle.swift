import Foundation
import NIOCore
import Testing

/// Independent tools the tests check SoftRTX against (tshark ...): finding and running them, and
/// the pcap files they read.
public enum Oracle {
    /// Oracle tests run when SOFTRTX_ORACLES=1 (as .ci/run sets it); then a missing tool is a failure.
    public static let enabled = ProcessInfo.processInfo.environment["SOFTRTX_ORACLES"] == "1"

    /// A libpcap file: microsecond timestamps, linktype 1 (Ethernet), little-endian, a millisecond apart.
    public static func pcap(_ frames: [ByteBuffer]) -> Data {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        append(UInt32(0xA1B2_C3D4)); append(UInt16(2)); append(UInt16(4))
        append(Int32(0)); append(UInt32(0)); append(UInt32(65535)); append(UInt32(1))
        for (index, frame) in frames.enumerated() {
            append(UInt32(1_700_000_000)); append(UInt32(index * 1000))
            append(UInt32(frame.readableBytes)); append(UInt32(frame.readableBytes))
            data.append(contentsOf: frame.readableBytesView)
        }
        return data
    }

    public static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool and returns its standard output; a non-zero exit is recorded as a test issue.
    /// `environment` adds to (or overrides) this process's environment, e.g. WIRESHARK_CONFIG_DIR for tshark's key tables.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    /// tshark with these arguments; fails the test when tshark is not installed.
    public static func tshark(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let path = try #require(findExecutable("tshark"), "tshark is not installed (apt-get install tshark)")
        return try run(path, arguments, environment: environment)
    }
}
