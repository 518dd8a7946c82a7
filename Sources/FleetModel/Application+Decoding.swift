extension Application {
    /// Validates `reader` as an Application document and takes its typed view.
    ///
    /// The document must have a DNS-subdomain `metadata.name`, a `spec.destination`
    /// naming a cluster by `name` or `server` (not both), and a `spec.source` with a
    /// `repoURL` or a non-empty `spec.sources`. A missing `spec.project` becomes `default`.
    public init(reading reader: FieldReader) throws(FleetModelError) {
        let metadata = try reader.required("metadata")
        let nameReader = try metadata.required("name")
        name = try nameReader.nonEmptyString()
        guard LabelValidation.isDNSSubdomain(name) else {
            throw nameReader.error(
                "\"\(name)\" is not a valid Application name: use lowercase letters, digits, '-' and '.', "
                    + "starting and ending with a letter or digit, at most 253 characters")
        }
        namespace = try metadata.optional("namespace")?.string()
        let spec = try reader.required("spec")
        project = try spec.optional("project")?.nonEmptyString() ?? "default"
        destination = try ApplicationDestination(reading: try spec.required("destination"))
        sources = try Self.sources(spec)
        syncPolicy = try spec.optional("syncPolicy").map { reader throws(FleetModelError) in
            try SyncPolicy(reading: reader)
        }
        var ordered = JSONObject([("apiVersion", JSONValue.string(Application.apiVersion)), ("kind", "Application")])
        for (key, value) in try reader.object() where key != "apiVersion" && key != "kind" { ordered[key] = value }
        if case .object(let specObject) = ordered["spec"],
            specObject["project"] == nil || specObject["project"] == .null
        {
            var withProject = JSONObject([("project", JSONValue.string(project))])
            for (key, value) in specObject where key != "project" { withProject[key] = value }
            ordered["spec"] = .object(withProject)
        }
        self.document = .object(ordered)
    }

    private static func sources(_ spec: FieldReader) throws(FleetModelError) -> [ApplicationSource] {
        let single = try spec.optional("source")
        let multiple = try spec.optional("sources")
        switch (single, multiple) {
        case (let source?, nil):
            return [try ApplicationSource(reading: source)]
        case (nil, let list?):
            let elements = try list.elements()
            guard !elements.isEmpty else { throw list.error("must hold at least one source") }
            var sources: [ApplicationSource] = []
            for element in elements { sources.append(try ApplicationSource(reading: element)) }
            return sources
        case (.some, .some):
            throw spec.error("set spec.source or spec.sources, not both")
        case (nil, nil):
            throw .invalidField(
                spec.location, path: spec.path.appending("source"), message: "is required (or spec.sources)")
        }
    }
}

extension ApplicationSource {
    /// Decodes one source; `repoURL` is required.
    public init(reading reader: FieldReader) throws(FleetModelError) {
        repoURL = try reader.required("repoURL").nonEmptyString()
        targetRevision = try reader.optional("targetRevision")?.string() ?? "HEAD"
        path = try reader.optional("path")?.string()
        chart = try reader.optional("chart")?.string()
    }
}

extension ApplicationDestination {
    /// Decodes a destination: exactly one of `name` and `server`, and an optional `namespace`.
    public init(reading reader: FieldReader) throws(FleetModelError) {
        name = try reader.optional("name")?.nonEmptyString()
        server = try reader.optional("server")?.nonEmptyString()
        namespace = try reader.optional("namespace")?.string()
        switch (name, server) {
        case (nil, nil): throw reader.error("must name a cluster with name or server")
        case (.some, .some): throw reader.error("set name or server, not both")
        default: break
        }
    }
}

extension SyncPolicy {
    /// Decodes a sync policy, checking the types of the fields Flotilla acts on.
    public init(reading reader: FieldReader) throws(FleetModelError) {
        // `enabled: false` (Argo CD 3.1) keeps the settings but turns automation off; a key
        // Argo CD does not know (a typo such as `selfheal`) is an error, not silently nothing.
        let automatedReader = try reader.optional("automated")
        try automatedReader?.rejectUnknownKeys(["prune", "selfHeal", "allowEmpty", "enabled"])
        if let automatedReader, try automatedReader.optional("enabled")?.bool() ?? true {
            automated = Automated(
                prune: try automatedReader.optional("prune")?.bool() ?? false,
                selfHeal: try automatedReader.optional("selfHeal")?.bool() ?? false,
                allowEmpty: try automatedReader.optional("allowEmpty")?.bool() ?? false)
        } else {
            automated = nil
        }
        syncOptions = try reader.optional("syncOptions")?.strings() ?? []
        if let retryReader = try reader.optional("retry") {
            let backoff = try retryReader.optional("backoff")
            retry = Retry(
                limit: try retryReader.optional("limit")?.int() ?? 0,
                duration: try backoff?.optional("duration")?.string(),
                factor: try backoff?.optional("factor")?.int(),
                maxDuration: try backoff?.optional("maxDuration")?.string())
        } else {
            retry = nil
        }
    }
}
