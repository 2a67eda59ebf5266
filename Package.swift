// swift-tools-version: 6.1
import PackageDescription

/// The data path's modules skip dynamic exclusivity checks in release builds: they are
/// single-threaded state machines, and the checks cost a fifth of the per-frame time (perf).
let dataPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "SoftRTX",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "softrtx", targets: ["softrtx"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Packet formats: parse and serialize, no state.
        .target(name: "Wire", dependencies: [.product(name: "NIOCore", package: "swift-nio")], swiftSettings: dataPath),
        // RTX command language: lines -> typed Config -> lines.
        .target(name: "Config", dependencies: ["Wire"]),
        // RFC 3931 control connection, sessions and data encapsulation, sans-IO.
        .target(name: "L2TP", dependencies: [
            "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: dataPath),
        // PPPoE (RFC 2516) client and access concentrator: discovery, LCP, PAP/CHAP, IPCP, sans-IO.
        .target(name: "PPP", dependencies: [
            "Wire",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: dataPath),
        // IP filters as an RTX applies them (static, dynamic, intrusion detection), sans-IO.
        .target(name: "Filter", dependencies: ["Wire", "Config", .product(name: "NIOCore", package: "swift-nio"),
                                              .product(name: "DequeModule", package: "swift-collections")],
                swiftSettings: dataPath),
        // DNS proxy and cache, sans-IO.
        .target(name: "DNS", dependencies: ["Wire", "Config", .product(name: "NIOCore", package: "swift-nio"),
                                           .product(name: "DequeModule", package: "swift-collections"),
                                           .product(name: "HeapModule", package: "swift-collections")]),
        // One RTX router, sans-IO.
        .target(name: "Router", dependencies: ["Wire", "Config", "L2TP", "IKE", "IPsec", "Filter", "DNS", "PPP", .product(name: "NIOCore", package: "swift-nio"),
                                              .product(name: "DequeModule", package: "swift-collections"),
                                              .product(name: "HeapModule", package: "swift-collections")],
                swiftSettings: dataPath),
        // IKEv1 Main/Aggressive/Quick Mode with NAT-T, DPD and heartbeats, sans-IO.
        .target(name: "IKE", dependencies: [
            "Wire", "IPsec", "CLibCrypto",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // ESP (RFC 4303) SAs, the SAD and security policies, sans-IO.
        .target(name: "IPsec", dependencies: [
            "Wire", "CLibCrypto",
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: dataPath),
        // OpenSSL's libcrypto: 3DES-CBC and MODP exponentiation (swift-crypto has neither).
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Linux calls Glibc does not export (sockaddr_ll, TUNSETIFF ...).
        .target(name: "CSoftRTXShim"),
        // Real I/O: one router on Linux interfaces with SwiftNIO, and its console socket.
        .target(name: "Host", dependencies: [
            "Router", "Config", "Wire", "CSoftRTXShim",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "DequeModule", package: "swift-collections"),
        ]),
        // Virtual network with a virtual clock.
        .target(name: "Lab", dependencies: [
            "Router", "Wire", "Config", "Yams",
            "PPP",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HeapModule", package: "swift-collections"),
        ], resources: [.copy("Seed")]),
        .executableTarget(name: "softrtx", dependencies: [
            "Lab", "Router", "Config", "Host", "IPsec", "IKE", "DNS",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // What the oracle tests share: running tshark and writing the pcaps it reads.
        .target(name: "OracleSupport", dependencies: ["Wire", .product(name: "NIOCore", package: "swift-nio")], path: "Tests/OracleSupport"),
        .testTarget(name: "WireTests", dependencies: ["Wire", "OracleSupport"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "Wire"], exclude: ["Fixtures"]),
        .testTarget(name: "FilterTests", dependencies: ["Filter", "Config", "Wire", "OracleSupport", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "L2TPTests", dependencies: ["L2TP", "Wire", "OracleSupport"]),
        .testTarget(name: "PPPTests", dependencies: ["PPP", "Wire", "OracleSupport", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "RouterTests", dependencies: ["Router", "Wire", "Config", "OracleSupport"]),
        .testTarget(name: "HostTests", dependencies: ["Host", "Router", "Config"]),
        .testTarget(name: "IPsecTests", dependencies: [
            "IPsec", "Wire", "OracleSupport",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "IKETests", dependencies: ["IKE", "IPsec", "Wire"]),
        .testTarget(name: "DNSTests", dependencies: ["DNS", "Wire", "Config", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "OracleSupport", "Config", "Wire", .product(name: "NIOCore", package: "swift-nio"),
                                                    "PPP"]),
    ],
    swiftLanguageModes: [.v6]
)
