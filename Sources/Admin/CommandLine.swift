import Foundation

/// The `civic` command line: dispatches a subcommand, maps errors to exit codes.
public enum CommandLineTool {
    static let usage = """
    usage: civic <command> [options]

    commands:
      db status|start|stop            the private PostgreSQL cluster (when DATABASE_URL is unset)
      db url [DATABASE]               conninfo of a database of the private cluster (created if missing)
      migrate                         apply the catalog then every tenant's pending migrations
      tenant create <slug> --name N --host H [--host H2 …] [--time-zone Z] [--if-missing]
      tenant list
      campaign check FILE             list every problem of a campaign configuration
      campaign apply FILE --tenant S  store a campaign configuration in a tenant
      serve [--port 8080] [--host 127.0.0.1] [--threads 4] [--now ISO-8601] [--default-tenant SLUG]
                                      (CIVIC_NOW=2023-09-15T12:00:00+02:00 fixes the clock too)
      tally FILE.pb --rule R [--tie-break T] [--json]
    """

    public static func run(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            printError(usage)
            return ExitCode.usage
        }
        let rest = Array(arguments.dropFirst())
        do {
            switch command {
            case "db": return try DatabaseCommand.run(rest)
            case "migrate": return try MigrateCommand.run(rest)
            case "tenant": return try TenantCommand.run(rest)
            case "campaign": return try CampaignCommand.run(rest)
            case "serve": return try ServeCommand.run(rest)
            case "tally": return try TallyCommand.run(rest)
            case "help", "--help", "-h":
                print(usage)
                return 0
            default:
                printError("civic: unknown command '\(command)'\n\n\(usage)")
                return ExitCode.usage
            }
        } catch let error as CommandError {
            printError("civic \(command): \(error.message)")
            return error.exitCode
        } catch {
            printError("civic \(command): \(error)")
            return ExitCode.failure
        }
    }
}

/// Exit codes, after sysexits.h where one fits.
public enum ExitCode {
    public static let failure: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let noInput: Int32 = 66
    public static let unavailable: Int32 = 69
    public static let software: Int32 = 70
}

/// An error the command line reports as one message and an exit code.
public struct CommandError: Error, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32
    public init(_ message: String, exitCode: Int32 = ExitCode.failure) {
        self.message = message
        self.exitCode = exitCode
    }
    public var description: String { message }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
