// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "flotilla",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "flotilla", targets: ["flotilla"])
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(
            name: "FleetModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(name: "Generators", dependencies: ["FleetModel"]),
        .target(name: "KubeConfig", dependencies: ["FleetModel"]),
        .target(
            name: "Registry",
            dependencies: [
                "FleetModel", "KubeConfig",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "FleetCLI",
            dependencies: [
                "FleetModel", "Generators", "KubeConfig", "Registry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "flotilla", dependencies: ["FleetCLI"]),
        .target(name: "FleetTesting", dependencies: ["FleetModel"]),
        .testTarget(
            name: "KubeConfigTests", dependencies: ["KubeConfig", "FleetModel", "FleetTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "KubeConfig", "FleetModel", "FleetTesting"]),
        .testTarget(name: "FleetModelTests", dependencies: ["FleetModel", "FleetTesting"], exclude: ["Fixtures"]),
        .testTarget(
            name: "GeneratorsTests",
            dependencies: ["Generators", "FleetModel", "FleetTesting"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["FleetModel", "FleetTesting"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
