import FleetModel
import Foundation

/// Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), as
/// `kubectl get` asks for it: the columns a real server prints for common kinds, and
/// rows carrying `PartialObjectMetadata`.
enum TablePrinter {
    static func wantsTable(_ request: APIRequest) -> Bool {
        (request.headers["accept"] ?? "").contains("as=Table")
    }

    static func table(_ objects: [JSONValue], _ resource: APIResource, resourceVersion: Int) -> JSONValue {
        let columns = self.columns(resource.kind)
        let definitions: [JSONValue] = columns.map { column in
            [
                "name": .string(column.name), "type": column.name == "Name" ? "string" : "string",
                "format": column.name == "Name" ? "name" : "", "description": .string(column.name), "priority": 0,
            ]
        }
        let rows: [JSONValue] = objects.map { object in
            var metadata = object["metadata"]?.objectValue ?? JSONObject()
            metadata["managedFields"] = nil
            return [
                "cells": .array(columns.map { $0.cell(object) }),
                "object": [
                    "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
                ],
            ]
        }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "metadata": ["resourceVersion": .string(String(resourceVersion))],
            "columnDefinitions": .array(definitions), "rows": .array(rows),
        ]
    }

    private struct Column {
        let name: String
        let cell: (JSONValue) -> JSONValue
    }

    private static func columns(_ kind: String) -> [Column] {
        let name = Column(name: "Name") { $0.metadata("name") ?? "" }
        let age = Column(name: "Age") { .string(Self.age($0.metadata("creationTimestamp")?.stringValue)) }
        let number = { (path: [String]) in { (object: JSONValue) -> JSONValue in object.value(at: path) ?? 0 } }
        switch kind {
        case "Deployment":
            return [
                name,
                Column(name: "Ready") {
                    .string(
                        "\($0.value(at: ["status", "readyReplicas"])?.intValue ?? 0)/\($0.value(at: ["spec", "replicas"])?.intValue ?? 0)"
                    )
                },
                Column(name: "Up-to-date", cell: number(["status", "updatedReplicas"])),
                Column(name: "Available", cell: number(["status", "availableReplicas"])), age,
            ]
        case "Service":
            return [
                name, Column(name: "Type") { $0.value(at: ["spec", "type"]) ?? "" },
                Column(name: "Cluster-IP") { $0.value(at: ["spec", "clusterIP"]) ?? "<none>" },
                Column(name: "External-IP") {
                    .string(
                        $0.value(at: ["status", "loadBalancer", "ingress"])?.arrayValue?.compactMap {
                            $0["ip"]?.stringValue
                        }.joined(separator: ",").nonEmpty ?? "<none>")
                },
                Column(name: "Port(s)") { object in
                    .string(
                        (object.value(at: ["spec", "ports"])?.arrayValue ?? []).map {
                            "\($0["port"]?.scalarText ?? "")/\($0["protocol"]?.stringValue ?? "TCP")"
                        }.joined(separator: ","))
                }, age,
            ]
        case "Namespace":
            return [name, Column(name: "Status") { $0.value(at: ["status", "phase"]) ?? "" }, age]
        case "ConfigMap":
            return [
                name,
                Column(name: "Data") {
                    .int(($0["data"]?.objectValue?.count ?? 0) + ($0["binaryData"]?.objectValue?.count ?? 0))
                }, age,
            ]
        default:
            return [name, age]
        }
    }

    /// kubectl's short ages: `45s`, `3m12s`, `4h`, `2d`.
    static func age(_ timestamp: String?) -> String {
        guard let timestamp, let date = SandboxClock.date(timestamp) else { return "<unknown>" }
        let seconds = max(0, Int(Date().timeIntervalSince(date)))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<600: return "\(seconds / 60)m\(seconds % 60)s"
        case ..<(3 * 3600): return "\(seconds / 60)m"
        case ..<(48 * 3600): return "\(seconds / 3600)h"
        default: return "\(seconds / 86400)d"
        }
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
