import FleetCLI

@main
struct FlotillaExecutable {
    static func main() async {
        await CommandRunner.main()
    }
}
