import Database
import Foundation
import Testing

/// The built `civic` executable, run as an operator would, against a fresh database.
private struct CivicProcess {
    let databaseURL: String

    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    static func make() throws -> CivicProcess {
        CivicProcess(databaseURL: try ScratchDatabase.create().conninfo)
    }

    /// For commands that need no database (an unreachable URL proves they do not touch one).
    static let offline = CivicProcess(databaseURL: "host=/nonexistent port=1 dbname=none connect_timeout=1")

    func run(_ arguments: String...) throws -> Outcome {
        let binary = repositoryRoot().appendingPathComponent(".build/debug/civic")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: binary.path])
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot()
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                       errors: String(decoding: errorData, as: UTF8.self))
    }
}

@Suite("The civic command line")
struct CommandLineTests {
    @Test func createsConfiguresAndListsTwoTenants() throws {
        let civic = try CivicProcess.make()
        #expect(try civic.run("migrate").status == 0)
        let created = try civic.run("tenant", "create", "pas-de-calais", "--name", "Département du Pas-de-Calais",
                                    "--host", "pas-de-calais.localhost")
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.contains("tenant_pas_de_calais"))
        #expect(try civic.run("tenant", "create", "exemple-commune", "--name", "Ville d'Exemple").status == 0)
        let first = try civic.run("campaign", "apply", pasDeCalaisFile, "--tenant", "pas-de-calais")
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("venues 8"))
        let again = try civic.run("campaign", "apply", pasDeCalaisFile, "--tenant", "pas-de-calais")
        #expect(again.output.contains("nothing changed"))
        #expect(try civic.run("campaign", "apply", exampleCommuneFile, "--tenant", "exemple-commune").status == 0)
        let list = try civic.run("tenant", "list")
        #expect(list.output.contains("pas-de-calais"))
        #expect(list.output.contains("exemple-commune"))
        // The configuration's hostnames were added to the catalog.
        #expect(list.output.contains("budget.exemple.localhost"))
        let migrate = try civic.run("migrate")
        #expect(migrate.output.contains("tenant exemple-commune (tenant_exemple_commune): up to date"))
    }

    @Test func refusesAnInvalidSlugWithTheExpectedPattern() throws {
        let civic = try CivicProcess.make()
        let outcome = try civic.run("tenant", "create", "Pas de Calais", "--name", "X")
        #expect(outcome.status == 65)
        #expect(outcome.errors.contains("^[a-z][a-z0-9-]{1,40}$"))
    }

    @Test func refusesABrokenConfigurationListingEveryProblemAndStoresNothing() throws {
        let civic = try CivicProcess.make()
        #expect(try civic.run("tenant", "create", "pas-de-calais", "--name", "Pas-de-Calais").status == 0)
        var text = try String(contentsOf: repositoryRoot().appendingPathComponent(pasDeCalaisFile), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"envelopeCents\": 60000000", with: "\"envelopeCents\": -1")
            .replacingOccurrences(of: "\"territoryID\": \"lens-henin\"", with: "\"territoryID\": \"lens\"")
            .replacingOccurrences(of: "\"minimumAge\": 11", with: "\"minimumAge\": \"onze\"")
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).json")
        try text.write(to: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: broken) }
        let check = try civic.run("campaign", "check", broken.path)
        #expect(check.status == 65)
        #expect(check.errors.contains("$.campaign.envelopeCents"))
        #expect(check.errors.contains("territoryID"))
        #expect(check.errors.contains("$.campaign.ballot.eligibility.minimumAge"))
        let apply = try civic.run("campaign", "apply", broken.path, "--tenant", "pas-de-calais")
        #expect(apply.status == 65)
        #expect(apply.errors.contains("nothing stored"))
        let stored = try Connection(conninfo: civic.databaseURL)
            .one("SELECT count(*) AS n FROM tenant_pas_de_calais.campaigns").decode("n", as: Int.self)
        #expect(stored == 0)
    }

    @Test func refusesAnUnknownTenant() throws {
        let civic = try CivicProcess.make()
        let outcome = try civic.run("campaign", "apply", pasDeCalaisFile, "--tenant", "nulle-part")
        #expect(outcome.status == 65)
        #expect(outcome.errors.contains("nulle-part"))
    }
}

@Suite("civic tally")
struct TallyCommandLineTests {
    private let pabulib = repositoryRoot().deletingLastPathComponent().appendingPathComponent("shared/data/pabulib")

    @Test func printsTheWinnersOfAssenAsPabutoolsComputedThemAsJSON() throws {
        let file = pabulib.appendingPathComponent("Netherlands_Assen_2024.pb")
        let expected = try String(contentsOf: pabulib.appendingPathComponent("expected_Netherlands_Assen_2024__mes_cost_add1.txt"),
                                  encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        let outcome = try CivicProcess.offline.run("tally", file.path, "--rule", "mes_cost_add1", "--json")
        #expect(outcome.status == 0, "\(outcome.errors)")
        struct Result: Decodable { var winners: [String] }
        let result = try JSONDecoder().decode(Result.self, from: Data(outcome.output.utf8))
        #expect(Set(result.winners) == Set(expected))
        #expect(!expected.isEmpty)
    }

    @Test func explainsWhyEachProjectLostInTheTable() throws {
        let file = pabulib.appendingPathComponent("Netherlands_Assen_2024.pb")
        let outcome = try CivicProcess.offline.run("tally", file.path, "--rule", "greedy")
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("non retenu"))
        #expect(outcome.output.contains("Départage"))
    }

    @Test func refusesAMalformedFileNamingTheLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).pb")
        try "META\nkey;value\nbudget;1000\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;douze\nVOTES\nvoter_id;vote\n1;1\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try CivicProcess.offline.run("tally", file.path, "--rule", "greedy")
        #expect(outcome.status == 65)
        #expect(outcome.errors.contains("7"), "the message should name line 7: \(outcome.errors)")
        #expect(outcome.errors.contains("cost"))
    }

    @Test func refusesAnUnknownRuleListingTheKnownOnes() throws {
        let file = pabulib.appendingPathComponent("Netherlands_Assen_2024.pb")
        let outcome = try CivicProcess.offline.run("tally", file.path, "--rule", "borda")
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains("mes_cost_add1"))
    }
}
