import FleetTesting
import Foundation
import HelmNative

/// What Helm tests share: the library `make helm` installs, and a small chart like the seed's.
enum HelmTools {
    /// `$FLOTILLA_HELM_LIBRARY`, else `.tools/helm_python/lib/libhelm_c.so` in a folder above the test bundle.
    static var libraryPath: String {
        if let named = ProcessInfo.processInfo.environment["FLOTILLA_HELM_LIBRARY"] { return named }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(".tools/helm_python/lib/libhelm_c.so").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            folder.deleteLastPathComponent()
        }
        return "libhelm_c.so is not installed: run `make helm`"
    }

    /// The library (opened once by the system however often it is asked; Go's runtime stays loaded).
    static func library() throws -> HelmLibrary {
        try HelmLibrary(path: libraryPath)
    }

    /// The files of chart `web`: a Deployment whose replicas and image tag come from values, a
    /// ConfigMap reporting the cluster's capabilities, a CRD, a NOTES.txt and a helper.
    static func webChart(under prefix: String = "") -> [String: String] {
        [
            prefix + "Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.2.3\n",
            prefix + "values.yaml": "replicas: 1\nimage:\n  repository: nginx\n  tag: '1.27'\nlabels: {}\n",
            prefix + "templates/_helpers.tpl": "{{- define \"web.name\" -}}{{ .Release.Name }}-web{{- end -}}\n",
            prefix + "templates/NOTES.txt": "Installed {{ .Release.Name }}.\n",
            prefix + "templates/deployment.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ include "web.name" . }}
              labels:
                {{- range $key, $value := .Values.labels }}
                {{ $key }}: {{ $value | quote }}
                {{- end }}
            spec:
              replicas: {{ .Values.replicas }}
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"

            """,
            prefix + "templates/capabilities.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-capabilities
              namespace: {{ .Release.Namespace }}
            data:
              kubeVersion: {{ .Capabilities.KubeVersion.Version | quote }}
              hasWidgets: {{ .Capabilities.APIVersions.Has "example.com/v1/Widget" | quote }}

            """,
            prefix + "crds/widgets.yaml": """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets}
              scope: Namespaced
              versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]

            """,
        ]
    }

    /// Writes `files` into a new temporary folder.
    static func folder(_ files: [String: String]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for (path, contents) in files { _ = try folder.write(path, contents) }
        return folder
    }
}
