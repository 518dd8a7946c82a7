import FleetTesting
import Foundation
import Testing

@testable import Registry

/// Runs `body` with a new registry in a temporary home (`environment` as the process's),
/// and the folder holding it; removes both afterwards.
func withTemporaryRegistry(
    environment: [String: String] = [:], _ body: (Registry, TemporaryFolder) throws -> Void
) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let home = FlotillaHome(path: folder.path + "/home")
    let registry = try #require(try Registry.open(home: home, environment: environment, create: true))
    try body(registry, folder)
}
