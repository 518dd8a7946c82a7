import Foundation

/// Finds and reads kubeconfig files the way kubectl does.
public enum KubeConfigLoader {
    /// `explicitPath` alone when given (it must exist); else every file of the
    /// colon-separated `$KUBECONFIG` that exists, merged; else `~/.kube/config` if it exists.
    public static func load(
        explicitPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String = NSHomeDirectory()
    ) throws(KubeConfigError) -> KubeConfig {
        let paths: [String]
        if let explicitPath {
            guard FileManager.default.fileExists(atPath: explicitPath) else { throw .missingFile(explicitPath) }
            paths = [explicitPath]
        } else if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            paths = list.split(separator: ":").map(String.init).filter {
                FileManager.default.fileExists(atPath: $0) && seen.insert($0).inserted
            }
        } else {
            let home = environment["HOME"] ?? homeDirectory
            let path = (home as NSString).appendingPathComponent(".kube/config")
            paths = FileManager.default.fileExists(atPath: path) ? [path] : []
        }
        var files: [KubeConfigFile] = []
        for path in paths {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .invalid(.unreadable(file: path, reason: "cannot read the file as UTF-8 text"))
            }
            files.append(try KubeConfigFile(path: path, text: text))
        }
        return KubeConfig(files: files)
    }
}
