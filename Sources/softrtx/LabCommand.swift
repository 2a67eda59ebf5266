import ArgumentParser
import Foundation
import Lab

struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run a lab of routers and hosts on a virtual network (the seed when no file is given).")

    @Argument(help: "A lab file (YAML). Without one, the built-in seed lab runs.")
    var file: String?

    @Option(help: "Write one pcap per link into this folder.")
    var pcap: String?

    @Option(help: "Write the IKEv1 and ESP keys the routers negotiated to this file, as Wireshark's ikev1_decryption_table and esp_sa lines.")
    var keylog: String?

    @Option(help: "Override the lab file's seed.")
    var seed: UInt64?

    func run() throws {
        var lab: LabFile
        do {
            lab = try file.map { try LabFile.load(URL(fileURLWithPath: $0)) } ?? LabFile.builtinSeed()
        } catch {
            FileHandle.standardError.write(Data("softrtx lab: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let seed { lab.seed = seed }
        let clock = ContinuousClock()
        let start = clock.now
        let run: LabRun
        do {
            run = try LabRun(lab, capture: pcap != nil) { text in
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("softrtx lab: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let ok = run.run()
        let wall = clock.now - start
        if let pcap {
            let files = try run.writeCaptures(to: URL(fileURLWithPath: pcap))
            print("pcap: \(files.count) files in \(pcap)")
        }
        if let keylog {
            let lines = run.takeKeyLog()
            try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: keylog))
            print("keylog: \(lines.count) keys in \(keylog)")
        }
        print("lab: \(LabDuration.format(run.network.now)) of virtual time in \(LabDuration.format(wall)) of wall time, "
              + "\(run.network.framesDelivered) frames, seed \(lab.seed)")
        if !ok {
            for failure in run.failures {
                FileHandle.standardError.write(Data("softrtx lab: FAILED \(failure)\n".utf8))
            }
            throw ExitCode(1)
        }
    }
}
