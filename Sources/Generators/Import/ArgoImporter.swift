import FleetModel

/// Turns fleet files written for Argo CD (`{{param}}` placeholders, fasttemplate or Go
/// templates) into Flotilla fleet files (`<<param>>`).
///
/// The original text is rewritten in place (placeholders inside scalars, `goTemplate`
/// commented out), so comments, order and layout stay; the result is read back and must
/// equal the document-level conversion, else the documents are written out anew.
public enum ArgoImporter {
    /// Converts `text`, read from `file` (named in every finding).
    public static func convert(_ text: String, file: String) -> ArgoImport {
        let documents: [YAMLDocument]
        do {
            documents = try YAMLLoader.load(text, file: file)
        } catch {
            return ArgoImport(output: nil, problems: [ImportFinding(error, file: file)], notes: [])
        }
        var plan = ArgoRewritePlan(text: SourceText(text), file: file)
        for document in documents { plan.add(document) }
        guard !plan.expected.isEmpty else {
            plan.notes.append(
                ImportFinding(
                    SourceLocation(file: file),
                    "no ApplicationSet, Application or AppProject documents; nothing written"))
            return ArgoImport(output: nil, problems: plan.problems, notes: plan.notes)
        }
        var output = plan.rewrittenText()
        var written = try? YAMLLoader.load(output, file: file)
        if written?.map(\.value) != plan.expected {
            output = YAMLWriter.stream(plan.expected)
            written = try? YAMLLoader.load(output, file: file)
            plan.notes.append(
                ImportFinding(
                    SourceLocation(file: file),
                    "comments and layout could not be kept (a placeholder in a map key, an alias or a flow map?); "
                        + "the documents were written out anew"))
        }
        var invalid: [ImportFinding] = []
        for document in written ?? [] {
            do {
                _ = try FleetDocument(document: document)
            } catch {
                invalid.append(ImportFinding(error, file: file))
            }
        }
        return ArgoImport(output: output, problems: plan.problems, invalid: invalid, notes: plan.notes)
    }
}
