import FleetModel
import Testing

@Suite("JSON reader")
struct JSONReaderTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let value: JSONValue
        var testDescription: String { text }
    }

    static let valid: [Valid] = [
        Valid(text: "{}", value: [:]),
        Valid(text: " [ ] ", value: []),
        Valid(text: "null", value: .null),
        Valid(text: "[true,false]", value: [true, false]),
        Valid(text: "3", value: 3),
        Valid(text: "-0", value: 0),
        Valid(text: "3.0", value: 3.0),
        Valid(text: "1e3", value: 1000.0),
        Valid(text: "-2.5E-1", value: -0.25),
        Valid(text: "92233720368547758070", value: 92_233_720_368_547_758_070.0),
        Valid(text: #""plain""#, value: "plain"),
        Valid(text: #""tab\there \"quoted\" \\ \/ \b\f\n\r""#, value: "tab\there \"quoted\" \\ / \u{08}\u{0C}\n\r"),
        Valid(text: #""\u00e9\u4e2d\ud83d\ude00""#, value: "é中😀"),
        Valid(text: "\"é中😀\"", value: "é中😀"),
        Valid(
            text: #"{"kind":"ConfigMap","data":{"b":"2","a":"1"},"items":[1,{"x":null}]}"#,
            value: ["kind": "ConfigMap", "data": ["b": "2", "a": "1"], "items": [1, ["x": .null]]]),
    ]

    @Test("reads every JSON form", arguments: valid)
    func reads(_ example: Valid) throws {
        #expect(try JSONReader.parse(example.text) == example.value)
    }

    @Test("keeps object keys in document order, as the YAML loader does")
    func keyOrder() throws {
        let keys = (0..<30).map { "k\(($0 * 7) % 30)" }
        let text = "{" + keys.map { "\"\($0)\":1" }.joined(separator: ",") + "}"
        #expect(try JSONReader.parse(text).objectValue?.keys == keys)
        #expect(try JSONReader.parse(text) == YAMLLoader.load(text, file: "f").first?.value)
    }

    @Test("what the writer writes, the reader reads back")
    func roundTrip() throws {
        let value: JSONValue = [
            "apiVersion": "apps/v1", "spec": ["replicas": 3, "ratio": 0.5, "labels": ["a\"b": "c\\d\n"]],
            "list": [.null, true, "x", []],
        ]
        #expect(try JSONReader.parse(JSONWriter.compact(value)) == value)
        #expect(try JSONReader.parse(JSONWriter.pretty(value)) == value)
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let text: String
        let reason: String
        let offset: Int
        var testDescription: String { text }
    }

    static let invalid: [Invalid] = [
        Invalid(text: "", reason: "unexpected end of input", offset: 0),
        Invalid(text: "{", reason: "expected a string key", offset: 1),
        Invalid(text: #"{"a" 1}"#, reason: "expected ':'", offset: 5),
        Invalid(text: #"{"a":1 "b":2}"#, reason: "expected ',' or '}'", offset: 7),
        Invalid(text: "[1,]", reason: "unexpected character", offset: 3),
        Invalid(text: "[1 2]", reason: "expected ',' or ']'", offset: 3),
        Invalid(text: "tru", reason: "unexpected end of input", offset: 3),
        Invalid(text: "nul!", reason: "unexpected character", offset: 3),
        Invalid(text: "01", reason: "unexpected text after the document", offset: 1),
        Invalid(text: "-", reason: "invalid number", offset: 1),
        Invalid(text: "1.", reason: "invalid number", offset: 2),
        Invalid(text: "1e+", reason: "invalid number", offset: 3),
        Invalid(text: #""abc"#, reason: "unterminated string", offset: 4),
        Invalid(text: "\"a\nb\"", reason: "control character in a string", offset: 2),
        Invalid(text: #""\q""#, reason: "invalid escape", offset: 3),
        Invalid(text: #""\u12x4""#, reason: "invalid unicode escape", offset: 5),
        Invalid(text: #""\ud83d""#, reason: "unpaired surrogate", offset: 7),
        Invalid(text: "{} x", reason: "unexpected text after the document", offset: 3),
        Invalid(text: "key: value", reason: "unexpected character", offset: 0),
        // Found by fuzzing (FuzzJSON): a number past Double's range read as infinity, which
        // the writer cannot write back as JSON.
        Invalid(text: "1e0" + String(repeating: "5", count: 100), reason: "number out of range", offset: 103),
        Invalid(text: "[-1e999]", reason: "number out of range", offset: 7),
    ]

    @Test("says what is wrong and where", arguments: invalid)
    func rejects(_ example: Invalid) {
        #expect(throws: JSONReadError(reason: example.reason, offset: example.offset)) {
            try JSONReader.parse(example.text)
        }
    }

    @Test("refuses nesting deeper than 512 levels instead of exhausting the stack")
    func depth() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONReadError(reason: "nesting too deep", offset: 512)) { try JSONReader.parse(text) }
    }
}
