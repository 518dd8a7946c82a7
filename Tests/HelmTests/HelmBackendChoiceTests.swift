import FleetTesting
import Foundation
import Testing

@testable import Reconcile

/// Which Helm renders: the `helm` command on PATH, else the library, else an error saying how to get one.
@Suite struct HelmBackendChoiceTests {
    @Test func withNeitherTheErrorSaysHowToGetHelm() async throws {
        let choice = HelmBackendChoice(environment: ["PATH": "", "HOME": "/nonexistent"], executable: "/bin/true")
        let error = await #expect(throws: ReconcileError.self) { try await choice.backend() }
        #expect(error?.message.contains("rendering a Helm chart needs Helm, and none was found") == true)
        #expect(error?.message.contains("make helm") == true)
        #expect(await choice.summary().hasPrefix("helm: none (rendering a Helm chart needs Helm"))
    }

    @Test func theLibraryIsFoundAndNamedWithItsVersion() async throws {
        let choice = HelmBackendChoice(
            environment: ["PATH": "", "FLOTILLA_HELM_LIBRARY": HelmTools.libraryPath], executable: "/bin/flotilla")
        let backend = try #require(try await choice.backend() as? HelmLibraryBackend)
        #expect(backend.library == HelmTools.libraryPath)
        #expect(backend.version == "0.2.2")
        #expect(backend.worker == "/bin/flotilla")
        #expect(await choice.summary() == "helm: libhelm_c 0.2.2 at \(HelmTools.libraryPath)")
    }

    @Test func aHelmCommandOnPathComesFirstUnlessTheLibraryIsForced() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let helm = try folder.write("bin/helm", "#!/bin/sh\n[ \"$1 $2\" = 'version --short' ] && echo v3.99.0+gabc\n")
        chmod(helm, 0o755)
        let environment = ["PATH": folder.path + "/bin", "FLOTILLA_HELM_LIBRARY": HelmTools.libraryPath]
        let command = try await HelmBackendChoice(environment: environment, executable: "/bin/true").backend()
        #expect(command.description == "helm v3.99.0+gabc at \(helm)")
        let forced = try await HelmBackendChoice(
            environment: environment.merging(["FLOTILLA_HELM_BACKEND": "library"]) { $1 }, executable: "/bin/true"
        ).backend()
        #expect(forced is HelmLibraryBackend)
    }

    @Test func aNamedLibraryThatIsNotThereIsNamed() async {
        let choice = HelmBackendChoice(
            environment: ["PATH": "", "FLOTILLA_HELM_LIBRARY": "/nonexistent/libhelm_c.so"], executable: "/bin/true")
        await #expect(
            throws: ReconcileError("FLOTILLA_HELM_LIBRARY names /nonexistent/libhelm_c.so, which does not exist")
        ) {
            try await choice.backend()
        }
    }

    @Test func forcingTheCommandWithoutOneIsAnError() async {
        let choice = HelmBackendChoice(
            environment: ["PATH": "", "FLOTILLA_HELM_BACKEND": "command"], executable: "/bin/true")
        await #expect(throws: ReconcileError("FLOTILLA_HELM_BACKEND=command, but no working `helm` is on PATH")) {
            try await choice.backend()
        }
    }

    @Test func theLibraryIsLookedForBesideTheBinaryThenInPythonsFolders() {
        let locator = HelmLibraryLocator(
            environment: ["PYTHONPATH": "/opt/py", "HOME": "/home/me"],
            executable: "/work/flotilla/.build/debug/flotilla")
        let candidates = locator.candidates()
        #expect(candidates.first == "/work/flotilla/.build/debug/.tools/helm_python/lib/libhelm_c.so")
        #expect(candidates.contains("/work/flotilla/.tools/helm_python/lib/libhelm_c.so"))
        #expect(candidates.contains("/opt/py/helm_python/lib/libhelm_c.so"))
        #expect(candidates.last == "/usr/lib/python3/dist-packages/helm_python/lib/libhelm_c.so")
    }
}
