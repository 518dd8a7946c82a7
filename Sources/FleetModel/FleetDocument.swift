/// One document of a fleet file, by kind.
public enum FleetDocument: Sendable {
    /// An ApplicationSet to expand.
    case applicationSet(ApplicationSet)
    /// A plain Application, taken as it is (the app-of-apps pattern).
    case application(Application, YAMLDocument)
    /// An AppProject.
    case appProject(AppProject, YAMLDocument)
    /// Example or test clusters; the fleet loader passes over them.
    case clusterList(YAMLDocument)
    /// Where `flotilla serve` sends notifications of which targets' changes.
    case notifications(Notifications)

    /// Decodes a document by its `apiVersion` and `kind`.
    public init(document: YAMLDocument) throws(FleetModelError) {
        let reader = document.reader
        let header = try FleetDocumentHeader(reading: reader)
        let accepted = FleetDocumentHeader.acceptedAPIVersions.contains(header.apiVersion)
        switch header.kind {
        case "ApplicationSet" where accepted:
            self = .applicationSet(try ApplicationSet(document: document))
        case "Application" where accepted:
            self = .application(try Application(reading: reader), document)
        case "AppProject" where accepted:
            self = .appProject(try AppProject(reading: reader), document)
        case "ClusterList" where header.apiVersion == "flotilla.dev/v1alpha1":
            self = .clusterList(document)
        case "Notifications" where header.apiVersion == "flotilla.dev/v1alpha1":
            self = .notifications(try Notifications(document: document))
        default:
            throw .unknownKind(document.location, apiVersion: header.apiVersion, kind: header.kind)
        }
    }
}
