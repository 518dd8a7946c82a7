// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "flotilla",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "flotilla", targets: ["flotilla"]),
        // The parsers the fuzz targets in Fuzz/ exercise (a package of their own, built with libFuzzer).
        .library(name: "FleetParsers", targets: ["FleetModel", "Generators", "KubeConfig", "Sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "FleetModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(name: "Generators", dependencies: ["FleetModel"]),
        .target(
            name: "Sandbox",
            dependencies: [
                "FleetModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "CSpawn"),
        .target(name: "ChildProcesses", dependencies: ["CSpawn", "FleetModel"]),
        .target(name: "KubeConfig", dependencies: ["FleetModel"]),
        // Real Helm: libhelm_c.so (PyPI's helm-python-sdk) opened with dlopen, in `flotilla helm-render`'s process.
        .target(name: "HelmNative", dependencies: ["FleetModel"]),
        .target(name: "KubeClient", dependencies: ["FleetModel"]),
        .target(name: "KubeReplay", dependencies: ["FleetModel", "KubeClient"]),
        .target(
            name: "Reconcile",
            dependencies: [
                "FleetModel", "KubeClient", "ChildProcesses", "HelmNative",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "Engine", dependencies: ["FleetModel", "KubeClient", "Reconcile", "Generators", "Registry"]),
        .target(name: "Report", dependencies: ["FleetModel", "Registry"]),
        // The continuous reconciler of `flotilla serve`: refresh cycles, watches, self-heal, webhooks, metrics.
        .target(
            name: "Controller",
            dependencies: [
                "Engine", "FleetModel", "KubeClient", "Reconcile", "Registry",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]),
        // The HTTP side of `flotilla serve` (Hummingbird): health, metrics, webhooks, the API
        // behind tokens and sessions, live events.
        .target(
            name: "FleetServer",
            dependencies: [
                "Controller", "Engine", "FleetModel", "KubeClient", "Reconcile", "Registry", "Report",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The dashboard's files, compiled into the binary (DashboardAsset): no bundle to ship beside it.
            resources: ["index.html", "app.css", "dom.js", "api.js", "matrix.js", "target.js", "cluster.js", "rollout.js", "app.js"]
                .map { .embedInCode("Dashboard/" + $0) }),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(
            name: "CurlTransport", dependencies: ["CCurl", "KubeClient", "KubeConfig", "FleetModel", "ChildProcesses"]),
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
                "FleetModel", "Generators", "KubeConfig", "Registry", "Sandbox", "KubeClient", "CurlTransport",
                "Reconcile", "Engine", "Report", "Controller", "FleetServer", "ChildProcesses", "HelmNative",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(name: "flotilla", dependencies: ["FleetCLI"]),
        .executableTarget(
            name: "flotilla-bench",
            dependencies: [
                "KubeClient", "KubeReplay", "CurlTransport", "KubeConfig", "FleetModel", "Registry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/FlotillaBench"
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "FleetTesting", dependencies: ["FleetModel", "ChildProcesses", "CZlib"]),
        // Fakes of the engine's edges for unit tests: a cluster and a store in memory.
        .target(name: "EngineTesting", dependencies: ["Engine", "FleetModel", "Generators", "KubeClient", "Registry"]),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses"]),
        .testTarget(
            name: "HelmTests",
            dependencies: ["HelmNative", "Reconcile", "KubeClient", "FleetModel", "FleetTesting"]),
        .testTarget(
            name: "ControllerTests",
            dependencies: [
                "Controller", "Engine", "EngineTesting", "FleetModel", "KubeClient", "Reconcile", "Registry",
                "FleetTesting", "Sandbox",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Notifications/Fixtures"]),
        .testTarget(
            name: "FleetServerTests",
            dependencies: [
                "FleetServer", "Controller", "Engine", "FleetModel", "FleetTesting", "Registry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "ErrorMessagesTests",
            dependencies: [
                "ChildProcesses", "FleetModel", "Generators", "KubeClient", "KubeConfig", "KubeReplay", "Reconcile",
                "Registry", "Sandbox",
            ]),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "EngineTesting", "FleetModel", "KubeClient", "Reconcile", "Registry", "FleetTesting",
            ]),
        .testTarget(
            name: "ReportTests", dependencies: ["Report", "Registry", "FleetModel", "FleetTesting"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "KubeConfigTests", dependencies: ["KubeConfig", "FleetModel", "FleetTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "KubeConfig", "FleetModel", "FleetTesting"]),
        .testTarget(
            name: "KubeClientTests",
            dependencies: ["KubeClient", "CurlTransport", "KubeConfig", "Sandbox", "FleetModel", "FleetTesting"]),
        .testTarget(
            name: "ReconcileTests",
            dependencies: ["Reconcile", "KubeClient", "CurlTransport", "Sandbox", "FleetModel", "FleetTesting"],
            exclude: ["Fixtures"]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "FleetModel", "FleetTesting"]),
        .testTarget(
            name: "KubeReplayTests",
            dependencies: [
                "KubeReplay", "KubeClient", "CurlTransport", "KubeConfig", "Sandbox", "FleetModel", "FleetTesting",
            ],
            exclude: ["Fixtures"]),
        .testTarget(name: "FleetModelTests", dependencies: ["FleetModel", "FleetTesting"], exclude: ["Fixtures"]),
        .testTarget(
            name: "GeneratorsTests",
            dependencies: ["Generators", "EngineTesting", "FleetModel", "FleetTesting"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Controller", "FleetModel", "FleetTesting", "Registry", "Sandbox"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
