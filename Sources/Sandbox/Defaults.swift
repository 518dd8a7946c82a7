import FleetModel

/// The defaults a real API server fills in, so that a diff that does not
/// normalize them shows up in tests as the drift it would be on a real cluster.
enum Defaults {
    static func apply(to object: inout JSONValue, kind: String, cluster: SandboxCluster.Allocator?) {
        switch kind {
        case "Job":
            job(&object)
        case "CronJob":
            cronJob(&object)
        case "StatefulSet":
            statefulSet(&object)
        case "DaemonSet":
            daemonSet(&object)
        case "Pod":
            podSpec(&object, ["spec"], restartPolicy: "Always")
            pod(&object)
        case "PersistentVolumeClaim":
            object.setDefault(["spec", "volumeMode"], "Filesystem")
        case "HorizontalPodAutoscaler":
            object.setDefault(["spec", "minReplicas"], 1)
        case "Secret":
            object.setDefault(["type"], "Opaque")
            secretStringData(&object)
        default:
            break
        }
        switch kind {
        case "Namespace":
            if let name = object.metadata("name")?.stringValue {
                var labels = object.metadata("labels")?.objectValue ?? JSONObject()
                labels["kubernetes.io/metadata.name"] = .string(name)
                object.setMetadata("labels", .object(labels))
            }
            object.setDefault(["spec", "finalizers"], ["kubernetes"])
            object.setDefault(["status", "phase"], "Active")
        case "Deployment":
            object.setDefault(["spec", "replicas"], 1)
            object.setDefault(["spec", "strategy", "type"], "RollingUpdate")
            if object.value(at: ["spec", "strategy", "type"]) == "RollingUpdate" {
                object.setDefault(["spec", "strategy", "rollingUpdate", "maxSurge"], "25%")
                object.setDefault(["spec", "strategy", "rollingUpdate", "maxUnavailable"], "25%")
            }
            object.setDefault(["spec", "revisionHistoryLimit"], 10)
            object.setDefault(["spec", "progressDeadlineSeconds"], 600)
            podTemplate(&object, ["spec", "template"])
        case "ReplicaSet":
            object.setDefault(["spec", "replicas"], 1)
            podTemplate(&object, ["spec", "template"])
        case "Service":
            service(&object, cluster)
        case "CustomResourceDefinition":
            object.setDefault(["spec", "conversion", "strategy"], "None")
        default:
            break
        }
    }

    static func podTemplate(_ object: inout JSONValue, _ path: [String], restartPolicy: String? = "Always") {
        podSpec(&object, path + ["spec"], restartPolicy: restartPolicy)
    }

    static func podSpec(_ object: inout JSONValue, _ path: [String], restartPolicy: String?) {
        guard object.value(at: path) != nil else { return }
        if let restartPolicy { object.setDefault(path + ["restartPolicy"], .string(restartPolicy)) }
        object.setDefault(path + ["dnsPolicy"], "ClusterFirst")
        object.setDefault(path + ["schedulerName"], "default-scheduler")
        object.setDefault(path + ["terminationGracePeriodSeconds"], 30)
        object.setDefault(path + ["securityContext"], .object(JSONObject()))
        for list in ["containers", "initContainers"] {
            guard var containers = object.value(at: path + [list])?.arrayValue else { continue }
            for index in containers.indices { container(&containers[index]) }
            object.set(path + [list], .array(containers))
        }
        if var volumes = object.value(at: path + ["volumes"])?.arrayValue {
            for index in volumes.indices {
                for source in ["configMap", "secret", "projected", "downwardAPI"] where volumes[index][source] != nil {
                    volumes[index].setDefault([source, "defaultMode"], 420)
                }
            }
            object.set(path + ["volumes"], .array(volumes))
        }
    }

    private static func container(_ container: inout JSONValue) {
        container.setDefault(["resources"], .object(JSONObject()))
        container.setDefault(["terminationMessagePath"], "/dev/termination-log")
        container.setDefault(["terminationMessagePolicy"], "File")
        let image = container["image"]?.stringValue ?? ""
        let lastPart = image.split(separator: "/").last.map(String.init) ?? image
        let untagged = !lastPart.contains(":") && !image.contains("@")
        container.setDefault(["imagePullPolicy"], untagged || image.hasSuffix(":latest") ? "Always" : "IfNotPresent")
        if var ports = container["ports"]?.arrayValue {
            for index in ports.indices { ports[index].setDefault(["protocol"], "TCP") }
            container.set(["ports"], .array(ports))
        }
    }

    private static func service(_ object: inout JSONValue, _ allocator: SandboxCluster.Allocator?) {
        object.setDefault(["spec", "type"], "ClusterIP")
        let type = object.value(at: ["spec", "type"])?.stringValue ?? "ClusterIP"
        if type != "ExternalName" {
            if object.value(at: ["spec", "clusterIP"]) == nil, let allocator {
                object.set(["spec", "clusterIP"], .string(allocator.clusterIP()))
            }
            if let ip = object.value(at: ["spec", "clusterIP"]) { object.setDefault(["spec", "clusterIPs"], [ip]) }
            object.setDefault(["spec", "ipFamilies"], ["IPv4"])
            object.setDefault(["spec", "ipFamilyPolicy"], "SingleStack")
            object.setDefault(["spec", "internalTrafficPolicy"], "Cluster")
        }
        object.setDefault(["spec", "sessionAffinity"], "None")
        if type == "NodePort" || type == "LoadBalancer" {
            object.setDefault(["spec", "externalTrafficPolicy"], "Cluster")
        }
        if var ports = object.value(at: ["spec", "ports"])?.arrayValue {
            for index in ports.indices {
                ports[index].setDefault(["protocol"], "TCP")
                if let port = ports[index]["port"] { ports[index].setDefault(["targetPort"], port) }
                if type == "NodePort" || type == "LoadBalancer", ports[index]["nodePort"] == nil, let allocator {
                    ports[index].set(["nodePort"], .int(allocator.nodePort()))
                }
            }
            object.set(["spec", "ports"], .array(ports))
        }
        object.setDefault(["status", "loadBalancer"], .object(JSONObject()))
    }
}
