import FleetModel
import HelmNative
import Reconcile
import Testing

/// Reading an Application source's `helm` block.
@Suite struct HelmOptionsTests {
    private let place = "Application web: spec.source.helm"

    @Test func everyFieldIsRead() throws {
        let options = try HelmOptions(
            source: [
                "helm": [
                    "valueFiles": ["a.yaml", "$values/b.yaml"], "ignoreMissingValueFiles": true,
                    "values": "x: 1", "valuesObject": ["y": 2],
                    "parameters": [
                        ["name": "replicas", "value": 3], ["name": "tag", "value": "1.0", "forceString": true],
                    ],
                    "fileParameters": [["name": "config", "path": "files/config.json"]],
                    "releaseName": "shop", "namespace": "store", "skipCrds": true, "kubeVersion": "1.30.0",
                    "apiVersions": ["example.com/v1"],
                ]
            ], where: place)
        #expect(options.valueFiles == ["a.yaml", "$values/b.yaml"])
        #expect(options.ignoreMissingValueFiles)
        #expect(options.values == ["y": 2])
        #expect(
            options.parameters == [
                HelmParameter(name: "replicas", value: "3", kind: .set),
                HelmParameter(name: "tag", value: "1.0", kind: .string),
            ])
        #expect(options.fileParameters == [HelmOptions.FileParameter(name: "config", path: "files/config.json")])
        #expect(options.releaseName == "shop" && options.namespace == "store" && options.skipCrds)
        #expect(options.kubeVersion == "1.30.0" && options.apiVersions == ["example.com/v1"])
    }

    @Test func noBlockIsTheChartsOwnValues() throws {
        #expect(try HelmOptions(source: ["repoURL": "x"], where: place) == HelmOptions())
    }

    static let wrongFields: [(JSONValue, String)] = [
        (["valueFiles": "a.yaml"], "Application web: spec.source.helm.valueFiles: must be a list of strings"),
        (["skipCrds": "yes"], "Application web: spec.source.helm.skipCrds: must be true or false"),
        (["parameters": [["value": "1"]]], "Application web: spec.source.helm.parameters[0].name: is required"),
        (["fileParameters": [["name": "a"]]], "Application web: spec.source.helm.fileParameters[0].path: is required"),
        (["valuesObject": "x: 1"], "Application web: spec.source.helm.valuesObject: must be a map"),
    ]

    @Test(arguments: wrongFields)
    func aWrongFieldIsNamed(_ helm: JSONValue, _ message: String) {
        #expect(throws: ReconcileError(message)) { try HelmOptions(source: ["helm": helm], where: place) }
    }
}
