import FleetModel
import KubeClient
import Testing

@testable import KubeReplay

@Suite struct ResponseMatcherTests {
    private func response(_ status: Int, _ body: JSONValue, warning: String? = nil) throws -> TranscriptResponse {
        var json: JSONObject = ["status": .int(status), "body": body]
        if let warning { json["warning"] = .string(warning) }
        let step: JSONValue = [
            "note": "n", "request": ["method": "GET", "path": "/"], "response": .object(json),
        ]
        return try TranscriptStep(json: step, index: 0).response
    }

    private func actual(_ status: Int, _ body: String, warnings: [String] = []) -> KubeResponse {
        KubeResponse(
            status: status, headers: warnings.map { ("warning", "299 - \"\($0)\"") }, body: Array(body.utf8))
    }

    @Test func anIdenticalAnswerMatches() throws {
        var matcher = ResponseMatcher()
        let expected = try response(200, ["kind": "ConfigMap", "data": ["a": "1"], "n": 2])
        #expect(matcher.compare(expected, actual(200, #"{"n":2,"data":{"a":"1"},"kind":"ConfigMap"}"#)).isEmpty)
    }

    @Test func differencesNameTheirJSONPath() throws {
        var matcher = ResponseMatcher()
        let expected = try response(201, ["metadata": ["labels": ["app.kubernetes.io/name": "x"]], "items": [1, 2]])
        let found = matcher.compare(expected, actual(200, #"{"metadata":{"labels":{}},"items":[1,3,4],"extra":true}"#))
        #expect(
            found == [
                ReplayDifference(path: "status", expected: "201", actual: "200"),
                ReplayDifference(
                    path: #".metadata.labels["app.kubernetes.io/name"]"#, expected: #""x""#, actual: "<absent>"),
                ReplayDifference(path: ".items[1]", expected: "2", actual: "3"),
                ReplayDifference(path: ".items[2]", expected: "<absent>", actual: "4"),
                ReplayDifference(path: ".extra", expected: "<absent>", actual: "true"),
            ])
    }

    @Test func placeholdersBindOneToOne() throws {
        var matcher = ResponseMatcher()
        let first = try response(200, ["a": "<rv:1>", "b": "<rv:1>", "u": "<uid:1>"])
        #expect(matcher.compare(first, actual(200, #"{"a":"7","b":"7","u":"7"}"#)).isEmpty)
        let same = try response(200, ["a": "<rv:2>"])
        #expect(
            matcher.compare(same, actual(200, #"{"a":"7"}"#))
                == [
                    ReplayDifference(
                        path: ".a", expected: "<rv:2> (the value of <rv:1> before: a new value)", actual: "7")
                ])
        let changed = try response(200, ["a": "<rv:1>"])
        #expect(
            matcher.compare(changed, actual(200, #"{"a":"8"}"#))
                == [ReplayDifference(path: ".a", expected: "<rv:1> (bound to 7 before)", actual: "8")])
    }

    @Test(arguments: [
        ("<time>", "2026-01-02T03:04:05Z", true), ("<time>", "2026-01-02T03:04:05.123Z", false),
        ("<time>", "2026-01-02T03:04:05+01:00", false), ("<ip>", "10.96.0.1", true), ("<ip>", "fd00::1", true),
        ("<ip>", "web", false),
    ])
    func timesAndAddresses(placeholder: String, value: String, matches: Bool) throws {
        var matcher = ResponseMatcher()
        let found = matcher.compare(try response(200, ["v": .string(placeholder)]), actual(200, #"{"v":"\#(value)"}"#))
        #expect(found.isEmpty == matches)
    }

    @Test(arguments: [
        (
            "spec.clusterIPs[0]: Invalid value: [\"10.96.0.77\"]: may not change",
            "spec.clusterIPs[0]: Invalid value: [\"10.1.2.3\"]: other", true
        ),
        (
            "uid \"70b34ad4-f73e-49a5-b931-b61b37ac3d50\" rest", "uid \"0b6c1e6a-0000-4000-8000-000000000000\" else",
            true
        ),
        ("uid \"70b34ad4-f73e-49a5-b931-b61b37ac3d50\" rest", "name \"x\"", false),
        ("replicas: 1.5 apples", "replicas: 1.5 apples", true),
        ("replicas: 1.5 apples", "replicas: 1.5 pears", false),
    ])
    func rawUIDsAndAddressesInTextCompareUpToThem(expected: String, actual text: String, matches: Bool) {
        #expect(ResponseMatcher.textMatches(expected, text) == matches)
    }

    @Test func warningsAndPlainTextBodiesAreCompared() throws {
        var matcher = ResponseMatcher()
        let expected = try response(404, "404 page not found\n")
        #expect(matcher.compare(expected, actual(404, "404 page not found\n")).isEmpty)
        let warned = try response(200, [:], warning: "unknown field \"spec.x\"")
        #expect(matcher.compare(warned, actual(200, "{}", warnings: ["unknown field \"spec.x\""])).isEmpty)
        #expect(
            matcher.compare(warned, actual(200, "{}"))
                == [ReplayDifference(path: "warning", expected: "unknown field \"spec.x\"", actual: "<absent>")])
    }

    @Test func exceptionsCoverOnlyTheirStepsAndPaths() {
        let exception = ReplayException(scenario: "s", steps: [1], paths: [".status"], reason: "controller")
        let status = ReplayDifference(path: ".status.replicas", expected: "2", actual: "<absent>")
        let statusy = ReplayDifference(path: ".statusText", expected: "2", actual: "<absent>")
        #expect(exception.covers(status, scenario: "s", step: 1))
        #expect(!exception.covers(status, scenario: "s", step: 2))
        #expect(!exception.covers(status, scenario: "t", step: 1))
        #expect(!exception.covers(statusy, scenario: "s", step: 1))
    }
}
