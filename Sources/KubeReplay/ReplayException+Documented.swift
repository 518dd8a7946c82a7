extension ReplayException {
    /// The differences a faithful server still shows against the transcripts, each
    /// justified in `docs/design-notes.md` ("Sandbox fidelity (issue 12)").
    public static let documented: [ReplayException] = []
}
