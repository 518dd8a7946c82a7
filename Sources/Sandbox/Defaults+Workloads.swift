import FleetModel
import Foundation

extension Defaults {
    /// A Job's defaults, and the selector and labels the Job registry generates from its uid
    /// unless `manualSelector` is set.
    static func job(_ object: inout JSONValue) {
        object.setDefault(["spec", "parallelism"], 1)
        object.setDefault(["spec", "completions"], 1)
        object.setDefault(["spec", "backoffLimit"], 6)
        object.setDefault(["spec", "completionMode"], "NonIndexed")
        object.setDefault(["spec", "suspend"], false)
        object.setDefault(["spec", "podReplacementPolicy"], "TerminatingOrFailed")
        podTemplate(&object, ["spec", "template"], restartPolicy: nil)
        guard object.value(at: ["spec", "manualSelector"])?.boolValue != true,
            let uid = object.metadata("uid"), let name = object.metadata("name")
        else { return }
        object.setDefault(["spec", "manualSelector"], false)
        object.setDefault(["spec", "selector"], ["matchLabels": ["batch.kubernetes.io/controller-uid": uid]])
        let generated: [(String, JSONValue)] = [
            ("batch.kubernetes.io/controller-uid", uid), ("batch.kubernetes.io/job-name", name),
            ("controller-uid", uid), ("job-name", name),
        ]
        for path in [["metadata", "labels"], ["spec", "template", "metadata", "labels"]] {
            var labels = object.value(at: path)?.objectValue ?? JSONObject()
            for (key, value) in generated where labels[key] == nil { labels[key] = value }
            object.set(path, .object(labels))
        }
    }

    static func cronJob(_ object: inout JSONValue) {
        object.setDefault(["spec", "concurrencyPolicy"], "Allow")
        object.setDefault(["spec", "suspend"], false)
        object.setDefault(["spec", "successfulJobsHistoryLimit"], 3)
        object.setDefault(["spec", "failedJobsHistoryLimit"], 1)
        guard object.value(at: ["spec", "jobTemplate"]) != nil else { return }
        object.setDefault(["spec", "jobTemplate", "metadata"], .object(JSONObject()))
        if object.value(at: ["spec", "jobTemplate", "spec", "template"]) != nil {
            object.setDefault(["spec", "jobTemplate", "spec", "template", "metadata"], .object(JSONObject()))
        }
        podTemplate(&object, ["spec", "jobTemplate", "spec", "template"], restartPolicy: nil)
    }

    static func statefulSet(_ object: inout JSONValue) {
        object.setDefault(["spec", "replicas"], 1)
        object.setDefault(["spec", "podManagementPolicy"], "OrderedReady")
        object.setDefault(["spec", "revisionHistoryLimit"], 10)
        object.setDefault(["spec", "updateStrategy", "type"], "RollingUpdate")
        object.setDefault(["spec", "updateStrategy", "rollingUpdate", "partition"], 0)
        object.setDefault(
            ["spec", "persistentVolumeClaimRetentionPolicy"], ["whenDeleted": "Retain", "whenScaled": "Retain"])
        if var templates = object.value(at: ["spec", "volumeClaimTemplates"])?.arrayValue {
            for index in templates.indices {
                templates[index].setDefault(["kind"], "PersistentVolumeClaim")
                templates[index].setDefault(["apiVersion"], "v1")
                templates[index].setDefault(["spec", "volumeMode"], "Filesystem")
                templates[index].setDefault(["status", "phase"], "Pending")
            }
            object.set(["spec", "volumeClaimTemplates"], .array(templates))
        }
        podTemplate(&object, ["spec", "template"])
    }

    static func daemonSet(_ object: inout JSONValue) {
        object.setDefault(["spec", "revisionHistoryLimit"], 10)
        object.setDefault(["spec", "updateStrategy", "type"], "RollingUpdate")
        object.setDefault(["spec", "updateStrategy", "rollingUpdate", "maxSurge"], 0)
        object.setDefault(["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], 1)
        podTemplate(&object, ["spec", "template"])
    }

    /// `stringData` is write-only: merged into `data`, base64-encoded, and dropped.
    static func secretStringData(_ object: inout JSONValue) {
        guard let strings = object["stringData"]?.objectValue else { return }
        var data = object["data"]?.objectValue ?? JSONObject()
        for (key, value) in strings {
            data[key] = .string(Data((value.stringValue ?? value.scalarText).utf8).base64EncodedString())
        }
        object.set(["data"], .object(data))
        object.set(["stringData"], nil)
    }

    /// What the status of a new object of `kind` starts as, before any controller writes it;
    /// nil for kinds whose new objects carry none.
    static func initialStatus(of object: JSONValue, kind: String) -> JSONValue? {
        switch kind {
        case "Pod": podStatus(object)
        case "Deployment", "Job", "CronJob": [:]
        case "StatefulSet": ["replicas": 0, "availableReplicas": 0]
        case "ReplicaSet": ["replicas": 0]
        case "DaemonSet":
            ["currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0, "numberReady": 0]
        case "HorizontalPodAutoscaler": ["desiredReplicas": 0, "currentMetrics": .null]
        case "PersistentVolumeClaim": ["phase": "Pending"]
        case "Ingress": ["loadBalancer": [:]]
        default: nil
        }
    }
}
