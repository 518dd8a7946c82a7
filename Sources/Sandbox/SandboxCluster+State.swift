import FleetModel
import Foundation

/// Saving a cluster to a file and starting it again from one (`flotilla sandbox --state DIR`):
/// its CA and server keys, tokens, objects and resource version, so kubeconfigs and
/// clients keep working across restarts.
extension SandboxCluster {
    /// The cluster's whole state as JSON (it holds private keys and tokens: keep it private).
    public func snapshot() -> Data {
        let objects: [JSONValue] = store.objects.sorted { $0.key < $1.key }.map { key, object in
            [
                "resource": .string(key.resource), "namespace": .string(key.namespace), "name": .string(key.name),
                "object": object,
            ]
        }
        let users: [JSONValue] = tokens.sorted { $0.key < $1.key }.map { token, user in
            [
                "token": .string(token), "name": .string(user.name),
                "groups": .array(user.groups.map(JSONValue.string)),
                "readOnly": .bool(user.readOnly),
            ]
        }
        let state: JSONValue = [
            "name": .string(name), "resourceVersion": .int(store.resourceVersion),
            "pki": [
                "caCertificate": .string(pki.caCertificatePEM), "caKey": .string(pki.caKeyPEM),
                "serverCertificate": .string(pki.serverCertificatePEM), "serverKey": .string(pki.serverKeyPEM),
            ],
            "tokens": .array(users), "objects": .array(objects),
        ]
        return Data(JSONWriter.compact(state).utf8)
    }

    /// A cluster as `snapshot()` saved it.
    public static func restoring(
        _ data: Data, options: SandboxOptions = SandboxOptions()
    ) async throws -> SandboxCluster {
        guard let state = try? JSONReader.parse(data),
            let name = state["name"]?.stringValue, let pki = state["pki"]
        else { throw SandboxError.damagedState }
        let restoredPKI = try SandboxPKI(
            caCertificatePEM: pki["caCertificate"]?.stringValue ?? "", caKeyPEM: pki["caKey"]?.stringValue ?? "",
            serverCertificatePEM: pki["serverCertificate"]?.stringValue ?? "",
            serverKeyPEM: pki["serverKey"]?.stringValue ?? "")
        let cluster = try SandboxCluster(name: name, options: options, pki: restoredPKI)
        var objects: [StoreKey: JSONValue] = [:]
        for entry in state["objects"]?.arrayValue ?? [] {
            guard let resource = entry["resource"]?.stringValue, let objectName = entry["name"]?.stringValue,
                let object = entry["object"]
            else { continue }
            objects[StoreKey(resource: resource, namespace: entry["namespace"]?.stringValue ?? "", name: objectName)] =
                object
        }
        await cluster.restore(
            objects: objects, resourceVersion: state["resourceVersion"]?.intValue ?? 1,
            tokens: state["tokens"]?.arrayValue ?? [])
        return cluster
    }

    private func restore(objects: [StoreKey: JSONValue], resourceVersion: Int, tokens: [JSONValue]) {
        store = ObjectStore(objects: objects, resourceVersion: resourceVersion)
        store.historyLimit = options.watchHistory
        for object in objects.values where object["kind"] == "CustomResourceDefinition" {
            catalog.register(crd: object)
        }
        for entry in tokens {
            guard let token = entry["token"]?.stringValue, let user = entry["name"]?.stringValue else { continue }
            self.tokens[token] = UserInfo(
                name: user, groups: entry["groups"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                readOnly: entry["readOnly"]?.boolValue ?? false)
        }
    }
}
