// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for policyctl's parsers, built only by scripts/fuzz.sh (with
// `-sanitize=fuzzer,address -parse-as-library`), never by the main package's `swift build`
// or `swift test`. Each target has a function that tests one input and an entry point
// `<Target>_main` (the name SwiftPM links as `main`) that hands it to libFuzzer through
// `FuzzerEntry`.
let package = Package(
    name: "policyctl-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "policyctl", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzSnapshotDecoder",
            dependencies: ["FuzzerEntry", .product(name: "CEL", package: "policyctl"), .product(name: "Engine", package: "policyctl")]),
        .executableTarget(
            name: "FuzzPolicyLoader",
            dependencies: ["FuzzerEntry", .product(name: "Policy", package: "policyctl")]),
        .executableTarget(
            name: "FuzzCEL",
            dependencies: ["FuzzerEntry", .product(name: "CEL", package: "policyctl")]),
        .target(name: "FuzzerEntry"),
    ]
)
