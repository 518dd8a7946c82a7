import FleetModel
import Testing

@Suite("JSON objects")
struct JSONObjectTests {
    @Test("small and large objects keep order, replace in place and remove", arguments: [3, 12, 13, 200])
    func orderAndUpdates(size: Int) {
        var object = JSONObject((0..<size).map { ("k\($0)", JSONValue.int($0)) })
        #expect(object.keys == (0..<size).map { "k\($0)" })
        object["k1"] = "replaced"
        #expect(object.keys[1] == "k1")
        #expect(object["k1"] == "replaced")
        object["k0"] = nil
        #expect(object.count == size - 1)
        #expect(object["k0"] == nil)
        #expect(object["k2"] == 2)
        object["new"] = true
        #expect(object.keys.last == "new")
        #expect(object["new"] == true)
        #expect(object[String("k\(size - 1)")] == .int(size - 1))
    }

    @Test("equality and hashing ignore key order")
    func equality() {
        let forward = JSONObject((0..<20).map { ("k\($0)", JSONValue.int($0)) })
        let backward = JSONObject((0..<20).reversed().map { ("k\($0)", JSONValue.int($0)) })
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        var different = backward
        different["k3"] = 4
        #expect(forward != different)
        #expect(JSONObject([("a", 1)]) != JSONObject([("a", 1), ("b", 2)]))
    }

    @Test("a repeated key keeps its first position and last value")
    func repeatedKeys() {
        let object = JSONObject([("a", 1), ("b", 2), ("a", 3)] as [(String, JSONValue)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }
}
