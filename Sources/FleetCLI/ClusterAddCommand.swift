import ArgumentParser
import FleetModel
import Foundation
import KubeConfig
import Registry

/// `flotilla cluster add`: register kubeconfig contexts.
struct ClusterAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register clusters from kubeconfig contexts (default: the current context).",
        discussion: """
            Kubeconfig files are found as kubectl finds them: --kubeconfig alone, else the files in \
            $KUBECONFIG (merged, the first to set a value wins), else ~/.kube/config. Certificate, key \
            and token files are read now, so the registry keeps working when they move. All or nothing: \
            one bad context adds none, unless --skip-invalid.
            """
    )

    @Argument(help: "Contexts to register (default: the current context).")
    var contexts: [String] = []

    @Option(help: ArgumentHelp("A kubeconfig file to read instead of $KUBECONFIG.", valueName: "file"))
    var kubeconfig: String?

    @Flag(help: "Register every context of the kubeconfig.")
    var allContexts = false

    @Option(help: "The registry name (one context only; default: the context's name).")
    var name: String?

    @Option(
        name: [.customShort("l"), .customLong("label")],
        help: ArgumentHelp("A label, k=v (repeatable).", valueName: "k=v"))
    var labels: [String] = []

    @Option(name: .customLong("annotation"), help: ArgumentHelp("An annotation, k=v (repeatable).", valueName: "k=v"))
    var annotations: [String] = []

    @Option(help: "The Argo CD project the clusters belong to.")
    var project = ""

    @Flag(
        help:
            "Overwrite clusters already registered under the same names (keeping their labels, annotations and project unless new ones are given)."
    )
    var replace = false

    @Flag(help: "Skip contexts that cannot be resolved instead of adding none.")
    var skipInvalid = false

    func validate() throws {
        if allContexts, !contexts.isEmpty { throw ValidationError("name contexts or use --all-contexts, not both") }
        if name != nil, allContexts || contexts.count > 1 { throw ValidationError("--name needs exactly one context") }
        if let name, name.isEmpty || name.contains(where: { $0.isWhitespace || $0 == "/" }) {
            throw ValidationError("--name must be non-empty, without spaces or \"/\"")
        }
        _ = try MetadataArgument.parseAssignments(labels, kind: .label)
        _ = try MetadataArgument.parseAssignments(annotations, kind: .annotation)
    }

    func run() throws {
        let labelMap = try MetadataArgument.parseAssignments(labels, kind: .label)
        let annotationMap = try MetadataArgument.parseAssignments(annotations, kind: .annotation)
        let registrations: [ClusterRegistration]
        do {
            let config = try KubeConfigLoader.load(explicitPath: kubeconfig)
            registrations = try resolve(
                try contextNames(in: config), in: config, labels: labelMap, annotations: annotationMap)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
        guard !registrations.isEmpty else { throw CommandFailure("no context to register") }
        do {
            let outcomes = try RegistryAccess.openOrCreate().add(registrations, replace: replace)
            for outcome in outcomes {
                switch outcome {
                case .added(let name): Terminal.standardOutput.buffered("cluster/\(name) added\n")
                case .replaced(let name): Terminal.standardOutput.buffered("cluster/\(name) replaced\n")
                }
            }
            Terminal.standardOutput.flush()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
    }

    /// Every named context resolved; with --skip-invalid, the bad ones are reported and left out.
    private func resolve(
        _ names: [String], in config: KubeConfig, labels: [String: String], annotations: [String: String]
    ) throws -> [ClusterRegistration] {
        var registrations: [ClusterRegistration] = []
        for contextName in names {
            let context: ResolvedContext
            do {
                context = try config.resolve(context: contextName)
            } catch {
                guard skipInvalid else { throw error }
                Terminal.standardError.write(
                    "warning: skipping context \"\(contextName)\": \(error.localizedDescription)\n")
                continue
            }
            registrations.append(
                ClusterRegistration(
                    name: name ?? contextName, context: context, labels: labels, annotations: annotations,
                    project: project))
        }
        return registrations
    }

    private func contextNames(in config: KubeConfig) throws -> [String] {
        if allContexts {
            guard !config.contextNames.isEmpty else {
                throw CommandFailure(
                    "\(config.files.isEmpty ? "no kubeconfig file" : config.files.joined(separator: ":")): no contexts")
            }
            return config.contextNames
        }
        if !contexts.isEmpty { return contexts }
        guard let current = config.currentContext else { throw KubeConfigError.noCurrentContext(files: config.files) }
        return [current]
    }
}
