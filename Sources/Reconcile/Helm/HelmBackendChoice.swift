import Foundation

/// Chooses how Helm charts are rendered, once per process: the `helm` command when one is on
/// `PATH` (what users' machines usually have), else the Helm library from an installed
/// helm-python-sdk; with neither, an error that says how to get one.
/// `FLOTILLA_HELM_BACKEND=command|library` forces one; `FLOTILLA_HELM_LIBRARY` names the library.
public actor HelmBackendChoice {
    /// The process's choice, made with its environment and executable.
    public static let shared = HelmBackendChoice()

    private let environment: [String: String]
    private let executable: String
    private var chosen: Result<any HelmBackend, ReconcileError>?

    /// A choice for `environment`, with `executable` as the library's worker (the running `flotilla`).
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: String = Bundle.main.executablePath ?? CommandLine.arguments[0]
    ) {
        self.environment = environment
        self.executable = executable
    }

    /// The backend, or why there is none; the same answer for the rest of the process.
    public func backend() async throws(ReconcileError) -> any HelmBackend {
        if let chosen { return try chosen.get() }
        let choice = await choose()
        chosen = choice
        return try choice.get()
    }

    /// One line for `flotilla version`: the backend, or why there is none.
    public func summary() async -> String {
        "helm: \(await backendDescription())"
    }

    /// The backend, `libhelm_c 0.2.2 at …`, or `none (why)`.
    public func backendDescription() async -> String {
        do {
            return "\(try await backend())"
        } catch {
            return "none (\(error.message))"
        }
    }

    private func choose() async -> Result<any HelmBackend, ReconcileError> {
        let forced = environment["FLOTILLA_HELM_BACKEND"] ?? ""
        if forced != "library", let path = HelmLibraryLocator.firstExecutable("helm", in: environment["PATH"] ?? "") {
            if let command = await HelmCommandBackend.probe(path) { return .success(command) }
        }
        if forced == "command" {
            return .failure(ReconcileError("FLOTILLA_HELM_BACKEND=command, but no working `helm` is on PATH"))
        }
        if let named = environment["FLOTILLA_HELM_LIBRARY"], !named.isEmpty,
            !FileManager.default.fileExists(atPath: named)
        {
            return .failure(ReconcileError("FLOTILLA_HELM_LIBRARY names \(named), which does not exist"))
        }
        let locator = HelmLibraryLocator(environment: environment, executable: executable)
        if let library = locator.library() {
            return .success(
                HelmLibraryBackend(
                    library: library, version: HelmLibraryLocator.version(of: library), worker: executable))
        }
        return .failure(
            ReconcileError(
                "rendering a Helm chart needs Helm, and none was found: install the `helm` command on PATH, "
                    + "or PyPI's helm-python-sdk (`make helm` puts it in .tools/; "
                    + "`python3 -m pip install helm-python-sdk`), or name libhelm_c.so with FLOTILLA_HELM_LIBRARY"))
    }
}
