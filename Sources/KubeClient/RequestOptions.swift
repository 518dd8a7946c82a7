/// Which objects a list or watch returns.
public struct ListOptions: Sendable, Equatable {
    /// A label selector in kubectl's syntax: `app=web,tier in (front,back)`.
    public var labelSelector: String?
    /// A field selector: `metadata.name=web`.
    public var fieldSelector: String?
    /// Objects per page (`limit`); pages are fetched until `continue` runs out.
    public var pageSize: Int?
    /// For a watch: the server ends it after this many seconds (`timeoutSeconds`); lists ignore it.
    public var timeoutSeconds: Int?

    /// Options.
    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, pageSize: Int? = nil, timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.pageSize = pageSize
        self.timeoutSeconds = timeoutSeconds
    }
}

/// How a server-side apply behaves.
public struct ApplyOptions: Sendable, Equatable {
    /// The field manager that owns what is applied.
    public var fieldManager: String
    /// Take ownership of fields other managers own (`force=true`).
    public var force: Bool
    /// Answer with the result without storing it (`dryRun=All`).
    public var dryRun: Bool

    /// Options.
    public init(fieldManager: String, force: Bool = false, dryRun: Bool = false) {
        self.fieldManager = fieldManager
        self.force = force
        self.dryRun = dryRun
    }
}

/// What happens to an object's dependents when it is deleted.
public enum PropagationPolicy: String, Sendable {
    /// Delete now; the garbage collector removes dependents afterwards.
    case background = "Background"
    /// Dependents go first; the object waits with a `foregroundDeletion` finalizer.
    case foreground = "Foreground"
    /// Dependents are left behind.
    case orphan = "Orphan"
}
