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

    /// Every Application of `fleet`, in a stable order; one naming a project the fleet does
    /// not define is an error.
    public func applications(of fleet: Fleet) throws(GeneratorError) -> [GeneratedApplication] {
        let catalog: ProjectCatalog
        do {
            catalog = try ProjectCatalog(fleet)
        } catch {
            throw .model(error)
        }
        let projects = ProjectCheck(catalog: catalog, clusters: nil)
        var result: [GeneratedApplication] = []
        var origins: [String: ApplicationOrigin] = [:]
        for document in fleet.documents {
            let produced: [GeneratedApplication]
            switch document {
            case .applicationSet(let set):
                produced = try expander.expand(set)
            case .application(let application, let source):
                produced = [GeneratedApplication(plain: application, document: source)]
            case .appProject, .clusterList, .notifications:
                produced = []
            }
            for generated in produced {
                let name = generated.application.name
                if let first = origins[name] {
                    throw .duplicateApplication(name: name, first: "\(first)", second: "\(generated.origin)")
                }
                origins[name] = generated.origin
                _ = try projects.project(of: generated)
                result.append(generated)
            }
        }
        return result
    }
}
