import FleetModel
import Foundation

/// Two clusters for clusters generators to select from.
public enum FuzzClusters {
    /// `dev` and `prod`, with labels and annotations.
    public static let all = [
        Cluster(name: "dev", server: "https://dev.example.com", labels: ["env": "dev"], annotations: ["a": "1"]),
        Cluster(name: "prod", server: "https://prod.example.com", labels: ["env": "prod", "tier": "web"]),
    ]
}

/// No shared templates: a `templateRef` is an error, never a file read.
public struct NoTemplates: TemplateSource {
    /// No templates.
    public init() {}

    /// Always throws.
    public func template(named name: String, referencedBy reference: FieldReader) throws(FleetModelError) -> FieldReader
    {
        throw reference.error("no templates while fuzzing")
    }
}

/// libFuzzer's driver, for a program whose `main` is Swift's (SwiftPM executables).
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

/// Runs libFuzzer with this process's arguments over `callback` and exits with its status.
public func runFuzzer(_ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(llvmFuzzerRunDriver(&argc, &argv, callback))
}
