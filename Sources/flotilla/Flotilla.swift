import FleetCLI

@main
struct FlotillaExecutable {
    static func main() {
        CommandRunner.main()
    }
}
