/// The two template languages of Argo CD's ApplicationSets.
enum ArgoTemplateSyntax: Sendable, Hashable {
    /// The default: fasttemplate's `{{param}}`, spaces around the name allowed.
    case fasttemplate
    /// `spec.goTemplate: true`: Go's text/template, `{{.param}}`.
    case goTemplate
}
