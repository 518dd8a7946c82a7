import FleetModel
import Foundation
import HelmNative

/// The user's values for one render, read from the source tree: value files (relative to the
/// chart, or `$ref/…` in a `ref` source's tree), `values`/`valuesObject`, and parameters —
/// never a file outside its repository, never a remote URL.
struct HelmValueInputs: Equatable {
    /// YAML documents, lowest precedence first.
    var layers: [String] = []
    /// `--set`, `--set-string` and file parameters.
    var parameters: [HelmParameter] = []

    /// Reads the inputs `context` names for the chart at `chartPath` (relative to `root`).
    init(
        context: HelmSourceContext, root: String, chartPath: String, limits: RenderLimits
    ) throws(ReconcileError) {
        let options = context.options
        for (index, file) in options.valueFiles.enumerated() {
            let place = "\(context.place).valueFiles[\(index)] \"\(file)\""
            guard let path = try Self.resolve(file, context: context, root: root, chartPath: chartPath, place: place)
            else {
                if options.ignoreMissingValueFiles { continue }
                throw ReconcileError("\(place): the file does not exist (set ignoreMissingValueFiles to skip it)")
            }
            layers.append(try Self.read(path, place: place, limits: limits))
        }
        switch options.values {
        case .string(let text)?: layers.append(text)
        case let object?: layers.append(JSONWriter.compact(object))
        case nil: break
        }
        parameters = options.parameters
        for (index, parameter) in options.fileParameters.enumerated() {
            let place = "\(context.place).fileParameters[\(index)] \"\(parameter.path)\""
            guard
                let path = try Self.resolve(
                    parameter.path, context: context, root: root, chartPath: chartPath, place: place)
            else { throw ReconcileError("\(place): the file does not exist") }
            parameters.append(
                HelmParameter(
                    name: parameter.name, value: try Self.read(path, place: place, limits: limits), kind: .literal))
        }
    }

    /// The file `reference` names, or nil when it does not exist; throws when it would leave its tree.
    static func resolve(
        _ reference: String, context: HelmSourceContext, root: String, chartPath: String, place: String
    ) throws(ReconcileError) -> String? {
        if reference.contains("://") {
            throw ReconcileError("\(place): remote value files are not fetched; commit the file to a repository")
        }
        var tree = root
        var relative = chartPath + "/" + reference
        if reference.hasPrefix("$") {
            let name = String(reference.dropFirst().prefix { $0 != "/" })
            guard let referenced = context.references[name] else {
                let known = context.references.keys.sorted().map { "$\($0)" }.joined(separator: ", ")
                throw ReconcileError(
                    "\(place): no source has `ref: \(name)`" + (known.isEmpty ? "" : " (there are \(known))"))
            }
            tree = referenced
            relative = String(reference.dropFirst(name.count + 1))
        }
        let checked: String
        do {
            checked = try SourceRenderer.checkedPath(relative.hasPrefix("/") ? "." + relative : relative)
        } catch {
            throw ReconcileError("\(place): the path leaves its repository")
        }
        let path = tree + "/" + checked
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        if isFolder.boolValue { throw ReconcileError("\(place): is a folder, not a file") }
        // A link inside the tree may lead out of it.
        try TreeConfinement.check(path, within: tree, limits: RenderLimits())
        return path
    }

    private static func read(_ path: String, place: String, limits: RenderLimits) throws(ReconcileError) -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > limits.maxBytes {
            throw ReconcileError("\(place): larger than \(limits.maxBytes) bytes (--max-render-bytes)")
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ReconcileError("\(place): cannot be read as UTF-8 text")
        }
    }
}
