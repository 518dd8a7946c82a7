import Testing

@testable import KubeClient

@Suite("Errors from Status bodies")
struct KubeErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let code: Int
        let body: String
        let headers: [String]
        let reason: KubeError.Reason
        let message: String
        var testDescription: String { "\(code) \(reason.rawValue)" }
    }

    static let cases: [Case] = [
        Case(
            code: 404,
            body:
                #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \"x\" not found","reason":"NotFound","details":{"name":"x","group":"apps","kind":"deployments"},"code":404}"#,
            headers: [], reason: .notFound, message: #"deployments.apps "x" not found"#),
        Case(
            code: 409,
            body: #"{"kind":"Status","message":"configmaps \"c\" already exists","reason":"AlreadyExists","code":409}"#,
            headers: [], reason: .alreadyExists, message: #"configmaps "c" already exists"#),
        Case(
            code: 401,
            body: #"{"kind":"Status","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#,
            headers: [], reason: .unauthorized, message: "Unauthorized"),
        Case(
            code: 429,
            body:
                #"{"kind":"Status","message":"Too many requests, please try again later.","reason":"TooManyRequests","code":429}"#,
            headers: ["Retry-After: 7"], reason: .tooManyRequests, message: "Too many requests, please try again later."
        ),
        Case(
            code: 504,
            body:
                #"{"kind":"Status","message":"the server was unable to return a response in the time allotted","reason":"Timeout","code":504}"#,
            headers: [], reason: .serverTimeout,
            message: "the server was unable to return a response in the time allotted"),
        Case(code: 404, body: "404 page not found\n", headers: [], reason: .notFound, message: "404 page not found"),
        Case(code: 502, body: "", headers: [], reason: .otherStatus, message: "the server answered HTTP 502"),
    ]

    @Test("a failed answer becomes a typed error naming the cluster", arguments: cases)
    func decodes(_ example: Case) {
        let headers = example.headers.map { line in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return (name: parts[0].lowercased(), value: parts[1])
        }
        let error = KubeError(
            response: KubeResponse(status: example.code, headers: headers, body: Array(example.body.utf8)),
            cluster: "prod")
        #expect(error.reason == example.reason)
        #expect(error.message == example.message)
        #expect(error.code == example.code)
        #expect(error.description.hasPrefix("cluster \"prod\": \(example.message)"))
    }

    @Test("Retry-After and Invalid causes are kept")
    func details() {
        let limited = KubeError(
            response: KubeResponse(status: 429, headers: [("retry-after", "7")], body: []), cluster: "c")
        #expect(limited.retryAfter == 7)
        #expect(limited.isTransient)
        #expect(
            limited.description == "cluster \"c\": the server answered HTTP 429 (the server asks to retry after 7s)")
        let body = #"""
            {"kind":"Status","message":"Deployment.apps \"web\" is invalid: spec.selector: Required value","reason":"Invalid",
             "details":{"name":"web","group":"apps","kind":"Deployment","causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.selector"}]},"code":422}
            """#
        let invalid = KubeError(response: KubeResponse(status: 422, body: Array(body.utf8)), cluster: "c")
        #expect(invalid.reason == .invalid)
        #expect(
            invalid.causes == [.init(reason: "FieldValueRequired", field: "spec.selector", message: "Required value")])
        #expect(!invalid.isTransient)
    }

    /// Bodies a real kube-apiserver 1.36 answered (shared/kube-api transcripts).
    static let refusals: [(code: Int, body: String, refuses: Bool, transient: Bool)] = [
        (
            500,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"failed to create typed patch object (/typo; apps/v1, Kind=Deployment): .spec.replicaz: field not declared in schema","code":500}"#,
            true, false
        ),
        (
            422,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Deployment.apps \"web\" is invalid: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable","reason":"Invalid","code":422}"#,
            true, false
        ),
        (
            400,
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"datta\"","reason":"BadRequest","code":400}"#,
            true, false
        ),
        (
            409,
            #"{"kind":"Status","message":"Operation cannot be fulfilled on configmaps \"cm\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","code":409}"#,
            false, false
        ),
        (
            500, #"{"kind":"Status","message":"etcdserver: request timed out","reason":"InternalError","code":500}"#,
            false, true
        ),
        (503, "", false, true),
        (429, "", false, true),
        (401, #"{"kind":"Status","message":"Unauthorized","reason":"Unauthorized","code":401}"#, false, false),
        (
            404,
            #"{"kind":"Status","message":"namespaces \"shop\" not found","reason":"NotFound","code":404}"#,
            false, false
        ),
    ]

    @Test("an answer that refuses the object is told apart from one worth retrying", arguments: refusals)
    func refusal(_ example: (code: Int, body: String, refuses: Bool, transient: Bool)) {
        let error = KubeError(
            response: KubeResponse(status: example.code, body: Array(example.body.utf8)), cluster: "c")
        #expect(error.refusesRequest == example.refuses)
        #expect(error.isTransient == example.transient)
    }

    @Test("an undeclared field is the user's mistake: Invalid, naming the field, not transient")
    func undeclaredField() {
        let body =
            #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"failed to create typed patch object (/typo; apps/v1, Kind=Deployment): .spec.replicaz: field not declared in schema","code":500}"#
        let error = KubeError(response: KubeResponse(status: 500, body: Array(body.utf8)), cluster: "c")
        #expect(error.reason == .invalid)
        #expect(error.message == ".spec.replicaz: field not declared in schema")
        #expect(!error.isTransient)
    }

    @Test("watch bodies are cut into lines, keeping a partial line for the next chunk")
    func lines() {
        var splitter = LineSplitter()
        #expect(splitter.append(Array("{\"a\":1}\n{\"b\"".utf8)) == [Array("{\"a\":1}".utf8)])
        #expect(splitter.append(Array(":2}\n\n".utf8)) == [Array("{\"b\":2}".utf8)])
        #expect(splitter.append([]) == [])
    }

    @Test("warnings are read from Warning: 299 headers")
    func warnings() {
        let response = KubeResponse(
            status: 201, headers: [("warning", #"299 - "unknown field \"spec.x\"""#), ("content-type", "x")])
        #expect(response.warnings == [#"unknown field "spec.x""#])
    }
}
