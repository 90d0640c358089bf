import Foundation
import Testing
@testable import Campaign

@Suite struct ConfigurationValidationTests {
    /// A small valid document; each test breaks one part of it.
    static let valid = """
    {
      "tenant": {
        "slug": "ville-test",
        "displayName": "Ville test",
        "hostnames": ["test.localhost"],
        "timeZone": "Europe/Paris",
        "vocabulary": { "venueSingular": "lieu", "venuePlural": "lieux", "venuesPath": "lieux" }
      },
      "campaign": {
        "id": "2024",
        "title": "Budget 2024",
        "summary": "Test",
        "year": 2024,
        "envelopeCents": 1000000,
        "projectMinimumCents": 10000,
        "projectMaximumCents": 500000,
        "phases": [
          { "id": "idees", "title": "Idées", "start": "2024-01-10", "end": "2024-02-10", "actions": ["idea-posting"] },
          { "id": "vote", "title": "Vote", "start": "2024-09-01", "end": "2024-09-30", "actions": ["voting"] }
        ],
        "territories": [ { "id": "nord", "name": "Nord" } ],
        "venues": [ { "id": "mairie", "name": "Mairie", "town": "Test", "postalCode": "99000", "territoryID": "nord" } ],
        "workshops": [
          { "id": "atelier", "title": "Atelier", "organisers": [], "venueID": "mairie", "starts": "2024-01-20T18:00", "ends": "2024-01-20T20:00", "audience": "registered-holders" }
        ],
        "ballot": {
          "kind": "approval", "minimumChoices": 1, "maximumChoices": 3,
          "eligibility": { "minimumAge": 16 }, "tallyRule": "greedy", "tieBreak": "Tirage au sort"
        }
      },
      "notes": []
    }
    """

    static func problems(_ json: String) -> [ConfigurationProblem] {
        CampaignConfiguration.problems(in: Data(json.utf8), file: "test.json")
    }

    /// The problems after replacing `original` (which must occur) in the valid document.
    static func problems(replacing original: String, with replacement: String) -> [ConfigurationProblem] {
        precondition(valid.contains(original), "fixture text not found: \(original)")
        return problems(valid.replacingOccurrences(of: original, with: replacement))
    }

    @Test func acceptsTheValidFixture() {
        #expect(Self.problems(Self.valid) == [])
    }

    @Test func reportsEveryProblemOfABrokenFileAtOnce() {
        let broken = """
        {
          "tenant": {
            "slug": "Pas de Calais",
            "displayName": "",
            "hostnames": ["ok.localhost", "ok.localhost"],
            "timeZone": "Europe/Lille",
            "vocabulary": { "venueSingular": "lieu", "venuePlural": "lieux", "venuesPath": "Lieux/x" }
          },
          "campaign": {
            "id": "2023",
            "title": "Budget",
            "summary": "S",
            "year": "2023",
            "envelopeCents": -5,
            "projectMinimumCents": 2000,
            "projectMaximumCents": 1000,
            "phasse": [],
            "territories": [ { "id": "nord", "name": "Nord" }, { "id": "nord", "name": "Nord bis" } ],
            "venues": [ { "id": "mairie", "name": "Mairie", "town": "T", "postalCode": "99000", "territoryID": "sud" } ],
            "workshops": [ { "id": "a", "title": "A", "organisers": [], "venueID": "gare", "starts": "2023-02-30", "audience": "everyone" } ],
            "ballot": { "kind": "approval", "minimumChoices": 4, "maximumChoices": 3, "eligibility": {}, "tallyRule": "greedy", "tieBreak": "lot" }
          },
          "notes": []
        }
        """
        let found = Self.problems(broken)
        let paths = found.map(\.path)
        #expect(paths == [
            "$.tenant.slug",
            "$.tenant.displayName",
            "$.tenant.hostnames[1]",
            "$.tenant.timeZone",
            "$.tenant.vocabulary.venuesPath",
            "$.campaign.phasse",
            "$.campaign.year",
            "$.campaign.envelopeCents",
            "$.campaign.projectMaximumCents",
            "$.campaign.phases",
            "$.campaign.territories[1].id",
            "$.campaign.venues[0].territoryID",
            "$.campaign.workshops[0].venueID",
            "$.campaign.workshops[0].starts",
            "$.campaign.workshops[0].audience",
            "$.campaign.ballot.minimumChoices",
        ])
        #expect(found.allSatisfy { $0.file == "test.json" })
        #expect(found.first { $0.path == "$.campaign.phasse" }?.expected.contains("did you mean \"phases\"?") == true)
        #expect(found.first { $0.path == "$.campaign.phases" }?.expected.contains("is missing") == true)
    }

    @Test func describesAProblemAsFilePathAndExpectation() {
        let problem = ConfigurationProblem(file: "a.json", path: "$.campaign.phases[2].end", expected: "a date")
        #expect(problem.description == "a.json: $.campaign.phases[2].end: expected a date")
    }

    @Test func givesLineAndColumnOfInvalidJSON() {
        let found = Self.problems("{\n  \"tenant\": {\n    \"slug\": \"x\",,\n  }\n}")
        #expect(found.count == 1)
        #expect(found.first?.path == "$")
        #expect(found.first?.expected.hasPrefix("valid JSON at line 3, column 17") == true)
    }

    @Test func rejectsTrailingContentAfterTheDocument() {
        #expect(Self.problems(Self.valid + " {}").first?.expected.contains("end of the document") == true)
    }

    @Test func rejectsEndBeforeStart() {
        let found = Self.problems(replacing: #""start": "2024-01-10", "end": "2024-02-10""#,
                                  with: #""start": "2024-01-10", "end": "2024-01-09""#)
        #expect(found.map(\.path) == ["$.campaign.phases[0].end"])
        #expect(found.first?.expected.contains("on or after the start (2024-01-10)") == true)
    }

    @Test func acceptsAOneDayPhase() {
        #expect(Self.problems(replacing: #""end": "2024-02-10""#, with: #""end": "2024-01-10""#) == [])
    }

    @Test func rejectsDatesThatDoNotExist() {
        let found = Self.problems(replacing: #""start": "2024-09-01""#, with: #""start": "2023-02-30""#)
        #expect(found.map(\.path) == ["$.campaign.phases[1].start"])
    }

    @Test func rejectsUnknownActionNames() {
        let found = Self.problems(replacing: #"["voting"]"#, with: #"["voting", "votng"]"#)
        #expect(found.map(\.path) == ["$.campaign.phases[1].actions[1]"])
        #expect(found.first?.expected.contains("did you mean \"voting\"?") == true)
    }

    @Test func rejectsAnActionListedTwice() {
        let found = Self.problems(replacing: #"["voting"]"#, with: #"["voting", "voting"]"#)
        #expect(found.map(\.path) == ["$.campaign.phases[1].actions[1]"])
    }

    @Test func rejectsDuplicatePhaseIDs() {
        let found = Self.problems(replacing: #""id": "vote""#, with: #""id": "idees""#)
        #expect(found.map(\.path) == ["$.campaign.phases[1].id"])
        #expect(found.first?.expected.contains("first at $.campaign.phases[0]") == true)
    }

    @Test func rejectsAVenueInAnUnknownTerritory() {
        let found = Self.problems(replacing: #""territoryID": "nord""#, with: #""territoryID": "sud""#)
        #expect(found.map(\.path) == ["$.campaign.venues[0].territoryID"])
    }

    @Test func rejectsAWorkshopAtAnUnknownVenue() {
        let found = Self.problems(replacing: #""venueID": "mairie""#, with: #""venueID": "gare""#)
        #expect(found.map(\.path) == ["$.campaign.workshops[0].venueID"])
    }

    @Test func rejectsAWorkshopOutsideItsPhase() {
        let found = Self.problems(replacing: #""venueID": "mairie","#, with: #""venueID": "mairie", "phaseID": "vote","#)
        #expect(found.map(\.path) == ["$.campaign.workshops[0].starts"])
    }

    @Test func rejectsAWorkshopInAnUnknownPhase() {
        let found = Self.problems(replacing: #""venueID": "mairie","#, with: #""venueID": "mairie", "phaseID": "vot","#)
        #expect(found.map(\.path) == ["$.campaign.workshops[0].phaseID"])
    }

    @Test func rejectsNegativeMoney() {
        let found = Self.problems(replacing: #""projectMinimumCents": 10000"#, with: #""projectMinimumCents": -1"#)
        #expect(found.map(\.path) == ["$.campaign.projectMinimumCents"])
    }

    @Test func rejectsMoneyWithDecimals() {
        let found = Self.problems(replacing: #""envelopeCents": 1000000"#, with: #""envelopeCents": 10000.50"#)
        #expect(found.map(\.path) == ["$.campaign.envelopeCents"])
        #expect(found.first?.expected.contains("whole, non-negative number of cents") == true)
    }

    @Test func rejectsAProjectCapAboveTheEnvelope() {
        let found = Self.problems(replacing: #""projectMaximumCents": 500000"#, with: #""projectMaximumCents": 2000000"#)
        #expect(found.map(\.path) == ["$.campaign.projectMaximumCents"])
    }

    @Test func rejectsMoreMinimumThanMaximumChoices() {
        let found = Self.problems(replacing: #""minimumChoices": 1"#, with: #""minimumChoices": 5"#)
        #expect(found.map(\.path) == ["$.campaign.ballot.minimumChoices"])
    }

    @Test(arguments: ["Ville", "v", "9ville", "ville_test", "ville-" + String(repeating: "x", count: 40)])
    func rejectsABadSlug(_ slug: String) {
        let found = Self.problems(replacing: #""slug": "ville-test""#, with: "\"slug\": \"\(slug)\"")
        #expect(found.map(\.path) == ["$.tenant.slug"])
    }

    @Test func rejectsAnUnknownTimeZone() {
        let found = Self.problems(replacing: "Europe/Paris", with: "Europe/Lille")
        #expect(found.map(\.path) == ["$.tenant.timeZone"])
    }

    @Test func rejectsUnknownKeysWithASuggestion() {
        let found = Self.problems(replacing: #""title": "Budget 2024""#, with: #""titel": "Budget 2024""#)
        #expect(found.map(\.path) == ["$.campaign.titel", "$.campaign.title"])
        #expect(found.first?.expected.contains("did you mean \"title\"?") == true)
    }

    @Test func rejectsAKeyGivenTwice() {
        let found = Self.problems(replacing: #""year": 2024"#, with: #""year": 2024, "year": 2025"#)
        #expect(found.map(\.path) == ["$.campaign.year"])
        #expect(found.first?.expected.contains("each field once") == true)
    }

    @Test func rejectsWrongTypes() {
        let found = Self.problems(replacing: #""hostnames": ["test.localhost"]"#, with: #""hostnames": "test.localhost""#)
        #expect(found.map(\.path) == ["$.tenant.hostnames"])
        #expect(found.first?.expected == "a list [ … ], found the text \"test.localhost\"")
    }

    @Test func reportsMissingRequiredFields() {
        let found = Self.problems(replacing: #""town": "Test", "#, with: "")
        #expect(found.map(\.path) == ["$.campaign.venues[0].town"])
    }

    @Test func rejectsADocumentThatIsNotAnObject() {
        #expect(Self.problems("[]").map(\.expected) == ["an object { … }, found a list"])
    }

    @Test func throwsEveryProblemFromLoad() {
        let broken = Self.valid
            .replacingOccurrences(of: #""year": 2024"#, with: #""year": 1999"#)
            .replacingOccurrences(of: #""kind": "approval""#, with: #""kind": "approve""#)
        #expect(throws: ConfigurationError.self) { try CampaignConfiguration.load(Data(broken.utf8), file: "x.json") }
        do {
            _ = try CampaignConfiguration.load(Data(broken.utf8), file: "x.json")
        } catch {
            #expect(error.problems.map(\.path) == ["$.campaign.year", "$.campaign.ballot.kind"])
        }
    }

    @Test func reportsAnUnreadableFileAsOneProblem() {
        let url = Fixtures.repositoryRoot.appendingPathComponent("config/tenants/nowhere/campaign.json")
        #expect(throws: ConfigurationError.self) { try CampaignConfiguration.load(contentsOf: url) }
        do {
            _ = try CampaignConfiguration.load(contentsOf: url)
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems.first?.file == url.path)
        }
    }

    @Test func checkCommandFailsListingEveryProblem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.json")
        let broken = Self.valid
            .replacingOccurrences(of: #""year": 2024"#, with: #""year": 1999"#)
            .replacingOccurrences(of: #""end": "2024-02-10""#, with: #""end": "2024-01-01""#)
        try Data(broken.utf8).write(to: file)

        let (output, exitCode) = CampaignConfiguration.check(files: [Fixtures.pasDeCalaisFile, file])
        #expect(exitCode == 65)
        #expect(output.contains("campaign-2023.json: ok"))
        #expect(output.contains("\(file.path): $.campaign.year: expected a year between 2000 and 2100, found 1999"))
        #expect(output.contains("\(file.path): $.campaign.phases[0].end: expected"))
        #expect(output.contains("\(file.path): 2 problems"))
    }

    @Test func checkCommandSucceedsOnTheShippedFiles() {
        #expect(CampaignConfiguration.check(files: [Fixtures.pasDeCalaisFile, Fixtures.exampleCommuneFile]).exitCode == 0)
    }
}
