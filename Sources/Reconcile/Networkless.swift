/// Whether children can be run without a network (`unshare --net --map-root-user`, Linux
/// user and network namespaces), asked once per process.
enum Networkless {
    private static let probe = Task { () async -> Bool in
        let result = await ExternalCommand.run("unshare", ["--net", "--map-root-user", "true"])
        return result.status == 0
    }

    /// True when `unshare --net --map-root-user` works here.
    static var isAvailable: Bool {
        get async { await probe.value }
    }
}
