import Campaign
import Database
import Foundation
import Platform
import Tenancy
import Testing

@Suite("Campaign configuration stored in a tenant schema")
struct CampaignStoreTests {
    @Test func storesThePasDeCalaisCampaignAndReadsItBackUnchanged() throws {
        let registry = try freshRegistry()
        let tenant = try provision(pasDeCalaisFile, in: registry)
        let document = try shippedDocument(pasDeCalaisFile)
        let store = CampaignStore(registry: registry)
        let stored = try #require(try store.currentCampaign(of: tenant))
        #expect(stored == document.campaign)
        #expect(stored.venues.count == 8)
        #expect(Set(stored.territories.map(\.name)).count == 8)
        let settings = try #require(try store.settings(of: tenant))
        #expect(settings.vocabulary == document.tenant.vocabulary)
        #expect(settings.timeZone == "Europe/Paris")
    }

    @Test func applyingTheSameFileTwiceChangesNothing() throws {
        let registry = try freshRegistry()
        let tenant = try provision(pasDeCalaisFile, in: registry)
        let document = try shippedDocument(pasDeCalaisFile)
        func rowVersions() throws -> [String] {
            try registry.withTenant(tenant) { connection in
                try connection.execute("""
                    SELECT 'v' || id || xmin::text AS version FROM venues
                    UNION ALL SELECT 'p' || id || xmin::text FROM phases
                    UNION ALL SELECT 'c' || id || xmin::text FROM campaigns
                    UNION ALL SELECT 's' || xmin::text FROM tenant_settings
                    ORDER BY 1
                    """).rows.map { try $0.decode("version") }
            }
        }
        let before = try rowVersions()
        let report = try CampaignStore(registry: registry).apply(document, to: tenant)
        #expect(report.totalChanges == 0)
        #expect(try rowVersions() == before)
    }

    @Test func applyingAnEditedFileUpdatesInPlace() throws {
        let registry = try freshRegistry()
        let tenant = try provision(pasDeCalaisFile, in: registry)
        var document = try shippedDocument(pasDeCalaisFile)
        document.campaign.venues[0].address = "12 rue de l'Exemple"
        let removed = document.campaign.workshops.removeLast()
        document.campaign.envelopeCents = 57_200_000
        let store = CampaignStore(registry: registry)
        let report = try store.apply(document, to: tenant)
        #expect(report.changes["venues"] == 1)
        #expect(report.changes["workshops"] == 1)
        #expect(report.changes["campaigns"] == 1)
        let stored = try #require(try store.currentCampaign(of: tenant))
        #expect(stored.venues[0].address == "12 rue de l'Exemple")
        #expect(!stored.workshops.contains { $0.id == removed.id })
        #expect(stored.envelopeCents == 57_200_000)
    }

    @Test func refusesAFileOfAnotherTenantAndStoresNothing() throws {
        let registry = try freshRegistry()
        let tenant = try provision(exampleCommuneFile, in: registry)
        let other = try shippedDocument(pasDeCalaisFile)
        #expect(throws: CampaignStore.ApplyError.self) {
            try CampaignStore(registry: registry).apply(other, to: tenant)
        }
        let titles = try registry.withTenant(tenant) { connection in
            try connection.execute("SELECT title FROM campaigns").rows.map { try $0.decode("title", as: String.self) }
        }
        #expect(titles == [try shippedDocument(exampleCommuneFile).campaign.title])
    }

    @Test func rollsBackEverythingWhenOneRowIsRefused() throws {
        let registry = try freshRegistry()
        let tenant = try provision(pasDeCalaisFile, in: registry)
        var document = try shippedDocument(pasDeCalaisFile)
        document.campaign.title = "Titre modifié"
        // Bypasses validation on purpose: the database's own check must stop the whole apply.
        document.campaign.workshops[0].capacity = -5
        #expect(throws: DatabaseError.self) { try CampaignStore(registry: registry).apply(document, to: tenant) }
        #expect(try CampaignStore(registry: registry).currentCampaign(of: tenant)?.title == "Budget citoyen 2023")
    }
}
