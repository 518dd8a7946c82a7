import Foundation

extension AppProject {
    /// Decodes an AppProject document, checking every pattern, schedule, duration and time
    /// zone so that a mistake is an error naming its line, not a rule that silently never matches.
    public init(reading reader: FieldReader) throws(FleetModelError) {
        let name = try reader.required("metadata").required("name").nonEmptyString()
        guard let spec = try reader.optional("spec") else {
            self.init(name: name, location: reader.location)
            return
        }
        var sourceRepos: [String] = []
        for repository in try spec.optional("sourceRepos")?.elements() ?? [] {
            sourceRepos.append(try Self.pattern(repository, separators: ["/"]))
        }
        var destinations: [ApplicationDestination] = []
        for element in try spec.optional("destinations")?.elements() ?? [] {
            let destination = ApplicationDestination(
                name: try element.optional("name").map { reader throws(FleetModelError) in try Self.pattern(reader) },
                server: try element.optional("server").map { reader throws(FleetModelError) in
                    try Self.pattern(reader)
                },
                namespace: try element.optional("namespace").map { reader throws(FleetModelError) in
                    try Self.pattern(reader)
                })
            if destination.name == nil, destination.server == nil {
                throw element.error("must name a cluster pattern with name or server")
            }
            destinations.append(destination)
        }
        var syncWindows: [SyncWindow] = []
        for window in try spec.optional("syncWindows")?.elements() ?? [] {
            syncWindows.append(try SyncWindow(reading: window))
        }
        self.init(
            name: name, sourceRepos: sourceRepos, destinations: destinations,
            clusterResourceWhitelist: try Self.groupKinds(spec.optional("clusterResourceWhitelist")) ?? [],
            clusterResourceBlacklist: try Self.groupKinds(spec.optional("clusterResourceBlacklist")) ?? [],
            namespaceResourceWhitelist: try Self.groupKinds(spec.optional("namespaceResourceWhitelist")),
            namespaceResourceBlacklist: try Self.groupKinds(spec.optional("namespaceResourceBlacklist")) ?? [],
            syncWindows: syncWindows, location: reader.location)
    }

    /// A glob (after a leading `!`) that compiles.
    private static func pattern(
        _ reader: FieldReader, separators: Set<Character> = []
    ) throws(FleetModelError)
        -> String
    {
        let text = try reader.string()
        let glob = text.hasPrefix("!") ? String(text.dropFirst()) : text
        guard ProjectGlob(glob, separators: separators) != nil else {
            throw reader.error(
                "\"\(text)\" is not a valid pattern (an unclosed [ or {, a trailing \\, "
                    + "or longer than \(ProjectGlob.maximumLength) characters)")
        }
        return text
    }

    /// A list of `{group, kind}` patterns; nil when absent.
    private static func groupKinds(_ reader: FieldReader?) throws(FleetModelError) -> [GroupKindPattern]? {
        guard let reader else { return nil }
        var patterns: [GroupKindPattern] = []
        for element in try reader.elements() {
            try element.rejectUnknownKeys(["group", "kind"])
            patterns.append(
                GroupKindPattern(
                    group: try element.optional("group").map { reader throws(FleetModelError) in
                        try pattern(reader, separators: ["/"])
                    } ?? "",
                    kind: try pattern(try element.required("kind"), separators: ["/"])))
        }
        return patterns
    }
}

extension SyncWindow {
    /// Decodes one of `spec.syncWindows`.
    public init(reading reader: FieldReader) throws(FleetModelError) {
        let kindReader = try reader.required("kind")
        guard let kind = Kind(rawValue: try kindReader.string()) else {
            throw kindReader.error("must be \"allow\" or \"deny\"")
        }
        self.kind = kind
        let scheduleReader = try reader.required("schedule")
        let scheduleText = try scheduleReader.string()
        do {
            schedule = try CronSchedule(scheduleText)
        } catch {
            throw scheduleReader.error("invalid cron schedule: \(error.message)")
        }
        let durationReader = try reader.required("duration")
        durationText = try durationReader.string()
        do {
            duration = try GoDuration.parse(durationText)
        } catch {
            throw durationReader.error("invalid duration: \(error.message)")
        }
        if let zoneReader = try reader.optional("timeZone"), !(try zoneReader.string()).isEmpty {
            let identifier = try zoneReader.string()
            guard let zone = TimeZone(identifier: identifier) else {
                throw zoneReader.error("unknown time zone \"\(identifier)\" (an IANA name such as Europe/Berlin)")
            }
            timeZone = zone
        } else {
            timeZone = TimeZone(identifier: "UTC") ?? .gmt
        }
        applications = try Self.selectors(reader.optional("applications"))
        namespaces = try Self.selectors(reader.optional("namespaces"))
        clusters = try Self.selectors(reader.optional("clusters"))
        manualSync = try reader.optional("manualSync")?.bool() ?? false
        andOperator = try reader.optional("andOperator")?.bool() ?? false
    }

    private static func selectors(_ reader: FieldReader?) throws(FleetModelError) -> [String] {
        var patterns: [String] = []
        for element in try reader?.elements() ?? [] {
            let text = try element.string()
            guard ProjectGlob(text) != nil else { throw element.error("\"\(text)\" is not a valid pattern") }
            patterns.append(text)
        }
        return patterns
    }
}
