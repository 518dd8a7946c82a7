/// The `apiVersion` and `kind` every fleet document starts with.
public struct FleetDocumentHeader: Sendable, Hashable {
    /// API groups Flotilla reads fleet documents from: Argo CD's and its own.
    public static let acceptedAPIVersions: Set<String> = ["argoproj.io/v1alpha1", "flotilla.dev/v1alpha1"]

    /// The document's `apiVersion`.
    public var apiVersion: String
    /// The document's `kind`.
    public var kind: String

    /// Reads `apiVersion` and `kind`, both required strings.
    public init(reading reader: FieldReader) throws(FleetModelError) {
        _ = try reader.object()
        apiVersion = try reader.required("apiVersion").nonEmptyString()
        kind = try reader.required("kind").nonEmptyString()
    }
}
