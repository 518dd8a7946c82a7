import ArgumentParser
import CurlTransport
import FleetModel
import KubeClient
import Registry

/// `flotilla cluster check`: probes every selected cluster at once.
struct ClusterCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Probe registered clusters at once: reachable, authenticated, version, latency.",
        discussion: "Exits 1 when any selected cluster is unhealthy.")

    @Argument(help: "Clusters to check (all, or those the selector picks, when none are named).")
    var names: [String] = []

    @Option(
        name: [.customShort("l"), .customLong("selector")],
        help: ArgumentHelp("A label selector: env=prod,region in (eu,us).", valueName: "selector"))
    var selector: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("table or json.", valueName: "format"))
    var output: Format = .table

    @Option(help: ArgumentHelp("Seconds each cluster has to answer.", valueName: "seconds"))
    var timeout = 10

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    func validate() throws {
        if !names.isEmpty, selector != nil { throw ValidationError("name clusters or give a selector, not both") }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
        let targets: [(record: ClusterRecord, endpoint: ClusterEndpoint)]
        do {
            targets = try selectedEndpoints()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(error)
        }
        guard !targets.isEmpty else {
            throw CommandFailure(selector == nil ? "no clusters registered" : "no cluster matches the selector")
        }
        let results = await ClusterProbe.check(
            targets.map { KubeClient(transport: CurlTransport(endpoint: $0.endpoint)) })
        let rows = zip(targets.map(\.record), results).map { ($0, $1) }
        switch output {
        case .table: Terminal.standardOutput.write(table(rows))
        case .json: Terminal.standardOutput.write(JSONWriter.pretty(document(rows)))
        }
        if results.contains(where: { !$0.healthy }) { throw ExitCode(1) }
    }

    private func selectedEndpoints() throws -> [(record: ClusterRecord, endpoint: ClusterEndpoint)] {
        guard let registry = try RegistryAccess.openExisting() else { return [] }
        let records: [ClusterRecord]
        if names.isEmpty {
            let labelSelector = try selector.map { text throws(FleetModelError) in try LabelSelector(parsing: text) }
            records = try registry.clusters(matching: labelSelector ?? .everything)
        } else {
            records = try names.map { name throws(RegistryError) in try registry.cluster(named: name) }
        }
        let limit = Duration.seconds(timeout)
        return try records.map { record in
            let secrets = try registry.secrets(of: record.name)
            return (
                record,
                ClusterEndpoint(
                    name: record.name, server: record.server, certificateAuthority: secrets.certificateAuthority,
                    insecureSkipTLSVerify: record.tls.insecureSkipTLSVerify, tlsServerName: record.tls.serverName,
                    proxyURL: record.proxyURL, credential: secrets.credential, connectTimeout: min(limit, .seconds(5)),
                    requestTimeout: limit, execTimeout: limit)
            )
        }
    }

    private func status(_ health: ClusterHealth) -> String {
        health.healthy ? "Healthy" : health.error?.reason.rawValue ?? "Unhealthy"
    }

    private func message(_ health: ClusterHealth) -> String {
        guard let error = health.error else { return "" }
        return error.message + (error.hint.map { " (\($0))" } ?? "")
    }

    private func milliseconds(_ duration: Duration?) -> Int? {
        duration.map { Int(($0 / .milliseconds(1)).rounded()) }
    }

    private func table(_ rows: [(ClusterRecord, ClusterHealth)]) -> String {
        var table = TableWriter(headers: ["NAME", "SERVER", "STATUS", "VERSION", "LATENCY", "MESSAGE"])
        for (record, health) in rows {
            table.append([
                record.name, record.server, status(health), health.version ?? "-",
                milliseconds(health.latency).map { "\($0)ms" } ?? "-", message(health),
            ])
        }
        return table.render()
    }

    private func document(_ rows: [(ClusterRecord, ClusterHealth)]) -> JSONValue {
        let items = rows.map { record, health -> JSONValue in
            var item = JSONObject([
                ("name", .string(record.name)), ("server", .string(record.server)), ("healthy", .bool(health.healthy)),
                ("reachable", .bool(health.reachable)), ("authenticated", .bool(health.authenticated)),
                ("status", .string(status(health))),
            ])
            if let version = health.version { item["version"] = .string(version) }
            if let latency = milliseconds(health.latency) { item["latencyMilliseconds"] = .int(latency) }
            if let error = health.error {
                item["message"] = .string(message(health))
                if let code = error.code { item["code"] = .int(code) }
            }
            return .object(item)
        }
        return .object(
            JSONObject([
                ("apiVersion", "flotilla.dev/v1alpha1"), ("kind", "ClusterHealthList"), ("items", .array(items)),
            ]))
    }
}
