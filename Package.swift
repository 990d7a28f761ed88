// swift-tools-version:6.0
// Swarmline: a line-protocol server for swarming on support tickets. Toolchain only: no dependencies.
import PackageDescription

let package = Package(
    name: "Swarmline",
    products: [
        .executable(name: "swarmline", targets: ["swarmline"]),
        .library(name: "SwarmServer", targets: ["SwarmServer"]),
        .library(name: "SwarmDomain", targets: ["SwarmDomain"]),
    ],
    targets: [
        // epoll, eventfd and signalfd, which Swift's Glibc module does not export, and crypt(3)
        // from the system's libcrypt (Debian: libcrypt-dev at build time, libcrypt1 at run time).
        .target(name: "CLinux", linkerSettings: [.linkedLibrary("crypt")]),
        // Pure values: board, tickets, rooms, agents. No sockets, no clock reads.
        .target(name: "SwarmDomain"),
        .target(name: "SwarmServer", dependencies: ["CLinux", "SwarmDomain"]),
        .executableTarget(name: "swarmline", dependencies: ["SwarmServer"]),
        // The benchmark (Scripts/bench): an epoll load generator and the scenarios of issue 7.
        // A library so that the smoke test runs the same code at toy size.
        .target(name: "SwarmBench", dependencies: ["CLinux", "SwarmServer", "SwarmDomain"]),
        .executableTarget(name: "swarmline-bench", dependencies: ["SwarmBench", "SwarmDomain"]),
        // FastJSON against Foundation's JSON coders (Scripts/bench-json).
        .executableTarget(name: "swarmline-jsonbench", dependencies: ["SwarmServer", "SwarmDomain"]),
        // What the test targets share: the seeded random source of the fuzz tests.
        .target(name: "SwarmTestSupport", path: "Tests/SwarmTestSupport"),
        .testTarget(name: "SwarmDomainTests", dependencies: ["SwarmDomain", "SwarmTestSupport"]),
        .testTarget(name: "SwarmServerTests", dependencies: ["SwarmServer", "SwarmDomain", "SwarmTestSupport"]),
        .testTarget(name: "SwarmEndToEndTests", dependencies: ["SwarmServer", "SwarmDomain", "SwarmTestSupport"]),
        .testTarget(name: "SwarmBenchTests", dependencies: ["SwarmBench", "SwarmServer"]),
    ]
)
