// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "policyctl",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CEL", targets: ["CEL"]),
        .executable(name: "policyctl", targets: ["policyctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "CEL"),
        .executableTarget(
            name: "policyctl",
            dependencies: [
                "CEL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CELTests", dependencies: ["CEL"], resources: [.copy("Fixtures")]),
    ]
)
