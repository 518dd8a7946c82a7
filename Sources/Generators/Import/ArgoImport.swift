/// What `ArgoImporter` made of one file.
public struct ArgoImport: Sendable {
    /// The converted file; nil when it holds no ApplicationSet, Application or AppProject.
    public var output: String?
    /// Everything that could not be converted: when not empty, the output must not be used.
    public var problems: [ImportFinding]
    /// Converted documents the fleet loader refuses (a generator Flotilla lacks, a bad field):
    /// the output must not be used either.
    public var invalid: [ImportFinding] = []
    /// Conversions worth knowing about (documents skipped, text left as written).
    public var notes: [ImportFinding]
}
