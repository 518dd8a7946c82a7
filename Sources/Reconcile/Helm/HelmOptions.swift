import FleetModel
import HelmNative

/// An Application source's `helm` block, as Argo CD reads it.
public struct HelmOptions: Sendable, Hashable {
    /// `valueFiles`: relative to the chart (or `$ref/…` of a `ref` source), in order.
    public var valueFiles: [String] = []
    /// `ignoreMissingValueFiles`: a value file that does not exist is skipped, not an error.
    public var ignoreMissingValueFiles = false
    /// `values` (a YAML string) or `valuesObject` (a map; it wins when both are set, as in Argo CD).
    public var values: JSONValue?
    /// `parameters`, `--set name=value` (`--set-string` with `forceString: true`).
    public var parameters: [HelmParameter] = []
    /// `fileParameters`: a value's path and the file (in the repository) whose contents it takes.
    public var fileParameters: [FileParameter] = []
    /// `releaseName`; the Application's name when unset.
    public var releaseName: String?
    /// `namespace`: `.Release.Namespace`; the destination's namespace when unset.
    public var namespace: String?
    /// `skipCrds`: leave the chart's `crds/` out.
    public var skipCrds = false
    /// `kubeVersion`: overrides the destination cluster's version in `.Capabilities`.
    public var kubeVersion: String?
    /// `apiVersions`: overrides the destination cluster's API versions in `.Capabilities`.
    public var apiVersions: [String]?

    /// The block as written: what identifies these options in a render cache.
    public var written: JSONValue = .null

    /// One `fileParameters` entry.
    public struct FileParameter: Sendable, Hashable {
        /// The value's path, `config.json`.
        public var name: String
        /// The file, relative to the chart.
        public var path: String

        /// A file parameter.
        public init(name: String, path: String) {
            self.name = name
            self.path = path
        }
    }

    /// No options: the chart's own values.
    public init() {}

    /// The `helm` block of `source` (a source object of an Application document); `where`
    /// names it in errors (`Application web: spec.source.helm`).
    public init(source: JSONValue?, where place: String) throws(ReconcileError) {
        guard let helm = source?["helm"], !helm.isNull else { return }
        guard case .object = helm else { throw ReconcileError("\(place): must be a map") }
        written = helm
        func field(_ name: String) -> JSONValue? {
            guard let value = helm[name], !value.isNull else { return nil }
            return value
        }
        func string(_ name: String) throws(ReconcileError) -> String? {
            guard let value = field(name) else { return nil }
            guard let text = value.stringValue else { throw ReconcileError("\(place).\(name): must be a string") }
            return text
        }
        func bool(_ name: String) throws(ReconcileError) -> Bool {
            guard let value = field(name) else { return false }
            guard let flag = value.boolValue else { throw ReconcileError("\(place).\(name): must be true or false") }
            return flag
        }
        func strings(_ name: String) throws(ReconcileError) -> [String]? {
            guard let value = field(name) else { return nil }
            guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
                throw ReconcileError("\(place).\(name): must be a list of strings")
            }
            return list.compactMap(\.stringValue)
        }
        func entries(_ name: String) throws(ReconcileError) -> [JSONValue] {
            guard let value = field(name) else { return [] }
            guard let list = value.arrayValue, list.allSatisfy({ $0.objectValue != nil }) else {
                throw ReconcileError("\(place).\(name): must be a list of maps")
            }
            return list
        }
        valueFiles = try strings("valueFiles") ?? []
        ignoreMissingValueFiles = try bool("ignoreMissingValueFiles")
        if let object = field("valuesObject") {
            guard case .object = object else { throw ReconcileError("\(place).valuesObject: must be a map") }
            values = object
        } else if let text = try string("values") {
            values = .string(text)
        }
        for (index, entry) in try entries("parameters").enumerated() {
            let at = "\(place).parameters[\(index)]"
            guard let name = entry["name"]?.stringValue, !name.isEmpty else {
                throw ReconcileError("\(at).name: is required")
            }
            let value = try Self.scalarText(entry["value"], at: "\(at).value")
            let forceString = entry["forceString"]?.boolValue ?? false
            parameters.append(HelmParameter(name: name, value: value, kind: forceString ? .string : .set))
        }
        for (index, entry) in try entries("fileParameters").enumerated() {
            let at = "\(place).fileParameters[\(index)]"
            guard let name = entry["name"]?.stringValue, !name.isEmpty else {
                throw ReconcileError("\(at).name: is required")
            }
            guard let path = entry["path"]?.stringValue, !path.isEmpty else {
                throw ReconcileError("\(at).path: is required")
            }
            fileParameters.append(FileParameter(name: name, path: path))
        }
        releaseName = try string("releaseName")
        namespace = try string("namespace")
        skipCrds = try bool("skipCrds")
        kubeVersion = try string("kubeVersion")
        apiVersions = try strings("apiVersions")
    }

    /// A parameter's value as text: Argo CD's field is a string, and YAML authors write `3` or `true` bare.
    private static func scalarText(_ value: JSONValue?, at place: String) throws(ReconcileError) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .int, .double, .bool: return value?.scalarText ?? ""
        default: throw ReconcileError("\(place): must be a string")
        }
    }
}
