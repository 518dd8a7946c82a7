import ArgumentParser
import FleetModel
import Registry

/// `flotilla cluster list`.
struct ClusterListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List registered clusters.", aliases: ["ls"])

    @Option(
        name: [.customShort("l"), .customLong("selector")],
        help: ArgumentHelp(
            "A label selector, as kubectl takes it: env=prod,tier!=db,region in (eu,us),!canary.", valueName: "selector"
        ))
    var selector: String?

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("table, wide, json, yaml or name.", valueName: "format"))
    var output: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, wide, json, yaml, name
    }

    func validate() throws {
        if let selector {
            do {
                _ = try LabelSelector(parsing: selector)
            } catch {
                throw ValidationError(error.localizedDescription)
            }
        }
    }

    func run() throws {
        let records: [ClusterRecord]
        do {
            let labelSelector = try selector.map { text throws(FleetModelError) in try LabelSelector(parsing: text) }
            records = try RegistryAccess.openExisting()?.clusters(matching: labelSelector ?? .everything) ?? []
        } catch {
            throw CommandFailure(error)
        }
        switch output {
        case .table, .wide:
            guard !records.isEmpty else {
                Terminal.standardError.write("No clusters registered\(selector == nil ? "" : " match the selector").\n")
                return
            }
            Terminal.standardOutput.write(table(records, wide: output == .wide))
        case .json:
            Terminal.standardOutput.write(JSONWriter.pretty(ClusterDocument.list(records)))
        case .yaml:
            Terminal.standardOutput.write(YAMLWriter.document(ClusterDocument.list(records)))
        case .name:
            Terminal.standardOutput.write(records.map { "cluster/\($0.name)\n" }.joined())
        }
    }

    private func table(_ records: [ClusterRecord], wide: Bool) -> String {
        var headers = ["NAME", "SERVER", "CREDENTIAL", "LABELS"]
        if wide { headers += ["PROJECT", "NAMESPACE", "TLS", "CONTEXT"] }
        var table = TableWriter(headers: headers)
        for record in records {
            let labels = record.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            var row = [record.name, record.server, record.credential.kind, labels.isEmpty ? "<none>" : labels]
            if wide {
                let tls =
                    record.tls.insecureSkipTLSVerify
                    ? "insecure"
                    : (record.tls.hasCertificateAuthority ? "ca" : "system-roots")
                        + (record.tls.serverName.map { ",name=\($0)" } ?? "")
                row += [
                    record.project.isEmpty ? "<none>" : record.project, record.namespace ?? "<none>", tls,
                    record.source.context,
                ]
            }
            table.append(row)
        }
        return table.render()
    }
}
