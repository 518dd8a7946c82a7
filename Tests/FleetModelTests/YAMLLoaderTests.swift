import FleetModel
import Testing

@Suite("YAML loading")
struct YAMLLoaderTests {
    @Test(
        "plain scalars are typed as kubectl reads them; quoted scalars stay strings",
        arguments: [
            ("a: 3", JSONValue.int(3)),
            ("a: -12", .int(-12)),
            ("a: 0x1F", .int(31)),
            ("a: 1.5", .double(1.5)),
            ("a: 1e3", .double(1000)),
            ("a: true", .bool(true)),
            ("a: yes", .bool(true)),
            ("a: Off", .bool(false)),
            ("a: null", .null),
            ("a: ~", .null),
            ("a:", .null),
            ("a: '3'", .string("3")),
            ("a: \"true\"", .string("true")),
            ("a: 1.2.3", .string("1.2.3")),
            ("a: 2026-01-02", .string("2026-01-02")),
            ("a: nginx:1.25", .string("nginx:1.25")),
            ("a: 10s", .string("10s")),
            ("a: !!str 42", .string("42")),
            ("a: <<env>>", .string("<<env>>")),
        ])
    func scalarTyping(yaml: String, expected: JSONValue) throws {
        let documents = try YAMLLoader.load(yaml, file: "t.yaml")
        #expect(documents.first?.value["a"] == expected)
    }

    @Test("map keys keep the author's order")
    func keyOrder() throws {
        let documents = try YAMLLoader.load("zeta: 1\nalpha: 2\nmid: 3\n", file: "t.yaml")
        #expect(documents[0].value.objectValue?.keys == ["zeta", "alpha", "mid"])
    }

    @Test("a stream yields every non-empty document, with its index and start line")
    func multiDocument() throws {
        let text = "---\na: 1\n---\n---\nb: 2\n...\n---\nc: 3\n"
        let documents = try YAMLLoader.load(text, file: "f.yaml")
        #expect(documents.map(\.index) == [0, 1, 2])
        #expect(documents.map { $0.value.objectValue?.keys.first } == ["a", "b", "c"])
        #expect(documents[1].location.line == 5)
    }

    @Test("every value's line and column are recorded")
    func sourceMap() throws {
        let text = "spec:\n  generators:\n  - list:\n      elements: []\n"
        let document = try #require(try YAMLLoader.load(text, file: "f.yaml").first)
        let path = JSONPath.root.appending("spec").appending("generators").appending(0).appending("list")
        #expect(document.sourceMap.location(of: path).description == "f.yaml:4:7")
        let missing = path.appending("nothing")
        #expect(document.sourceMap.location(of: missing).description == "f.yaml:4:7")
    }

    @Test("anchors, aliases and merge keys resolve; explicit keys win over merged ones")
    func mergeKeys() throws {
        let text = """
            base: &base {a: 1, b: 2}
            other: &other {c: 3}
            child:
              <<: [*base, *other]
              b: 20
            copy: *base
            """
        let value = try #require(try YAMLLoader.load(text, file: "m.yaml").first).value
        #expect(value["child"] == ["a": 1, "b": 20, "c": 3])
        #expect(value["copy"] == ["a": 1, "b": 2])
    }

    @Test(
        "malformed YAML is an error naming file, line and column",
        arguments: [
            ("a: [1, 2\nb: 3\n", "bad.yaml:2:2"),
            ("a: b: c\n", "bad.yaml:1:5"),
            ("a:\n  - 1\n b: 2\n", "bad.yaml:3:2"),
            ("a: 1\na: 2\n", "bad.yaml:"),
            ("a: *nothing\n", "bad.yaml:1:4"),
        ])
    func malformed(yaml: String, location: String) {
        do {
            _ = try YAMLLoader.load(yaml, file: "bad.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.hasPrefix(location), "\(error.localizedDescription)")
            #expect(error.localizedDescription.contains("invalid YAML"))
        }
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        #expect(throws: FleetModelError.unreadable(file: "nope.yaml", reason: "no such file")) {
            _ = try YAMLLoader.load(
                contentsOf: .init(fileURLWithPath: "/nonexistent/nope.yaml"), displayPath: "nope.yaml")
        }
    }
}
