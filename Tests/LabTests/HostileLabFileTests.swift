import Config
import Foundation
import Testing
@testable import Lab

/// Lab files that crashed the tool, hung it or ran while naming nothing: each is refused with its
/// line and key.
@Suite struct HostileLabFileTests {
    static func lab(link: String = "{ a: r1.lan1, b: pc }", step: String = "{ wait: 1s }") -> String {
        """
        nodes:
          r1: { kind: router }
          pc: { kind: host, dhcp: true }
        links:
          - \(link)
        steps:
          - \(step)
        """
    }

    /// The error of parsing and building the lab, nil when both succeed.
    static func error(_ yaml: String) -> LabFileError? {
        do {
            _ = try LabRun(LabFile.parse(yaml, fileName: "lab.yaml", directory: nil)) { _ in }
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (lab(link: #"{ a: ".", b: pc }"#), "links[0].a", 5),
        (lab(link: #"{ a: "..", b: pc }"#), "links[0].a", 5),
        (lab(link: #"{ a: r1, b: "pc." }"#), "links[0].b", 5),
        (lab(link: #"{ a: ".lan1", b: pc }"#), "links[0].a", 5),
        (lab(step: #"{ link: "." }"#), "steps[0].link", 7),
        (lab(link: "{ a: r1.lan1, b: pc, delay: 1e12s }"), "links[0].delay", 5),
        (lab(step: "{ link: pc, jitter: 1e300h }"), "steps[0].jitter", 7),
        (lab(step: "{ wait: 10000000000s }"), "steps[0].wait", 7),
        (lab(step: "{ wait: 1e300h }"), "steps[0].wait", 7),
        (lab(step: "{ wait: 1000000000s }"), "steps[0].wait", 7),
        (lab(step: "{ wait: 25h }"), "steps[0].wait", 7),
        (lab(step: "{ wait: infs }"), "steps[0].wait", 7),
        (lab(step: "{ wait: nans }"), "steps[0].wait", 7),
        (lab(step: "{ wait: -1s }"), "steps[0].wait", 7),
        (lab(step: "{ link: r1.lan42, down: true }"), "steps[0].link", 7),
        (lab(step: "{ link: r1.lan2, down: true }"), "steps[0].link", 7),
    ])
    func isRefusedWithLineAndKey(yaml: String, key: String, line: Int) {
        let error = HostileLabFileTests.error(yaml)
        #expect(error?.key == key && error?.line == line, "\(yaml)")
    }

    @Test func waitsAreBoundedToADay() throws {
        #expect(HostileLabFileTests.error(HostileLabFileTests.lab(step: "{ wait: 25h }"))?.message
                == "expected a duration like 30s, at most 24h of virtual time")
        let lab = try LabFile.parse(HostileLabFileTests.lab(step: "{ wait: 24h }"), fileName: "lab.yaml", directory: nil)
        let run = try LabRun(lab) { _ in }
        #expect(run.run())
        #expect(run.network.now == .seconds(86_400))
    }

    @Test func aLinkStepNamesALinkedPort() {
        #expect(HostileLabFileTests.error(HostileLabFileTests.lab(step: "{ link: r1.lan2 }"))?.message == "no link at r1.lan2")
        #expect(HostileLabFileTests.error(HostileLabFileTests.lab(step: "{ link: r1.lan42 }"))?.message.hasPrefix("r1 has no port 'lan42'") == true)
    }

    /// A lab and the config files it names, written to a fresh folder.
    static func folder(_ files: [String: [UInt8]]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("softrtx-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    static let routerLab = Array("nodes:\n  r1: { kind: router, config: r1.conf }\n".utf8)

    @Test func aConfigFileThatIsNotUTF8NamesItsLineAndByteOffset() throws {
        let dir = try HostileLabFileTests.folder(["lab.yaml": HostileLabFileTests.routerLab,
                                                  "r1.conf": Array("ip lan1 address 10.0.0.1/24\n# \u{E9}".utf8) + [0xE9, 0x0A]])
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try LabFile.load(dir.appendingPathComponent("lab.yaml"))
            Issue.record("loaded")
        } catch {
            #expect(error.key == "nodes.r1.config" && error.line == 2)
            #expect(error.message.hasSuffix("r1.conf: line 2: invalid UTF-8 at byte offset 32"))
        }
    }

    @Test func aConfigFileThatNeverEndsIsRefused() {
        let error = HostileLabFileTests.error("nodes:\n  r1: { kind: router, config: /dev/zero }\n")
        #expect(error?.key == "nodes.r1.config" && error?.line == 2 && error?.message == "cannot read /dev/zero: larger than 64 MiB")
    }

    @Test func aLabFileThatIsNotUTF8NamesItsLineAndByteOffset() throws {
        let dir = try HostileLabFileTests.folder(["lab.yaml": Array("nodes:\n  r1: { kind: router }\n# ".utf8) + [0xC3, 0x28]])
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try LabFile.load(dir.appendingPathComponent("lab.yaml"))
            Issue.record("loaded")
        } catch {
            #expect(error.key == "file" && error.line == 3 && error.message == "invalid UTF-8 at byte offset 32")
        }
    }

    @Test func aCRLFConfigFileRunsAsItsLFForm() throws {
        let config = "console prompt r1\nip lan1 address 10.0.0.1/24\nip route default gateway 10.0.0.254\n"
        let dir = try HostileLabFileTests.folder(["lab.yaml": HostileLabFileTests.routerLab,
                                                  "r1.conf": Array(config.split(separator: "\n").joined(separator: "\r\n").utf8)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try LabRun(LabFile.load(dir.appendingPathComponent("lab.yaml"))) { _ in }
        #expect((run.network.nodes["r1"] as? RouterNode)?.router.running == (try Config.parse(config)))
    }

    @Test func aNULInAnInlineConfigIsAConfigError() {
        let error = HostileLabFileTests.error(#"nodes: { r1: { kind: router, config: "ip lan1 address 10.0.0.1/24\0\n" } }"#)
        #expect(error?.key == "nodes.r1.config" && error?.line == 1)
        #expect(error?.message == "line 1: ip lan1 address 10.0.0.1/24\\0: Error: Invalid character (NUL)")
    }
}
