import FleetTesting
import Foundation
import Registry
import Report
import Testing

/// The HTML report as a person sees it: rendered by headless Chromium (Debian's `chromium`,
/// installed by `make deps`), the screenshot's cells counted by colour.
@Suite("The HTML report in a browser")
struct StatusPageScreenshotTests {
    /// The page's cell fill for each state (StatusPage's stylesheet).
    static let fills: [(state: String, colour: UInt32, count: Int)] = [
        ("Healthy", 0x1a7f37, 7), ("Progressing", 0x0969da, 1), ("OutOfSync", 0xbf8700, 1),
        ("Degraded", 0xcf222e, 2), ("Unknown", 0x6e7781, 1),
    ]

    @Test("the matrix renders with one cell of the right colour per target")
    func matrixCells() async throws {
        let (folder, page) = try Self.writePage()
        defer { folder.remove() }
        let image = try await Self.screenshot(page, in: folder)
        for fill in Self.fills {
            #expect(
                image.regions(of: fill.colour, minimumArea: 600) == fill.count,
                "\(fill.state) cells in the screenshot (\(folder.path)/screenshot.png)")
        }
    }

    @Test("a filter in the URL shows only the matching targets, and says how many")
    func filtered() async throws {
        let (folder, page) = try Self.writePage()
        defer { folder.remove() }
        let image = try await Self.screenshot(page + "#state=Degraded", in: folder)
        #expect(image.regions(of: 0xcf222e, minimumArea: 600) == 2)
        #expect(image.regions(of: 0x1a7f37, minimumArea: 600) == 0)
        let dom = try await Self.chromium(["--dump-dom", "file://" + page + "#state=Degraded"], in: folder)
        #expect(dom.contains("showing 2 of 12 targets"))
        #expect(dom.components(separatedBy: "<tr data-row=").count - 1 == 4)
        #expect(dom.components(separatedBy: "class=\"hidden\"").count - 1 == 2, "monitoring and web rows hidden")
    }

    static func writePage() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let html = StatusPage(StatusReport(ReportFixtures.states), generatedAt: ReportFixtures.clock).html()
        return (folder, try folder.write("status.html", html))
    }

    static func screenshot(_ url: String, in folder: TemporaryFolder) async throws -> PNGImage {
        let path = folder.path + "/screenshot.png"
        _ = try await chromium(
            ["--screenshot=" + path, "--window-size=900,700", "--hide-scrollbars", "file://" + url], in: folder)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let image = try #require(PNGImage(data), "the screenshot is not an RGB(A) PNG")
        #expect(image.width == 900 && image.height == 700)
        return image
    }

    /// Runs headless Chromium with a profile of its own; its standard output.
    static func chromium(_ arguments: [String], in folder: TemporaryFolder) async throws -> String {
        let result = try await CommandLineTool.run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                "--force-device-scale-factor=1", "--user-data-dir=" + folder.path + "/profile",
            ] + arguments)
        try #require(
            result.status == 0,
            "chromium failed (exit \(result.status); `make deps` installs Debian's chromium): \(result.standardError)")
        return result.standardOutput
    }
}
