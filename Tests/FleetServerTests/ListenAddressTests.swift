import FleetServer
import Testing

@Suite("--listen addresses")
struct ListenAddressTests {
    @Test("host and port, every interface, IPv6")
    func forms() {
        #expect(ListenAddress("127.0.0.1:8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(ListenAddress(":9090")?.host == "0.0.0.0")
        #expect(ListenAddress("[::1]:8080")?.host == "::1")
        #expect(ListenAddress("[::1]:8080")?.description == "[::1]:8080")
    }

    @Test(
        "no port, a port out of range or a space is not an address",
        arguments: ["localhost", "a:70000", "a b:80", "h:x"])
    func bad(_ text: String) {
        #expect(ListenAddress(text) == nil)
    }
}

extension ListenAddress {
    init(host: String, port: Int) {
        self.init("\(host):\(port)")!
    }
}
