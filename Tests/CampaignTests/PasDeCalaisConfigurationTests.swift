import Foundation
import Testing
@testable import Campaign

@Suite struct PasDeCalaisConfigurationTests {
    let document: CampaignDocument

    init() throws {
        document = try CampaignConfiguration.load(contentsOf: Fixtures.pasDeCalaisFile)
    }

    @Test func loadsWithoutAnyProblem() throws {
        let data = try Data(contentsOf: Fixtures.pasDeCalaisFile)
        #expect(CampaignConfiguration.problems(in: data, file: "campaign-2023.json") == [])
        #expect(document.tenant.slug == "pas-de-calais")
        #expect(document.tenant.timeZone == "Europe/Paris")
        #expect(document.tenant.vocabulary == .comptoirs)
        #expect(document.campaign.title == "Budget citoyen 2023")
    }

    @Test func hasTheEightTerritoriesAndTheirComptoirs() {
        let campaign = document.campaign
        #expect(campaign.territories.count == 8)
        #expect(campaign.venues.count == 8)
        #expect(campaign.territories.map(\.name).contains("Lens-Hénin"))
        let montSaintEloi = campaign.venues.first { $0.town == "Mont-Saint-Éloi" }
        #expect(montSaintEloi?.name == "Choucas des tours")
        #expect(montSaintEloi?.postalCode == "62144")
        #expect(montSaintEloi.flatMap { campaign.territory(id: $0.territoryID) }?.name == "Arrageois")
        #expect(Set(campaign.venues.map(\.territoryID)) == Set(campaign.territories.map(\.id)))
    }

    @Test func holdsTheThreeComptoirWorkshopsAtEveryComptoir() {
        let comptoir = document.campaign.workshops.filter { $0.audience == .registeredHolders }
        #expect(comptoir.map(\.title) == ["Le budget citoyen", "De l'idée au projet", "Construire son modèle économique"])
        #expect(comptoir.allSatisfy { $0.venueID == nil && $0.isDateWindow })
        #expect(comptoir.allSatisfy { $0.starts == Fixtures.date("2023-03-01") && $0.ends == Fixtures.date("2023-04-06") })
        #expect(comptoir[1].organisers == ["AAE", "Ligue de l'enseignement"])
        // Only the comptoir workshops are held at a comptoir; the coaching steps have a place of their own.
        #expect(document.campaign.workshops(at: "lens").map(\.id) == comptoir.map(\.id))
    }

    @Test func coachesLabelledProjectsWithinTheLabellingWindow() {
        let coaching = document.campaign.workshops.filter { $0.audience == .labelledProjects }
        #expect(coaching.count == 3)
        #expect(coaching.allSatisfy { $0.location == "Lieu communiqué aux projets labellisés" })
        #expect(coaching.first?.organisers == ["Pas-de-Calais Actif"])
        #expect(coaching.allSatisfy { $0.phaseID == "labellisation" })
    }

    @Test func letsInhabitantsAgedElevenChooseThreeProjects() {
        let ballot = document.campaign.ballot
        #expect(ballot.kind == .approval)
        #expect(ballot.minimumChoices == 3 && ballot.maximumChoices == 3)
        #expect(ballot.eligibility == VoterEligibility(minimumAge: 11, residenceArea: "Pas-de-Calais"))
        #expect(ballot.tallyRule == .greedy)
    }

    @Test func marksUnpublishedFiguresAsAssumptions() {
        let assumptions = document.notes.filter { $0.hasPrefix("ASSUMPTION") }
        #expect(assumptions.contains { $0.contains("envelopeCents 60000000") })
        #expect(assumptions.contains { $0.contains("projectMaximumCents 2000000") })
        #expect(document.campaign.envelopeCents == 60_000_000)
    }

    @Test func opensSignUpComptoirsAndDossiersInMidMarch() {
        let open = document.campaign.openActions(at: Fixtures.instant("2023-03-15T12:00:00+01:00"), timeZone: Fixtures.paris)
        #expect(open.isSuperset(of: [.signUp, .venueSignUp, .dossierFiling, .workshops]))
        #expect(!open.contains(.voting))
    }

    @Test func opensOnlyTheVoteInMidSeptember() {
        #expect(document.openActions(at: Fixtures.instant("2023-09-15T12:00:00+02:00")) == [.voting])
    }

    @Test func opensNothingBeforeTheSixteenthOfJanuary() {
        #expect(document.openActions(at: Fixtures.instant("2023-01-15T23:59:59+01:00")).isEmpty)
        #expect(document.openActions(at: Fixtures.instant("2023-01-16T00:00:00+01:00")) == [.signUp, .ideaPosting, .venueSignUp])
    }

    @Test func keepsDossierFilingOpenAfterTheLastComptoir() {
        let open = document.openActions(at: Fixtures.instant("2023-04-10T10:00:00+02:00"))
        #expect(open.contains(.dossierFiling))
        #expect(!open.contains(.workshops) && !open.contains(.venueSignUp))
    }

    @Test func publishesResultsFromNovember() {
        #expect(document.openActions(at: Fixtures.instant("2023-10-31T23:59:59+01:00")).isEmpty)
        #expect(document.openActions(at: Fixtures.instant("2023-11-01T00:00:00+01:00")) == [.results])
    }

    @Test func survivesAnEncodeAndReloadUnchanged() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(document)
        #expect(try CampaignConfiguration.load(data, file: "reencoded.json") == document)
        #expect(try JSONDecoder().decode(CampaignDocument.self, from: data) == document)
    }

    @Test func decodesTheShippedFileWithPlainCodableToo() throws {
        let data = try Data(contentsOf: Fixtures.pasDeCalaisFile)
        #expect(try JSONDecoder().decode(CampaignDocument.self, from: data) == document)
    }

    @Test func loadsTheExampleCommune() throws {
        let example = try CampaignConfiguration.load(contentsOf: Fixtures.exampleCommuneFile)
        #expect(example.tenant.vocabulary.venuesPath == "lieux")
        #expect(example.campaign.ballot.kind == .knapsack)
        #expect(example.campaign.ballot.maximumChoices == nil)
        #expect(example.campaign.workshops(at: "mediatheque").map(\.id) == ["presentation"])
    }
}
