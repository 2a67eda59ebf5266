import ArgumentParser
import Foundation
import IPsec
import NIOCore
import Wire
import _CryptoExtras

struct ESPBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esp",
        abstract: "ESP seal and open on one core (AES-128-CBC + HMAC-SHA1-96, transport mode), against `openssl speed` in the same run.")

    @Option(help: "Packets per measurement.")
    var packets = 300_000

    @Option(help: "Measure only this: seal, open or cipher (the AES-CBC library comparison).")
    var only: String?

    @Option(help: "Measure only this IPv4 packet size: 64 or 1400.")
    var size: Int?

    @Option(help: "Seconds per `openssl speed` run; 0 skips openssl.")
    var opensslSeconds = 2

    func run() throws {
        let openssl = opensslSeconds > 0 ? OpenSSLSpeed.executable : nil
        if openssl == nil && opensslSeconds > 0 { print("openssl not found: no comparison") }
        for size in [64, 1400] where self.size.map({ $0 == size }) ?? true {
            let fixture = ESPBenchFixture(size: size)
            var reference: (seal: Double, open: Double)?
            if let openssl, only != "cipher" {
                let aesEncrypt = try speed(openssl, size, ["-evp", "aes-128-cbc"])
                let aesDecrypt = try speed(openssl, size, ["-evp", "aes-128-cbc", "-decrypt"])
                let hmac = try speed(openssl, size, ["-hmac", "sha1"])
                // The two passes run one after the other over the same bytes: their times add up.
                let combined = (seal: 1 / (1 / aesEncrypt + 1 / hmac), open: 1 / (1 / aesDecrypt + 1 / hmac))
                reference = combined
                print(String(format: "%4d bytes, openssl speed: aes-128-cbc %.0f MB/s encrypt, %.0f MB/s decrypt; hmac(sha1) %.0f MB/s; "
                             + "combined 1/(1/aes + 1/hmac): %.0f MB/s seal, %.0f MB/s open",
                             size, aesEncrypt / 1e6, aesDecrypt / 1e6, hmac / 1e6, combined.seal / 1e6, combined.open / 1e6))
            }
            for direction in ["seal", "open"] where only.map({ $0 == direction }) ?? true {
                let rate = try direction == "seal" ? fixture.measureSeal(packets) : fixture.measureOpen(packets)
                let bytesPerSecond = rate * Double(size)
                var line = String(format: "%4d-byte packets, %@: %.0f packets/s, %.0f MB/s, %.2f Gbit/s per core",
                                  size, direction, rate, bytesPerSecond / 1e6, bytesPerSecond * 8 / 1e9)
                if let reference {
                    let ratio = bytesPerSecond / (direction == "seal" ? reference.seal : reference.open)
                    line += String(format: "; %.2f of openssl's combined rate", ratio)
                }
                print(line)
            }
            if only == nil || only == "cipher", size == 1400 {
                try fixture.compareAESLibraries(packets)
            }
        }
    }

    /// `openssl speed` bytes per second for one algorithm at one size (machine-readable `+F:` line).
    private func speed(_ openssl: String, _ size: Int, _ algorithm: [String]) throws -> Double {
        let fields = try OpenSSLSpeed.result(openssl, ["-elapsed", "-seconds", "\(opensslSeconds)", "-bytes", "\(size)"] + algorithm, prefix: "+F:")
        guard let value = fields.last.flatMap({ Double($0) }) else {
            throw ValidationError("openssl speed \(algorithm.joined(separator: " ")) printed no result")
        }
        return value
    }
}
