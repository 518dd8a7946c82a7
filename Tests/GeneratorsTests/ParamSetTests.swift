import FleetModel
import Testing

@testable import Generators

@Suite("Param sets")
struct ParamSetTests {
    @Test("dotted lookups prefer the longest key at each level")
    func lookup() {
        let params = ParamSet(
            JSONObject(
                [
                    ("values", ["a.b": "flat", "a": ["b": "nested"]]),
                    ("x.y", "top-flat"),
                ] as [(String, JSONValue)]))
        #expect(params.lookup("values.a.b") == "flat")
        #expect(params.lookup("x.y") == "top-flat")
        #expect(params.lookup("values.a") == ["b": "nested"])
        #expect(params.lookup("values.c") == nil)
        #expect(params.lookup("") == nil)
    }

    @Test("selector labels flatten scalars and skip collections")
    func selectorLabels() {
        let params = ParamSet(
            JSONObject([("n", 3), ("b", false), ("m", ["k": "v"]), ("l", [1])] as [(String, JSONValue)]))
        #expect(params.selectorLabels == ["n": "3", "b": "false", "m.k": "v"])
    }
}
