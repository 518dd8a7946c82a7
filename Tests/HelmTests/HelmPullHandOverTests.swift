import FleetTesting
import Foundation
import HelmNative
import Reconcile
import Testing

/// How the library backend hands a registry login to its `helm-pull` worker: a stand-in worker
/// (a shell script) records its arguments, environment, standard input and the private folder
/// it is given, so that the test sees exactly what a process listing or `/proc` would show.
@Suite("Helm pull hand-over")
struct HelmPullHandOverTests {
    static let password = "registry-password-4e1f"

    /// A worker that records what it got into `record/` and answers with `status`.
    static func recordingWorker(in folder: TemporaryFolder, status: Int = 0) throws -> String {
        let record = folder.path + "/record"
        let script = try folder.write(
            "worker.sh",
            """
            #!/bin/sh
            mkdir -p '\(record)'
            printf '%s\\n' "$@" > '\(record)/arguments'
            env > '\(record)/environment'
            printf '%s' "$DOCKER_CONFIG" > '\(record)/docker-config-dir'
            cat "$DOCKER_CONFIG/config.json" > '\(record)/docker-config' 2>/dev/null
            cat > '\(record)/stdin'
            while [ "$#" -gt 0 ]; do
              case "$1" in
                --credentials-file) stat -c '%a %n' "$(dirname "$2")" > '\(record)/folder' ;;
                --ca-file) stat -c '%a' "$2" > '\(record)/ca-mode'; cat "$2" > '\(record)/ca' ;;
              esac
              shift
            done
            echo "login as charts with \(password) refused" >&2
            exit \(status)
            """)
        chmod(script, 0o755)
        return script
    }

    @Test(
        "the password reaches the worker on stdin only; its private folder (0700, in memory) and CA file (0600) are gone afterwards, even on failure"
    )
    func handOver() async throws {
        for status in [0, 1] {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let worker = try Self.recordingWorker(in: folder, status: status)
            let backend = HelmLibraryBackend(library: "/nonexistent/libhelm_c.so", worker: worker)
            let access = HelmRegistryAccess(
                login: .init(username: "charts", password: Self.password), insecureSkipTLSVerify: false,
                certificateAuthority: "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n")
            var failure: ReconcileError?
            do {
                try await backend.pull(
                    "oci://127.0.0.1:5000/charts/web", version: "1.0.0", into: folder.path, access: access)
            } catch {
                failure = error
            }
            let record = { (name: String) in
                (try? String(contentsOfFile: folder.path + "/record/" + name, encoding: .utf8)) ?? ""
            }
            let arguments = record("arguments")
            #expect(
                arguments.contains("--access-stdin\n") && arguments.hasSuffix("--\noci://127.0.0.1:5000/charts/web\n"))
            #expect(!arguments.contains(Self.password), "the password is in the worker's arguments")
            #expect(!record("environment").contains(Self.password), "the password is in the worker's environment")
            let sent = try JSONDecoder().decode(HelmRegistryAccess.self, from: Data(record("stdin").utf8))
            #expect(sent.login == .init(username: "charts", password: Self.password))
            #expect(sent.certificateAuthority == nil, "the CA goes as a file, not on stdin")
            #expect(record("ca") == access.certificateAuthority && record("ca-mode") == "600\n")
            // Helm's client is confined to the private folder: a seeded store (no credential helper
            // detected) and DOCKER_CONFIG there (not the user's Docker logins).
            #expect(record("docker-config") == #"{"auths":{"flotilla.invalid":{}}}"#, "\(record("docker-config"))")
            let given = record("folder").split(separator: " ")
            #expect(given.first == "700", "\(record("folder"))")
            let path = given.last.map { String($0).trimmingCharacters(in: .newlines) } ?? ""
            if FileManager.default.isWritableFile(atPath: "/dev/shm") {
                #expect(path.hasPrefix("/dev/shm/flotilla-helm-registry-"), "\(path)")
            }
            #expect(
                !path.isEmpty && !FileManager.default.fileExists(atPath: path), "the private folder outlived the pull")
            #expect(record("docker-config-dir") == path, "DOCKER_CONFIG is the private folder")
            if status == 0 {
                #expect(failure == nil)
            } else {
                #expect(failure?.message == "login as charts with *** refused", "what the worker says is redacted")
            }
        }
    }
}
