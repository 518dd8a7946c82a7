// swift-tools-version: 6.0
// libFuzzer targets for the parsers that read what users and servers write. Not part of the
// normal build: `make fuzz` builds them with `-sanitize=fuzzer,address` and runs each for a
// bounded time over the seed corpora in Fuzz/Corpus (made from the test fixtures).
import PackageDescription

let fuzzTargets = ["FuzzFleet", "FuzzTemplate", "FuzzSelector", "FuzzKubeConfig", "FuzzJSON", "FuzzSandboxRequest"]

let package = Package(
    name: "flotilla-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "flotilla", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "FleetParsers", package: "flotilla")])
    ]
        + fuzzTargets.map { name in
            .executableTarget(
                name: name, dependencies: ["FuzzSupport", .product(name: "FleetParsers", package: "flotilla")])
        },
    swiftLanguageModes: [.v6]
)
