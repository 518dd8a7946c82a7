import FleetModel

extension Defaults {
    /// A Pod's defaults and what the admission plugins a default server runs add: the
    /// service account and its token volume, the not-ready/unreachable tolerations, priority.
    static func pod(_ object: inout JSONValue) {
        object.setDefault(["spec", "serviceAccountName"], "default")
        object.setDefault(["spec", "serviceAccount"], object.value(at: ["spec", "serviceAccountName"]) ?? "default")
        object.setDefault(["spec", "enableServiceLinks"], true)
        object.setDefault(["spec", "priority"], 0)
        object.setDefault(["spec", "preemptionPolicy"], "PreemptLowerPriority")
        var tolerations = object.value(at: ["spec", "tolerations"])?.arrayValue ?? []
        for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]
        where !tolerations.contains(where: { $0["key"]?.stringValue == key }) {
            tolerations.append([
                "key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300,
            ])
        }
        object.set(["spec", "tolerations"], .array(tolerations))
        serviceAccountToken(&object)
    }

    /// A new Pod's status: `Pending`, with the QoS class its containers' resources give it.
    static func podStatus(_ object: JSONValue) -> JSONValue {
        let containers = object.value(at: ["spec", "containers"])?.arrayValue ?? []
        let resources = containers.map { $0["resources"]?.objectValue ?? JSONObject() }
        let bestEffort = resources.allSatisfy { $0["requests"] == nil && $0["limits"] == nil }
        let guaranteed = resources.allSatisfy {
            $0["limits"] != nil && ($0["requests"] == nil || $0["requests"] == $0["limits"])
        }
        let qosClass = bestEffort ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable"
        return ["phase": "Pending", "qosClass": .string(qosClass)]
    }

    /// The ServiceAccount admission plugin's projected token volume, mounted in every container.
    private static func serviceAccountToken(_ object: inout JSONValue) {
        guard object.value(at: ["spec", "automountServiceAccountToken"])?.boolValue != false else { return }
        var volumes = object.value(at: ["spec", "volumes"])?.arrayValue ?? []
        guard !volumes.contains(where: { ($0["name"]?.stringValue ?? "").hasPrefix("kube-api-access-") }) else {
            return
        }
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        let name = "kube-api-access-" + String((0..<5).map { _ in alphabet.randomElement() ?? "x" })
        volumes.append([
            "name": .string(name),
            "projected": [
                "sources": [
                    ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                    ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
                    [
                        "downwardAPI": [
                            "items": [
                                [
                                    "path": "namespace",
                                    "fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"],
                                ]
                            ]
                        ]
                    ],
                ],
                "defaultMode": 420,
            ],
        ])
        object.set(["spec", "volumes"], .array(volumes))
        let mount: JSONValue = [
            "name": .string(name), "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
        ]
        guard var containers = object.value(at: ["spec", "containers"])?.arrayValue else { return }
        for index in containers.indices {
            var mounts = containers[index]["volumeMounts"]?.arrayValue ?? []
            mounts.append(mount)
            containers[index].set(["volumeMounts"], .array(mounts))
        }
        object.set(["spec", "containers"], .array(containers))
    }
}
