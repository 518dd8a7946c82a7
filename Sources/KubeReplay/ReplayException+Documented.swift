extension ReplayException {
    /// The differences a faithful server still shows against the transcripts, each
    /// justified in `docs/design-notes.md` ("Sandbox fidelity (issue 12)").
    public static let documented: [ReplayException] = [
        ReplayException(
            scenario: "ssa-deployment-lifecycle", steps: [1, 2, 3, 8],
            paths: [".metadata.resourceVersion", ".metadata.annotations", ".metadata.managedFields[1]", ".status"],
            reason: "the deployment controller's writes between requests (revision annotation, status, its entry)"),
        ReplayException(
            scenario: "ssa-deployment-lifecycle", steps: [7],
            paths: [".metadata.annotations", ".metadata.managedFields[2]", ".status"],
            reason: "the deployment controller's writes between requests (revision annotation, status, its entry)"),
        ReplayException(
            scenario: "optimistic-concurrency", steps: [4], paths: [".message"],
            reason: "the record's raw resourceVersion inside the message"),
        ReplayException(
            scenario: "builtin-defaults", steps: [0],
            paths: [
                ".spec.volumes[0].name", ".spec.containers[0].volumeMounts[0].name",
                ".spec.volumes[0].projected.sources[3]",
            ],
            reason: "the token volume's random name, and a CA source particular to the recording cluster"),
    ]
}
