// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "policyctl",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CEL", targets: ["CEL"]),
        // Policy and Engine as products only so that the fuzz package (fuzz/) can use them.
        .library(name: "Policy", targets: ["Policy"]),
        .library(name: "Engine", targets: ["Engine"]),
        .executable(name: "policyctl", targets: ["policyctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "CEL"),
        .target(
            name: "Policy",
            dependencies: [
                "CEL",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The JSON Schemas, the one copy of their text (`schemas/` at the root is a link to
            // this folder), compiled into the binary as bytes (`PackageResources`, read by
            // JSONSchema.swift): the executable needs no files beside it.
            resources: ["calendar", "decision", "policy-test", "policy", "snapshot"].map {
                .embedInCode("Resources/schemas/\($0).schema.json")
            }
        ),
        .target(name: "Engine", dependencies: ["CEL", "Policy"]),
        .target(name: "LanguageServer", dependencies: ["CEL", "Policy"]),
        .executableTarget(
            name: "policyctl",
            dependencies: [
                "CEL",
                "Policy",
                "Engine",
                "LanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "cel-benchmark",
            dependencies: ["CEL"],
            path: "benchmarks/CELBenchmark"
        ),
        .executableTarget(
            name: "decode-benchmark",
            dependencies: ["Engine"],
            path: "benchmarks/DecodeBenchmark"
        ),
        .testTarget(name: "CELTests", dependencies: ["CEL"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PolicyTests", dependencies: ["Policy"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PolicyctlTests", exclude: ["Fixtures"]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "Policy", "CEL"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"], resources: [.copy("Fixtures")]),
    ]
)
