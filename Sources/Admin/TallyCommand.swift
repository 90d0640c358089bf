/// `civic tally FILE.pb --rule …`: counts a Pabulib election (issue 3).
enum TallyCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        throw CommandError("not implemented yet", exitCode: ExitCode.software)
    }
}
