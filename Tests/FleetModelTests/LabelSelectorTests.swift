import FleetModel
import Testing

@Suite("Label selectors")
struct LabelSelectorTests {
    static let labels = ["env": "prod", "tier": "web", "region": "eu"]

    @Test(
        "kubectl's string syntax parses and matches as kubectl does",
        arguments: [
            ("", true),
            ("env=prod", true),
            ("env==prod", true),
            ("env=dev", false),
            ("env!=dev", true),
            ("missing!=x", true),
            ("tier!=web", false),
            ("region in (eu,us)", true),
            ("region in (us, ap)", false),
            ("region notin (us)", true),
            ("missing notin (us)", true),
            ("region notin (eu)", false),
            ("env", true),
            ("missing", false),
            ("!missing", true),
            ("!env", false),
            ("env=prod,tier!=db,region in (eu,us),!canary", true),
            (" env = prod , tier ", true),
            ("env=prod,tier=db", false),
            ("empty=", false),
        ])
    func parseAndMatch(selector: String, matches: Bool) throws {
        let parsed = try LabelSelector(parsing: selector)
        #expect(parsed.matches(Self.labels) == matches)
    }

    @Test("an empty value matches a label set to the empty string")
    func emptyValue() throws {
        #expect(try LabelSelector(parsing: "a=").matches(["a": ""]))
    }

    @Test(
        "bad selectors are errors that say what is wrong",
        arguments: [
            ("env in ()", "must not be empty"),
            ("env in (a", "expected \",\" or \")\""),
            ("env in a", "expected \"(\""),
            ("env prod", "expected =, ==, !=, in or notin"),
            ("=prod", "expected a label key"),
            ("env=prod,,", "expected a label key"),
            ("-bad=x", "name part must consist of"),
            ("a/b/c=x", "at most one"),
            ("Example.com/x=y", "prefix part must be a lowercase DNS subdomain"),
            ("env=bad value!", "expected \",\""),
            ("env=\(String(repeating: "x", count: 64))", "at most 63 characters"),
        ])
    func invalid(selector: String, message: String) {
        do {
            _ = try LabelSelector(parsing: selector)
            Issue.record("\(selector) parsed")
        } catch {
            #expect(error.localizedDescription.contains(message), "\(error.localizedDescription)")
        }
    }

    @Test("matchLabels and matchExpressions decode from YAML with located errors")
    func decoding() throws {
        let text = """
            matchLabels: {env: prod, replicas: 3}
            matchExpressions:
            - {key: region, operator: In, values: [eu, us]}
            - {key: canary, operator: DoesNotExist}
            """
        let document = try #require(try YAMLLoader.load(text, file: "s.yaml").first)
        let selector = try LabelSelector(reading: document.reader)
        #expect(selector.description == "env=prod,replicas=3,region in (eu,us),!canary")
        #expect(selector.matches(["env": "prod", "replicas": "3", "region": "us"]))
        #expect(!selector.matches(["env": "prod", "replicas": "3", "region": "us", "canary": "true"]))
    }

    @Test(
        "bad selector maps name the line",
        arguments: [
            ("matchExpressions:\n- {key: a, operator: Equals, values: [x]}\n", "s.yaml:2:22", "unknown operator"),
            ("matchExpressions:\n- {key: a, operator: In}\n", "s.yaml:2:3", "must not be empty"),
            ("matchExpressions:\n- {key: a, operator: Exists, values: [x]}\n", "s.yaml:2:3", "must be empty"),
            ("matchLabels:\n  a: [x]\n", "s.yaml:2:6", "must be a string"),
            ("matchLabel: {a: b}\n", "s.yaml:1:13", "unknown field"),
        ])
    func decodingErrors(yaml: String, location: String, message: String) throws {
        let document = try #require(try YAMLLoader.load(yaml, file: "s.yaml").first)
        do {
            _ = try LabelSelector(reading: document.reader)
            Issue.record("decoded")
        } catch {
            #expect(error.localizedDescription.hasPrefix(location), "\(error.localizedDescription)")
            #expect(error.localizedDescription.contains(message), "\(error.localizedDescription)")
        }
    }
}
