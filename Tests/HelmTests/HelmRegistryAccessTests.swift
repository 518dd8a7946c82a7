import FleetModel
import FleetTesting
import HelmNative
import Synchronization
import Testing

@testable import Reconcile

/// What a pull from an OCI registry is given from the entry `flotilla repo add oci://…` stored.
@Suite("Helm registry access")
struct HelmRegistryAccessTests {
    static let registry = "oci://registry.example.com/charts"

    @Test("no entry pulls anonymously; a password logs in, with the entry's CA bundle and insecure flag")
    func mapping() throws {
        #expect(try HelmRegistryAccess(nil, registry: Self.registry) == .anonymous)
        #expect(try HelmRegistryAccess(RepositoryAccess(credential: nil), registry: Self.registry) == .anonymous)
        let access = try HelmRegistryAccess(
            RepositoryAccess(credential: .basic(username: "charts", password: "s3cret"), certificateAuthority: "PEM"),
            registry: Self.registry)
        #expect(
            access
                == HelmRegistryAccess(login: .init(username: "charts", password: "s3cret"), certificateAuthority: "PEM")
        )
        let insecure = try HelmRegistryAccess(
            RepositoryAccess(credential: .basic(username: "u", password: "p"), insecureSkipServerVerification: true),
            registry: Self.registry)
        #expect(insecure.insecureSkipTLSVerify && insecure.login?.username == "u")
    }

    @Test(
        "a bearer token, an SSH key, or server checks without a login cannot reach a registry: an error naming it, never a silent anonymous pull",
        arguments: [
            RepositoryAccess(credential: .bearerToken("token-1")),
            RepositoryAccess(credential: .sshKey(privateKey: "KEY", hostKeys: .ignore)),
            RepositoryAccess(credential: nil, certificateAuthority: "PEM"),
            RepositoryAccess(credential: nil, insecureSkipServerVerification: true),
        ])
    func refused(stored: RepositoryAccess) {
        #expect {
            try HelmRegistryAccess(stored, registry: Self.registry)
        } throws: { error in
            let message = (error as? ReconcileError)?.message ?? ""
            return message.hasPrefix(Self.registry + ": ") && !message.contains("token-1") && !message.contains("KEY")
        }
    }

    @Test("the host of a chart reference; what Helm says has the password taken out")
    func hostAndRedaction() {
        #expect(HelmRegistryAccess.host(of: "oci://127.0.0.1:5000/charts/web") == "127.0.0.1:5000")
        #expect(HelmRegistryAccess.host(of: "oci://registry.example.com/web") == "registry.example.com")
        let access = HelmRegistryAccess(login: .init(username: "charts", password: "s3cret"))
        #expect(access.redacted("login as charts:s3cret failed (s3cret)") == "login as charts:*** failed (***)")
        #expect(HelmRegistryAccess.anonymous.redacted("as said") == "as said")
    }

    @Test(
        "an anonymous pull the registry refused says how to store a login; a refused login or another failure does not")
    func loginHint() {
        let refused = "GET \"https://r/v2/charts/web/manifests/1.0.0\": basic credential not found"
        #expect(
            SourceRenderer.loginHint(refused, Self.registry, .anonymous)
                == " (no credential is stored for \(Self.registry): flotilla repo add \(Self.registry) --username U --password-stdin)"
        )
        #expect(SourceRenderer.loginHint("response status code 401: Unauthorized", Self.registry, .anonymous) != "")
        let login = HelmRegistryAccess(login: .init(username: "u", password: "p"))
        #expect(SourceRenderer.loginHint("response status code 401: Unauthorized", Self.registry, login) == "")
        #expect(SourceRenderer.loginHint("not found: web:9.9.9", Self.registry, .anonymous) == "")
    }

    @Test(
        "a chart name from Git may not leave the registry path whose login is used, nor name its own tag or digest",
        arguments: ["../team-b/web", "./web", "team//web", "web:1.0.0", "web@sha256:0123", "web%2F..", "web?x"])
    func hostileChartName(chart: String) async throws {
        let cache = try TemporaryFolder()
        defer { cache.remove() }
        let asked = Mutex<[String]>([])
        let renderer = SourceRenderer(
            cacheDirectory: cache.path,
            helm: HelmChartRenderer(using: HelmLibraryBackend(library: "/nonexistent", worker: "/bin/false")),
            credentials: RepositoryCredentials { url in
                asked.withLock { $0.append(url) }
                return nil
            })
        let settings = HelmSourceSettings(
            options: try HelmOptions(source: ["helm": [:]], where: "Application web: spec.source.helm"),
            defaultReleaseName: "web", defaultNamespace: "shop", references: [:],
            place: "Application web: spec.source.helm"
        ) { () async throws(ReconcileError) -> HelmCapabilities in
            HelmCapabilities(kubeVersion: "v1.36.0", apiVersions: [])
        }
        let error = await #expect(throws: ReconcileError.self) {
            try await renderer.render(
                ApplicationSource(repoURL: Self.registry, targetRevision: "1.0.0", chart: chart), helmSettings: settings
            )
        }
        #expect(error?.message == "chart \"\(chart)\": not a chart name in the OCI registry \(Self.registry)")
        #expect(asked.withLock { $0 }.isEmpty, "no credential is looked up for a refused chart")
    }
}
