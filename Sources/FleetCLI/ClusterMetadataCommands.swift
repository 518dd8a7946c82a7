import ArgumentParser
import Registry

/// `flotilla cluster label NAME k=v k2- [--overwrite]`, as `kubectl label`.
struct ClusterLabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label", abstract: "Set (k=v) or remove (k-) labels of a cluster.")

    @OptionGroup var edit: MetadataEditOptions

    func validate() throws { try edit.validate(.label) }

    func run() throws { try edit.apply(.label) }
}

/// `flotilla cluster annotate NAME k=v k2- [--overwrite]`, as `kubectl annotate`.
struct ClusterAnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate", abstract: "Set (k=v) or remove (k-) annotations of a cluster.")

    @OptionGroup var edit: MetadataEditOptions

    func validate() throws { try edit.validate(.annotation) }

    func run() throws { try edit.apply(.annotation) }
}

/// The arguments `label` and `annotate` share, and what they do.
struct MetadataEditOptions: ParsableArguments {
    @Argument(help: "The cluster's name.")
    var name: String

    @Argument(help: ArgumentHelp("k=v to set, k- to remove.", valueName: "k=v|k-"))
    var changes: [String] = []

    @Flag(help: "Allow changing a key that already has a value.")
    var overwrite = false

    func validate(_ kind: MetadataArgument.Kind) throws {
        if changes.isEmpty { throw ValidationError("give at least one k=v or k-") }
        for change in changes { _ = try MetadataArgument.parse(change, kind: kind, allowRemoval: true) }
    }

    func apply(_ kind: MetadataArgument.Kind) throws {
        let edits = try changes.map { try MetadataArgument.parse($0, kind: kind, allowRemoval: true) }
        let overwrite = self.overwrite
        let missing = MissingKeys()
        do {
            guard let registry = try RegistryAccess.openExisting() else { throw RegistryError.notFound(name) }
            try registry.update(name, field: kind == .label ? .labels : .annotations) { values in
                for edit in edits {
                    switch edit {
                    case .set(let key, let value):
                        if let existing = values[key], existing != value, !overwrite {
                            throw CommandFailure("'\(key)' already has a value (\(existing)), and --overwrite is false")
                        }
                        values[key] = value
                    case .remove(let key):
                        if values.removeValue(forKey: key) == nil { missing.add(key) }
                    }
                }
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
        for key in missing.keys { Terminal.standardError.write("\(kind.rawValue) \"\(key)\" not found.\n") }
        Terminal.standardOutput.write("cluster/\(name) \(kind == .label ? "labeled" : "annotated")\n")
    }
}

/// Keys a removal did not find, gathered inside the registry's transaction.
private final class MissingKeys: @unchecked Sendable {
    private(set) var keys: [String] = []
    func add(_ key: String) { keys.append(key) }
}
