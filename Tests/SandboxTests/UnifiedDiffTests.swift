import Testing

@testable import Sandbox

@Suite("Unified diffs in validation messages") struct UnifiedDiffTests {
    @Test(arguments: [
        (
            ["{", " \"A\": [", "  \"x\"", " ],", " \"B\": null,", " \"C\": 1,", " \"D\": 2", "}"],
            ["{", " \"A\": [", "  \"y\"", " ],", " \"B\": null,", " \"C\": 1,", " \"D\": 2", "}"],
            "@@ -1,6 +1,6 @@\n {\n  \"A\": [\n-  \"x\"\n+  \"y\"\n  ],\n  \"B\": null,\n  \"C\": 1,\n"
        ),
        (["a", "b"], ["a", "b", "c"], "@@ -1,2 +1,3 @@\n a\n b\n+c\n"),
        (["same"], ["same"], ""),
    ])
    func hunksAsGoDifflibWritesThem(old: [String], new: [String], diff: String) {
        #expect(UnifiedDiff.of(old, new) == diff)
    }
}
