import FleetModel
import FleetTesting
import Testing

@Suite("YAML and JSON writing")
struct WriterTests {
    static let trickyStrings: [String] = [
        "", "plain", "true", "yes", "y", "N", "null", "~", "3", "-3", "0x1F", "0b101", "0o17", "1_000", "3e", "6h30m",
        "1.5", "1e3", "1.2.3", "10s",
        "2026-01-02", "12:30", "nginx:1.25", "a: b", "a #b", "#comment", "- item", "-flag", "*star", "&amp", "!tag",
        "'quoted'", "\"double\"", "{curly}", "[square]", "<<", "<<env>>", " leading", "trailing ", "tab\there",
        "line1\nline2", "line1\nline2\n", "line1\n\n", "ünïcödé", "emoji 🚢", "back\\slash", "ctrl\u{01}char",
        "%percent", "@at", "`tick", "=", "key=value", "a,b", "C:\\path", "https://example.com/x?y=1#frag",
    ]

    @Test("every string survives a YAML round trip unchanged", arguments: trickyStrings)
    func yamlRoundTrip(text: String) throws {
        let key = text.isEmpty ? "empty" : text
        let value: JSONValue = .object(JSONObject([("k", .string(text)), (key, .int(1))]))
        let written = YAMLWriter.document(value)
        let read = try YAMLLoader.load(written, file: "round.yaml").first?.value
        #expect(read == value, "written as:\n\(written)")
    }

    @Test("numbers, booleans, nulls and empty collections round-trip with their types")
    func typedRoundTrip() throws {
        let value: JSONValue = [
            "int": 3, "negative": -7, "double": 2.5, "whole": 3.0, "flag": false, "nothing": .null,
            "emptyList": [], "emptyMap": [:], "nested": ["list": [1, "two", ["three": 3]], "deep": [[1, 2], []]],
        ]
        let read = try YAMLLoader.load(YAMLWriter.document(value), file: "t.yaml").first?.value
        #expect(read == value)
    }

    @Test("YAML output has kubectl's shape")
    func yamlGolden() {
        let value: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "web", "labels": ["app": "web"]],
            "data": ["script": "echo hi\nexit 0\n", "port": "8080", "items": "a"],
            "list": [["name": "x", "value": 1], "scalar", [], [:], ["nested", "list"]],
        ]
        let mismatch = Golden.mismatch(
            YAMLWriter.document(value), goldenAt: Fixtures.folder() + "/writer/configmap.yaml")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("JSON output keeps key order and escapes what JSON requires")
    func json() {
        let value: JSONValue = ["z": "quote\" back\\ nl\n tab\t ctl\u{01}", "a": [1, 2.5, true, .null], "m": [:]]
        #expect(
            JSONWriter.compact(value) == #"{"z":"quote\" back\\ nl\n tab\t ctl\u0001","a":[1,2.5,true,null],"m":{}}"#)
        #expect(JSONWriter.pretty(["a": [1]]) == "{\n    \"a\": [\n        1\n    ]\n}\n")
    }

    @Test("a stream separates documents with ---")
    func stream() {
        #expect(YAMLWriter.stream([["a": 1], ["b": 2]]) == "a: 1\n---\nb: 2\n")
    }
}
