import FleetModel

/// Turns a whole fleet into its Applications: ApplicationSets expanded, plain
/// Applications taken as they are, in file order; two with one name fail.
public struct FleetExpander: Sendable {
    /// How ApplicationSets are expanded.
    public var expander: ApplicationSetExpander

    /// A fleet expander using `expander` for ApplicationSets.
    public init(expander: ApplicationSetExpander) {
        self.expander = expander
    }

    /// Every Application of `fleet`, in a stable order.
    public func applications(of fleet: Fleet) throws(GeneratorError) -> [GeneratedApplication] {
        var result: [GeneratedApplication] = []
        var origins: [String: ApplicationOrigin] = [:]
        for document in fleet.documents {
            let produced: [GeneratedApplication]
            switch document {
            case .applicationSet(let set):
                produced = try expander.expand(set)
            case .application(let application, let source):
                let origin = ApplicationOrigin(location: source.location, name: application.name, source: .document)
                produced = [GeneratedApplication(application: application, origin: origin)]
            case .appProject, .clusterList, .notifications:
                produced = []
            }
            for generated in produced {
                let name = generated.application.name
                if let first = origins[name] {
                    throw .duplicateApplication(name: name, first: "\(first)", second: "\(generated.origin)")
                }
                origins[name] = generated.origin
                result.append(generated)
            }
        }
        return result
    }
}
