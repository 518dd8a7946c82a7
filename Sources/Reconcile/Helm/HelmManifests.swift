import FleetModel
import HelmNative

/// Turns Helm's rendered files into manifests: each file's documents, empty ones (a template
/// whose `if` was false), partials and NOTES.txt dropped, and so are
/// Helm hooks that Argo CD never applies (`test`, `pre-delete`, …), each object named by its template path.
enum HelmManifests {
    static func manifests(of output: HelmRenderOutput, location: String) throws(ReconcileError) -> [Manifest] {
        var manifests: [Manifest] = []
        for file in output.files
        where !file.name.hasSuffix("NOTES.txt") && !(file.name.split(separator: "/").last ?? "").hasPrefix("_") {
            do {
                manifests += try ManifestReader.objects(in: file.text, file: file.name).filter {
                    !HelmHooks.isSkipped($0.object)
                }
            } catch {
                throw ReconcileError("Helm chart \(location): \(error.message)")
            }
        }
        return manifests
    }
}
