import ArgumentParser
import FleetModel

/// How `generate` prints Applications (`-o`).
enum ApplicationOutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// A multi-document YAML stream, one Application per document.
    case yaml
    /// One `v1` `List` holding the Applications, as `kubectl get -o json` prints several objects.
    case json
    /// `application.argoproj.io/NAME`, one per line, as `kubectl get -o name` prints.
    case name

    func write(_ applications: [Application], to terminal: Terminal) {
        switch self {
        case .yaml:
            for (index, application) in applications.enumerated() {
                terminal.buffered((index > 0 ? "---\n" : "") + YAMLWriter.document(application.document))
            }
        case .json:
            let list = JSONObject([
                ("apiVersion", "v1"), ("kind", "List"), ("items", .array(applications.map(\.document))),
            ])
            terminal.buffered(JSONWriter.pretty(.object(list)))
        case .name:
            for application in applications { terminal.buffered("application.argoproj.io/\(application.name)\n") }
        }
    }
}
