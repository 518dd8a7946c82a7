import Registry

/// Opening the registry of `$FLOTILLA_HOME` from a command.
enum RegistryAccess {
    /// The registry, made on first use.
    static func openOrCreate() throws -> Registry {
        guard let registry = try Registry.open(home: .fromEnvironment(), create: true) else {
            throw CommandFailure("cannot create the registry in \(FlotillaHome.fromEnvironment().path)")
        }
        return registry
    }

    /// The registry, for commands that need registered clusters: without one, a usage error (exit 2).
    static func requireExisting() throws -> Registry {
        guard let registry = try openExisting() else {
            throw CommandFailure("no clusters registered (flotilla cluster add)", exitCode: 2)
        }
        return registry
    }

    /// The registry if one exists, else nil: reading never creates one.
    static func openExisting() throws -> Registry? {
        try Registry.open(home: .fromEnvironment(), create: false)
    }
}
