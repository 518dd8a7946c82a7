import FleetModel
import Testing

@testable import Generators

@Suite("<<param>> templates")
struct TemplateTests {
    static let params = ParamSet(
        JSONObject(
            [
                ("env", "prod"),
                ("replicas", 3),
                ("enabled", true),
                ("ratio", 0.5),
                ("policy", ["automated": ["prune": true]]),
                ("regions", ["eu", "us"]),
                ("evil", "<<env>>"),
                ("nothing", .null),
                ("metadata", ["labels": ["app.kubernetes.io/name": "web", "tier": "front"]]),
                ("a.b", "flat"),
            ] as [(String, JSONValue)]))

    private func render(_ yaml: String, missing: ApplicationSet.MissingParams = .error) throws -> JSONValue {
        let document = try #require(try YAMLLoader.load(yaml, file: "t.yaml").first)
        return try CompiledTemplate(compiling: document.reader).render(Self.params, missingParams: missing)
    }

    @Test(
        "placeholders substitute as the design says",
        arguments: [
            ("v: '<<env>>'", JSONValue.string("prod")),
            ("v: '<< env >>'", "prod"),
            ("v: '<<\tenv  >>'", "prod"),
            ("v: 'app-<<env>>-<<replicas>>'", "app-prod-3"),
            ("v: '<<replicas>>'", 3),
            ("v: '<<enabled>>'", true),
            ("v: '<<ratio>>'", 0.5),
            ("v: 'x<<enabled>>'", "xtrue"),
            ("v: '<<policy>>'", ["automated": ["prune": true]]),
            ("v: '<<regions>>'", ["eu", "us"]),
            ("v: '<<nothing>>'", .null),
            ("v: 'n=<<nothing>>'", "n="),
            ("v: '<<evil>>'", "<<env>>"),
            ("v: 'x-<<evil>>'", "x-<<env>>"),
            ("v: '<<metadata.labels.app.kubernetes.io/name>>'", "web"),
            ("v: '<<metadata.labels.tier>>'", "front"),
            ("v: '<<a.b>>'", "flat"),
            ("v: 'a >> b'", "a >> b"),
            ("v: [1, '<<env>>', {k: '<<replicas>>'}]", [1, "prod", ["k": 3]]),
        ] as [(String, JSONValue)])
    func substitution(yaml: String, expected: JSONValue) throws {
        #expect(try render(yaml)["v"] == expected)
    }

    @Test("keys are templated too, as text")
    func keys() throws {
        let value = try render("'<<env>>-key': 1\n'n<<replicas>>': '<<env>>'\nplain: 2\n")
        #expect(value.objectValue?.keys == ["prod-key", "n3", "plain"])
        #expect(value["n3"] == "prod")
    }

    @Test("an unknown param is an error naming file, line, placeholder and the params there were")
    func unknownParam() throws {
        do {
            _ = try render("a: 1\nspec:\n  name: 'web-<< evn >>'\n")
            Issue.record("rendered")
        } catch {
            let text = error.localizedDescription
            #expect(text.hasPrefix("t.yaml:3:9: spec.name: unknown param << evn >>"), "\(text)")
            #expect(text.contains("available params: env, replicas, enabled"), "\(text)")
            #expect(text.contains("metadata.labels.app.kubernetes.io/name"), "\(text)")
        }
    }

    @Test("missingParams: keep leaves unknown placeholders exactly as written")
    func keep() throws {
        let value = try render("v: '<< evn >>-<<env>>'\nw: '<<gone>>'\n", missing: .keep)
        #expect(value == ["v": "<< evn >>-prod", "w": "<<gone>>"])
    }

    @Test(
        "text that is not a well-formed placeholder stays as written",
        arguments: [
            ("x: 1\nv: 'web-<<env'\n", JSONValue.string("web-<<env")),
            ("v: 'a <<b <<env>>'\n", "a <<b prod"),
            ("v: '<<>>'\n", "<<>>"),
            ("v: '<<   >>'\n", "<<   >>"),
            ("v: '>> <<'\n", ">> <<"),
            ("v: '<< >> <<env>>'\n", "<< >> prod"),
            ("v: '<<<env>>>'\n", "<prod>"),
            ("v: '<<env name>>'\n", "<<env name>>"),
            ("v: \"cat <<EOF\\necho <<env>>\\nEOF\"\n", "cat <<EOF\necho prod\nEOF"),
            ("v: |\n  cat <<EOF > /etc/app.conf\n  mode=fast\n  EOF\n", "cat <<EOF > /etc/app.conf\nmode=fast\nEOF\n"),
        ] as [(String, JSONValue)])
    func notPlaceholders(yaml: String, expected: JSONValue) throws {
        #expect(try render(yaml)["v"] == expected)
    }

    @Test("a key that is not a well-formed placeholder stays as written")
    func literalKey() throws {
        #expect(try render("'<<env': 1\n").objectValue?.keys == ["<<env"])
    }

    @Test(
        "malformed templates are errors at the string's line",
        arguments: [
            ("v: 'x-<<regions>>'\n", "t.yaml:1:4", "param <<regions>> is a list")
        ])
    func malformed(yaml: String, location: String, message: String) throws {
        do {
            _ = try render(yaml)
            Issue.record("rendered")
        } catch {
            #expect(error.localizedDescription.hasPrefix(location), "\(error.localizedDescription)")
            #expect(error.localizedDescription.contains(message), "\(error.localizedDescription)")
        }
    }

    @Test("a template merged with an override keeps the base's other keys")
    func merging() throws {
        let base = try #require(try YAMLLoader.load("m: {a: 1, b: '<<env>>'}\nl: [1, 2]\n", file: "b.yaml").first)
        let over = try #require(try YAMLLoader.load("m: {b: 2, c: 3}\nl: [9]\n", file: "o.yaml").first)
        let merged = CompiledTemplate(compiling: base.reader).merging(CompiledTemplate(compiling: over.reader))
        #expect(try merged.render(Self.params, missingParams: .error) == ["m": ["a": 1, "b": 2, "c": 3], "l": [9]])
    }
}
