import FleetModel
import Generators
import Testing

/// One construct at a time: what `ArgoImporter` makes of it, to the character.
@Suite("Argo CD import, construct by construct")
struct ArgoImporterTests {
    /// An ApplicationSet over a one-element list, with `template` lines given.
    static func applicationSet(goTemplate: Bool = false, template: String) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata:
          name: web
        spec:
        \(goTemplate ? "  goTemplate: true\n" : "")  generators:
          - list:
              elements:
              - env: dev
                url: https://1.2.3.4
          template:
        \(template)
        """
    }

    static let template = """
            metadata:
              name: 'web-{{env}}'
            spec:
              source: {repoURL: https://git.example.com/web.git, path: 'apps/{{ env }}'}
              destination: {server: '{{  url  }}', namespace: web}
        """

    @Test("fasttemplate placeholders, with and without spaces, become <<param>>; the rest is unchanged")
    func fasttemplateSpaces() throws {
        let result = ArgoImporter.convert(Self.applicationSet(template: Self.template), file: "web.yaml")
        #expect(result.problems.isEmpty)
        #expect(result.invalid.isEmpty)
        let expected = Self.applicationSet(
            template: """
                    metadata:
                      name: 'web-<<env>>'
                    spec:
                      source: {repoURL: https://git.example.com/web.git, path: 'apps/<<env>>'}
                      destination: {server: '<<url>>', namespace: web}
                """)
        #expect(result.output == expected)
    }

    @Test("goTemplate plain lookups convert, goTemplate lines become comments so every line keeps its number")
    func goTemplateLookups() throws {
        let input = """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: addons}
            spec:
              goTemplate: true
              goTemplateOptions:
              - missingkey=error
              generators:
              - clusters: {}
              template:
                metadata:
                  name: '{{.path.basename}}-{{ .name }}'
                spec:
                  project: '{{ .metadata.labels.env }}'
                  source: {repoURL: https://git.example.com/a.git, path: '{{.path.path}}'}
                  destination: {server: '{{.server}}', namespace: '{{.values.namespace}}'}

            """
        let result = ArgoImporter.convert(input, file: "addons.yaml")
        #expect(result.problems.isEmpty)
        #expect(
            result.output == """
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: addons}
                spec:
                  # goTemplate: true
                  # goTemplateOptions:
                  # - missingkey=error
                  generators:
                  - clusters: {}
                  template:
                    metadata:
                      name: '<<path.basename>>-<<name>>'
                    spec:
                      project: '<<metadata.labels.env>>'
                      source: {repoURL: https://git.example.com/a.git, path: '<<path>>'}
                      destination: {server: '<<server>>', namespace: '<<values.namespace>>'}

                """)
    }

    @Test(
        "Go template constructs without a Flotilla equivalent are reported at their line and column",
        arguments: [
            ("'{{ index .path.segments 1 }}'", "uses the function index"),
            ("'{{ .name | lower }}'", "uses a pipeline (|)"),
            ("'{{ default \"web\" .name }}'", "uses the function default"),
            ("'{{ if .prod }}p{{ end }}'", "uses the action if"),
            ("'{{- .name -}}'", "uses whitespace trimming ({{- or -}})"),
            ("'{{ $x := .name }}'", "uses a variable ($x)"),
            ("'{{ toJson .values }}'", "uses the function toJson"),
        ])
    func rejectedConstructs(value: String, construct: String) throws {
        let template = """
                metadata:
                  name: web
                spec:
                  destination:
                    namespace: \(value)
            """
        let result = ArgoImporter.convert(Self.applicationSet(goTemplate: true, template: template), file: "web.yaml")
        let problem = try #require(result.problems.first)
        #expect(problem.location == SourceLocation(file: "web.yaml", line: 17, column: 21))
        #expect(problem.path?.description == "spec.template.spec.destination.namespace")
        #expect(problem.message.contains(construct), "\(problem.message)")
        #expect(problem.message.contains("no equivalent"))
    }

    @Test("every problem of a file is listed, each at its own line")
    func everyProblemListed() {
        let template = """
                metadata:
                  name: '{{ .name | lower }}'
                spec:
                  destination:
                    namespace: '{{ index .metadata.labels "ns" }}'
            """
        let result = ArgoImporter.convert(Self.applicationSet(goTemplate: true, template: template), file: "web.yaml")
        #expect(result.problems.map(\.location.line) == [14, 17])
    }

    @Test("comments, blank lines, quoting and key order stay as written")
    func commentsPreserved() throws {
        let input = """
            # Team web's environments.
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata:
              name: web   # the set

            spec:
              generators:
              # one per environment
              - list:
                  elements:
                  - {env: dev}
              template:
                metadata:
                  name: "web-{{env}}"  # {{env}} in a comment stays
                spec:
                  destination: {server: https://1.2.3.4, namespace: web}
                  source:
                    path: |
                      apps/{{env}}
                    repoURL: https://git.example.com/web.git

            """
        let result = ArgoImporter.convert(input, file: "web.yaml")
        #expect(result.problems.isEmpty)
        #expect(
            result.output
                == input.replacingOccurrences(of: "\"web-{{env}}\"", with: "\"web-<<env>>\"")
                .replacingOccurrences(of: "apps/{{env}}", with: "apps/<<env>>"))
        #expect(result.notes.isEmpty)
    }

    @Test("Applications are copied as written (Argo CD does not template them); other kinds are left out")
    func applicationsAndOtherKinds() throws {
        let input = """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: web}
            spec:
              project: default
              source:
                repoURL: https://git.example.com/web.git
                path: chart
                helm: {values: 'image: {{ .Values.tag }}'}
              destination: {server: https://1.2.3.4, namespace: web}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: repo}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AppProject
            metadata: {name: team}
            spec: {}

            """
        let result = ArgoImporter.convert(input, file: "apps.yaml")
        #expect(result.problems.isEmpty)
        #expect(
            result.output
                == input.replacingOccurrences(
                    of: "---\napiVersion: v1\nkind: Secret\nmetadata: {name: repo}\n", with: ""))
        #expect(
            result.notes.map(\.description) == ["apps.yaml:12:1: left out Secret (v1): not an Argo CD fleet document"])
    }

    @Test("a fasttemplate tag that cannot name a param stays as written, with a note")
    func fasttemplateNonParam() throws {
        let template = """
                metadata: {name: web}
                spec:
                  source: {repoURL: r, path: p, helm: {values: 'tag: {{ .Values.tag }}'}}
                  destination: {server: https://1.2.3.4, namespace: web}
            """
        let result = ArgoImporter.convert(Self.applicationSet(template: template), file: "web.yaml")
        #expect(result.problems.isEmpty)
        #expect(result.output?.contains("'tag: {{ .Values.tag }}'") == true)
        #expect(result.notes.map(\.location.line) == [14])
    }

    @Test("text that Flotilla would read as a placeholder, and an unterminated {{, are problems")
    func lookalikesAndUnterminated() {
        let template = """
                metadata: {name: 'web-<<env>>'}
                spec:
                  source: {repoURL: r, path: 'apps/{{env'}
                  destination: {server: https://1.2.3.4, namespace: web}
            """
        let result = ArgoImporter.convert(Self.applicationSet(template: template), file: "web.yaml")
        #expect(result.problems.map(\.location.line) == [12, 14])
        #expect(result.problems.first?.message.contains("Flotilla placeholder") == true)
        #expect(result.problems.last?.message.contains("without a closing }}") == true)
    }

    @Test("a top-level list's elements are not templated by Argo CD and stay as written")
    func listElementsUntouched() {
        let input = Self.applicationSet(template: Self.template)
            .replacingOccurrences(of: "env: dev", with: "env: '{{x}}'")
        let result = ArgoImporter.convert(input, file: "web.yaml")
        #expect(result.output?.contains("env: '{{x}}'") == true)
        #expect(result.output?.contains("name: 'web-<<env>>'") == true)
    }

    @Test("a matrix's second generator is templated with the first one's params")
    func matrixSecondChild() {
        let input = """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: web}
            spec:
              generators:
              - matrix:
                  generators:
                  - list: {elements: [{env: prod}]}
                  - clusters: {selector: {matchLabels: {env: '{{env}}'}}}
              template:
                metadata: {name: 'web-{{name}}'}
                spec:
                  source: {repoURL: r, path: p}
                  destination: {server: '{{server}}', namespace: web}
            """
        let result = ArgoImporter.convert(input, file: "web.yaml")
        #expect(result.problems.isEmpty)
        #expect(result.output?.contains("matchLabels: {env: '<<env>>'}") == true)
    }

    @Test("spec.templatePatch has no Flotilla equivalent")
    func templatePatch() {
        let template = """
                metadata: {name: '{{.env}}'}
                spec: {source: {repoURL: r, path: p}, destination: {server: https://1.2.3.4, namespace: web}}
              templatePatch: |
                spec: {}
            """
        let input = Self.applicationSet(goTemplate: true, template: template)
        let result = ArgoImporter.convert(input, file: "web.yaml")
        #expect(result.problems.map(\.path?.description) == ["spec.templatePatch"])
    }

    @Test("a placeholder in a map key converts, the documents written out anew with a note")
    func keyPlaceholder() throws {
        let template = """
                metadata:
                  name: web
                  labels: {'team-{{env}}': 'yes'}
                spec:
                  source: {repoURL: r, path: p}
                  destination: {server: https://1.2.3.4, namespace: web}
            """
        let result = ArgoImporter.convert(Self.applicationSet(template: template), file: "web.yaml")
        #expect(result.problems.isEmpty)
        let output = try #require(result.output)
        #expect(output.contains("team-<<env>>"))
        #expect(result.notes.contains { $0.message.contains("written out anew") })
    }

    @Test("a placeholder spelt with escapes is not in the text: the documents are written out anew, converted")
    func escapedPlaceholder() throws {
        let template = """
                metadata: {name: "web-\\x7b\\x7benv}}"}
                spec:
                  source: {repoURL: r, path: p}
                  destination: {server: https://1.2.3.4, namespace: web}
            """
        let result = ArgoImporter.convert(Self.applicationSet(template: template), file: "web.yaml")
        #expect(result.problems.isEmpty)
        let output = try #require(result.output)
        #expect(output.contains("name: web-<<env>>"), "\(output)")
        #expect(result.notes.contains { $0.message.contains("written out anew") })
    }

    @Test("a file that is not YAML is a problem naming its line")
    func invalidYAML() {
        let result = ArgoImporter.convert("kind: [\n", file: "bad.yaml")
        #expect(result.output == nil)
        let problem = result.problems.first
        #expect(problem?.location.file == "bad.yaml")
        #expect((problem?.location.line ?? 0) > 0)
    }
}
