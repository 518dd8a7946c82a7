import Controller
import FleetTesting
import Foundation
import Testing

@Suite("The notification secret file")
struct NotificationSecretsTests {
    @Test("names map to http and https URLs; no description shows one")
    func parses() throws {
        let secrets = try NotificationSecrets.parse(
            "ops: https://hooks.slack.com/services/T0/B0/SECRET\nlocal: 'http://127.0.0.1:9000/hook'\n",
            file: "secrets.yaml")
        #expect(secrets.names == ["local", "ops"])
        #expect(secrets.url(named: "ops") == "https://hooks.slack.com/services/T0/B0/SECRET")
        #expect(!"\(secrets)".contains("SECRET") && !String(reflecting: secrets).contains("SECRET"))
    }

    @Test(
        "mistakes name the file, line and key, never the value",
        arguments: [
            ("ops: file:///etc/SECRET\n", "secrets.yaml:1:6: ops: not an http:// or https:// URL"),
            ("ops: gopher://h/SECRET\n", "secrets.yaml:1:6: ops: not an http:// or https:// URL"),
            ("a: https://h/x\nops: [https://h/SECRET]\n", "secrets.yaml:2:6: ops: the URL must be a string"),
            ("- https://h/SECRET\n", "secrets.yaml:1:1: expected a map of name: URL"),
        ])
    func errors(text: String, message: String) {
        do {
            _ = try NotificationSecrets.parse(text, file: "secrets.yaml")
            Issue.record("parsed")
        } catch {
            #expect(error.localizedDescription.hasPrefix(message), "\(error.localizedDescription)")
            #expect(!error.localizedDescription.contains("SECRET"))
        }
    }

    @Test("a file others may read is warned about; one only its owner reads is not")
    func permissions() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("secrets.yaml", "ops: https://h/SECRET\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(NotificationSecrets.permissionWarning(file: file)?.hasSuffix("(mode 644); chmod 600 it") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(NotificationSecrets.permissionWarning(file: file) == nil)
        #expect(try NotificationSecrets.load(file: file).names == ["ops"])
    }
}
