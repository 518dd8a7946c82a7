import ArgumentParser
import FleetModel
import Foundation
import Registry

/// `flotilla-bench tokens`: `Registry.identity(presenting:now:)` — what every API request
/// costs before it is served — over a registry of `--tokens` tokens in a new folder, from
/// `--concurrency` threads at once; prints one JSON line of figures.
struct TokenLookupBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Measure API token lookups in the registry.")

    @Option(help: "The folder to make the registry in (it must not exist).") var home: String
    @Option(help: "How many tokens the registry holds.") var tokens = 100
    @Option(help: "How many lookups.") var lookups = 10_000
    @Option(help: "How many lookups at once.") var concurrency = 1

    func run() async throws {
        guard let registry = try Registry.open(home: FlotillaHome(path: home), environment: [:], create: true) else {
            throw ValidationError("cannot create a registry in \(home)")
        }
        let start = Date()
        let secrets = try (0..<tokens).map { index in
            try registry.createToken(name: "t\(index)", role: .operator, projects: [], expiresAt: nil, now: start)
                .secret
        }
        // Each token's first use writes lastUsedAt; the figures are of the lookups after it,
        // which within the minute only read (as every request but one a minute per token).
        for secret in secrets { _ = try registry.identity(presenting: secret, now: start) }
        let clock = ContinuousClock()
        let began = clock.now
        let lookups = self.lookups
        let concurrency = self.concurrency
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var own: [Duration] = []
                    for index in stride(from: worker, to: lookups, by: concurrency) {
                        // The clock moves a millisecond a lookup: 10,000 lookups stay within the minute.
                        let now = start.addingTimeInterval(Double(index) / 1000)
                        let before = clock.now
                        guard try registry.identity(presenting: secrets[index % secrets.count], now: now) != nil else {
                            throw ValidationError("token \(index % secrets.count) was not found")
                        }
                        own.append(before.duration(to: clock.now))
                    }
                    return own
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }.sorted()
        }
        let seconds = Double(began.duration(to: clock.now) / .microseconds(1)) / 1_000_000
        func percentile(_ fraction: Double) -> Double {
            Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))] / .nanoseconds(1))
                / 1000
        }
        let figures: JSONValue = [
            "tokens": .int(tokens), "lookups": .int(lookups), "concurrency": .int(concurrency),
            "seconds": .double(seconds), "p50Microseconds": .double(percentile(0.5)),
            "p99Microseconds": .double(percentile(0.99)),
        ]
        print(JSONWriter.compact(figures))
    }
}
