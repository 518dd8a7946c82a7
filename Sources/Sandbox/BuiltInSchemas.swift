import FleetModel

/// The fields of the built-in kinds, for unknown-field detection (`fieldValidation`).
///
/// Every object level described here lists all of its fields from Kubernetes v1.30 on, alpha ones included (a field
/// missing here would reject real manifests); sub-objects that are large or rarely written by hand are `.anything`.
/// Scalars are not type-checked.
enum BuiltInSchemas {
    /// The schema of a built-in `kind`, nil for kinds it does not describe.
    static func schema(forKind kind: String) -> StructuralSchema? {
        switch kind {
        case "Namespace": namespace
        case "ConfigMap": configMap
        case "Secret": secret
        case "ServiceAccount": serviceAccount
        case "Service": service
        case "Endpoints": endpoints
        case "Pod": pod
        case "PersistentVolumeClaim": persistentVolumeClaim
        case "Deployment": deployment
        case "ReplicaSet": replicaSet
        case "StatefulSet": statefulSet
        case "DaemonSet": daemonSet
        case "Job": job
        case "CronJob": cronJob
        case "Ingress": ingress
        case "NetworkPolicy": networkPolicy
        case "HorizontalPodAutoscaler": horizontalPodAutoscaler
        case "PodDisruptionBudget": podDisruptionBudget
        case "Role": role
        case "ClusterRole": clusterRole
        case "RoleBinding", "ClusterRoleBinding": roleBinding
        case "CustomResourceDefinition": customResourceDefinition
        case "Lease": lease
        default: nil
        }
    }

    /// A top-level object: `apiVersion`, `kind`, `metadata` and `fields`.
    private static func topLevel(_ fields: [String: StructuralSchema]) -> StructuralSchema {
        var properties: [String: StructuralSchema] = [
            "apiVersion": .scalar,
            "kind": .scalar,
            "metadata": objectMeta,
        ]
        properties.merge(fields) { _, new in new }
        return .object(properties)
    }

    // MARK: - Shared pieces (meta/v1)

    private static let objectMeta = StructuralSchema.object([
        "name": .scalar,
        "generateName": .scalar,
        "namespace": .scalar,
        "selfLink": .scalar,
        "uid": .scalar,
        "resourceVersion": .scalar,
        "generation": .scalar,
        "creationTimestamp": .scalar,
        "deletionTimestamp": .scalar,
        "deletionGracePeriodSeconds": .scalar,
        "labels": .map(),
        "annotations": .map(),
        "ownerReferences": .list(.anything),
        "finalizers": .list(),
        "managedFields": .list(.anything),
    ])

    private static let labelSelector = StructuralSchema.object([
        "matchLabels": .map(),
        "matchExpressions": .list(
            .object([
                "key": .scalar,
                "operator": .scalar,
                "values": .list(),
            ])),
    ])

    // MARK: - Containers and pods (core/v1)

    private static let resourceRequirements = StructuralSchema.object([
        "limits": .map(),
        "requests": .map(),
        "claims": .list(.anything),
    ])

    private static let containerPort = StructuralSchema.object([
        "name": .scalar,
        "hostPort": .scalar,
        "containerPort": .scalar,
        "protocol": .scalar,
        "hostIP": .scalar,
    ])

    private static let envVar = StructuralSchema.object([
        "name": .scalar,
        "value": .scalar,
        "valueFrom": .anything,
    ])

    private static let envFromSource = StructuralSchema.object([
        "prefix": .scalar,
        "configMapRef": .object(["name": .scalar, "optional": .scalar]),
        "secretRef": .object(["name": .scalar, "optional": .scalar]),
    ])

    private static let volumeMount = StructuralSchema.object([
        "name": .scalar,
        "readOnly": .scalar,
        "recursiveReadOnly": .scalar,
        "mountPath": .scalar,
        "subPath": .scalar,
        "mountPropagation": .scalar,
        "subPathExpr": .scalar,
    ])

    private static let container = StructuralSchema.object([
        "name": .scalar,
        "image": .scalar,
        "command": .list(),
        "args": .list(),
        "workingDir": .scalar,
        "ports": .list(containerPort),
        "envFrom": .list(envFromSource),
        "env": .list(envVar),
        "resources": resourceRequirements,
        "resizePolicy": .list(.anything),
        "restartPolicy": .scalar,
        "restartPolicyRules": .list(.anything),
        "volumeMounts": .list(volumeMount),
        "volumeDevices": .list(.object(["name": .scalar, "devicePath": .scalar])),
        "livenessProbe": .anything,
        "readinessProbe": .anything,
        "startupProbe": .anything,
        "lifecycle": .anything,
        "terminationMessagePath": .scalar,
        "terminationMessagePolicy": .scalar,
        "imagePullPolicy": .scalar,
        "securityContext": .anything,
        "stdin": .scalar,
        "stdinOnce": .scalar,
        "tty": .scalar,
    ])

    private static let toleration = StructuralSchema.object([
        "key": .scalar,
        "operator": .scalar,
        "value": .scalar,
        "effect": .scalar,
        "tolerationSeconds": .scalar,
    ])

    private static let podDNSConfig = StructuralSchema.object([
        "nameservers": .list(),
        "searches": .list(),
        "options": .list(.object(["name": .scalar, "value": .scalar])),
    ])

    private static let podSpec = StructuralSchema.object([
        "volumes": .list(.anything),
        "initContainers": .list(container),
        "containers": .list(container),
        "ephemeralContainers": .list(.anything),
        "restartPolicy": .scalar,
        "terminationGracePeriodSeconds": .scalar,
        "activeDeadlineSeconds": .scalar,
        "dnsPolicy": .scalar,
        "nodeSelector": .map(),
        "serviceAccountName": .scalar,
        "serviceAccount": .scalar,
        "automountServiceAccountToken": .scalar,
        "nodeName": .scalar,
        "hostNetwork": .scalar,
        "hostPID": .scalar,
        "hostIPC": .scalar,
        "shareProcessNamespace": .scalar,
        "securityContext": .anything,
        "imagePullSecrets": .list(.object(["name": .scalar])),
        "hostname": .scalar,
        "subdomain": .scalar,
        "affinity": .anything,
        "schedulerName": .scalar,
        "tolerations": .list(toleration),
        "hostAliases": .list(.object(["ip": .scalar, "hostnames": .list()])),
        "priorityClassName": .scalar,
        "priority": .scalar,
        "dnsConfig": podDNSConfig,
        "readinessGates": .list(.object(["conditionType": .scalar])),
        "runtimeClassName": .scalar,
        "enableServiceLinks": .scalar,
        "preemptionPolicy": .scalar,
        "overhead": .map(),
        "topologySpreadConstraints": .list(.anything),
        "setHostnameAsFQDN": .scalar,
        "os": .object(["name": .scalar]),
        "hostUsers": .scalar,
        "schedulingGates": .list(.object(["name": .scalar])),
        "resourceClaims": .list(.anything),
        "resources": resourceRequirements,
        "hostnameOverride": .scalar,
        "workloadRef": .anything,
        "schedulingGroup": .anything,
    ])

    private static let podTemplateSpec = StructuralSchema.object([
        "metadata": objectMeta,
        "spec": podSpec,
    ])

    private static let persistentVolumeClaimSpec = StructuralSchema.object([
        "accessModes": .list(),
        "selector": labelSelector,
        "resources": .object(["limits": .map(), "requests": .map()]),
        "volumeName": .scalar,
        "storageClassName": .scalar,
        "volumeMode": .scalar,
        "dataSource": .anything,
        "dataSourceRef": .anything,
        "volumeAttributesClassName": .scalar,
    ])

    // MARK: - Core kinds

    private static let namespace = topLevel([
        "spec": .object(["finalizers": .list()]),
        "status": .anything,
    ])

    private static let configMap = topLevel([
        "data": .map(),
        "binaryData": .map(),
        "immutable": .scalar,
    ])

    private static let secret = topLevel([
        "data": .map(),
        "stringData": .map(),
        "type": .scalar,
        "immutable": .scalar,
    ])

    private static let serviceAccount = topLevel([
        "secrets": .list(.anything),
        "imagePullSecrets": .list(.object(["name": .scalar])),
        "automountServiceAccountToken": .scalar,
    ])

    private static let servicePort = StructuralSchema.object([
        "name": .scalar,
        "protocol": .scalar,
        "appProtocol": .scalar,
        "port": .scalar,
        "targetPort": .scalar,
        "nodePort": .scalar,
    ])

    private static let service = topLevel([
        "spec": .object([
            "ports": .list(servicePort),
            "selector": .map(),
            "clusterIP": .scalar,
            "clusterIPs": .list(),
            "type": .scalar,
            "externalIPs": .list(),
            "sessionAffinity": .scalar,
            "loadBalancerIP": .scalar,
            "loadBalancerSourceRanges": .list(),
            "externalName": .scalar,
            "externalTrafficPolicy": .scalar,
            "healthCheckNodePort": .scalar,
            "publishNotReadyAddresses": .scalar,
            "sessionAffinityConfig": .anything,
            "ipFamilies": .list(),
            "ipFamilyPolicy": .scalar,
            "allocateLoadBalancerNodePorts": .scalar,
            "loadBalancerClass": .scalar,
            "internalTrafficPolicy": .scalar,
            "trafficDistribution": .scalar,
        ]),
        "status": .anything,
    ])

    private static let endpoints = topLevel([
        "subsets": .list(.anything)
    ])

    private static let pod = topLevel([
        "spec": podSpec,
        "status": .anything,
    ])

    private static let persistentVolumeClaim = topLevel([
        "spec": persistentVolumeClaimSpec,
        "status": .anything,
    ])

    // MARK: - Workloads (apps/v1, batch/v1)

    private static let deployment = topLevel([
        "spec": .object([
            "replicas": .scalar,
            "selector": labelSelector,
            "template": podTemplateSpec,
            "strategy": .object([
                "type": .scalar,
                "rollingUpdate": .object(["maxUnavailable": .scalar, "maxSurge": .scalar]),
            ]),
            "minReadySeconds": .scalar,
            "revisionHistoryLimit": .scalar,
            "paused": .scalar,
            "progressDeadlineSeconds": .scalar,
        ]),
        "status": .anything,
    ])

    private static let replicaSet = topLevel([
        "spec": .object([
            "replicas": .scalar,
            "minReadySeconds": .scalar,
            "selector": labelSelector,
            "template": podTemplateSpec,
        ]),
        "status": .anything,
    ])

    private static let statefulSet = topLevel([
        "spec": .object([
            "replicas": .scalar,
            "selector": labelSelector,
            "template": podTemplateSpec,
            "volumeClaimTemplates": .list(persistentVolumeClaim),
            "serviceName": .scalar,
            "podManagementPolicy": .scalar,
            "updateStrategy": .object([
                "type": .scalar,
                "rollingUpdate": .object(["partition": .scalar, "maxUnavailable": .scalar]),
            ]),
            "revisionHistoryLimit": .scalar,
            "minReadySeconds": .scalar,
            "persistentVolumeClaimRetentionPolicy": .object(["whenDeleted": .scalar, "whenScaled": .scalar]),
            "ordinals": .object(["start": .scalar]),
        ]),
        "status": .anything,
    ])

    private static let daemonSet = topLevel([
        "spec": .object([
            "selector": labelSelector,
            "template": podTemplateSpec,
            "updateStrategy": .object([
                "type": .scalar,
                "rollingUpdate": .object(["maxUnavailable": .scalar, "maxSurge": .scalar]),
            ]),
            "minReadySeconds": .scalar,
            "revisionHistoryLimit": .scalar,
        ]),
        "status": .anything,
    ])

    private static let jobSpec = StructuralSchema.object([
        "parallelism": .scalar,
        "completions": .scalar,
        "activeDeadlineSeconds": .scalar,
        "podFailurePolicy": .anything,
        "successPolicy": .anything,
        "backoffLimit": .scalar,
        "backoffLimitPerIndex": .scalar,
        "maxFailedIndexes": .scalar,
        "selector": labelSelector,
        "manualSelector": .scalar,
        "template": podTemplateSpec,
        "ttlSecondsAfterFinished": .scalar,
        "completionMode": .scalar,
        "suspend": .scalar,
        "podReplacementPolicy": .scalar,
        "managedBy": .scalar,
        "scheduling": .anything,
    ])

    private static let job = topLevel([
        "spec": jobSpec,
        "status": .anything,
    ])

    private static let cronJob = topLevel([
        "spec": .object([
            "schedule": .scalar,
            "timeZone": .scalar,
            "startingDeadlineSeconds": .scalar,
            "concurrencyPolicy": .scalar,
            "suspend": .scalar,
            "jobTemplate": .object(["metadata": objectMeta, "spec": jobSpec]),
            "successfulJobsHistoryLimit": .scalar,
            "failedJobsHistoryLimit": .scalar,
        ]),
        "status": .anything,
    ])

    private static let podDisruptionBudget = topLevel([
        "spec": .object([
            "minAvailable": .scalar,
            "selector": labelSelector,
            "maxUnavailable": .scalar,
            "unhealthyPodEvictionPolicy": .scalar,
        ]),
        "status": .anything,
    ])

    private static let horizontalPodAutoscaler = topLevel([
        "spec": .object([
            "scaleTargetRef": .object(["apiVersion": .scalar, "kind": .scalar, "name": .scalar]),
            "minReplicas": .scalar,
            "maxReplicas": .scalar,
            "metrics": .list(.anything),
            "behavior": .anything,
        ]),
        "status": .anything,
    ])

    // MARK: - Networking (networking.k8s.io/v1)

    private static let ingressBackend = StructuralSchema.object([
        "service": .object([
            "name": .scalar,
            "port": .object(["name": .scalar, "number": .scalar]),
        ]),
        "resource": .object(["apiGroup": .scalar, "kind": .scalar, "name": .scalar]),
    ])

    private static let ingress = topLevel([
        "spec": .object([
            "ingressClassName": .scalar,
            "defaultBackend": ingressBackend,
            "tls": .list(.object(["hosts": .list(), "secretName": .scalar])),
            "rules": .list(
                .object([
                    "host": .scalar,
                    "http": .object([
                        "paths": .list(
                            .object([
                                "path": .scalar,
                                "pathType": .scalar,
                                "backend": ingressBackend,
                            ]))
                    ]),
                ])),
        ]),
        "status": .anything,
    ])

    private static let networkPolicyPeer = StructuralSchema.object([
        "podSelector": labelSelector,
        "namespaceSelector": labelSelector,
        "ipBlock": .object(["cidr": .scalar, "except": .list()]),
    ])

    private static let networkPolicyPort = StructuralSchema.object([
        "protocol": .scalar,
        "port": .scalar,
        "endPort": .scalar,
    ])

    private static let networkPolicy = topLevel([
        "spec": .object([
            "podSelector": labelSelector,
            "ingress": .list(.object(["ports": .list(networkPolicyPort), "from": .list(networkPolicyPeer)])),
            "egress": .list(.object(["ports": .list(networkPolicyPort), "to": .list(networkPolicyPeer)])),
            "policyTypes": .list(),
        ]),
        "status": .anything,
    ])

    // MARK: - RBAC (rbac.authorization.k8s.io/v1)

    private static let policyRule = StructuralSchema.object([
        "apiGroups": .list(),
        "resources": .list(),
        "verbs": .list(),
        "resourceNames": .list(),
        "nonResourceURLs": .list(),
    ])

    private static let role = topLevel([
        "rules": .list(policyRule)
    ])

    private static let clusterRole = topLevel([
        "rules": .list(policyRule),
        "aggregationRule": .object(["clusterRoleSelectors": .list(labelSelector)]),
    ])

    private static let roleBinding = topLevel([
        "subjects": .list(
            .object([
                "kind": .scalar,
                "apiGroup": .scalar,
                "name": .scalar,
                "namespace": .scalar,
            ])),
        "roleRef": .object(["apiGroup": .scalar, "kind": .scalar, "name": .scalar]),
    ])

    // MARK: - Others

    private static let customResourceDefinition = topLevel([
        "spec": .object([
            "group": .scalar,
            "names": .object([
                "plural": .scalar,
                "singular": .scalar,
                "shortNames": .list(),
                "kind": .scalar,
                "listKind": .scalar,
                "categories": .list(),
            ]),
            "scope": .scalar,
            "versions": .list(.anything),
            "conversion": .anything,
            "preserveUnknownFields": .scalar,
        ]),
        "status": .anything,
    ])

    private static let lease = topLevel([
        "spec": .object([
            "holderIdentity": .scalar,
            "leaseDurationSeconds": .scalar,
            "acquireTime": .scalar,
            "renewTime": .scalar,
            "leaseTransitions": .scalar,
            "strategy": .scalar,
            "preferredHolder": .scalar,
        ])
    ])
}
