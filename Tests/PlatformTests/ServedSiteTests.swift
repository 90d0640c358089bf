import Campaign
import Foundation
import HTTP
import Platform
import Tenancy
import TestSupport
import Testing

/// Both shipped tenants, provisioned once for this suite in a fresh database.
private let provisioned: Result<TenantRegistry, Error> = Result {
    let registry = try freshRegistry(poolSize: 6)
    try provision(pasDeCalaisFile, in: registry)
    try provision(exampleCommuneFile, in: registry)
    return registry
}

/// A real server on an ephemeral port, serving from the database with the clock fixed at `now`.
private final class RunningSite {
    let server: Server

    init(now: String, defaultTenant: String? = nil) throws {
        let registry = try provisioned.get()
        let instant = try #require(ISO8601DateFormatter().date(from: now))
        let application = WebApplication(source: DatabaseSiteSource(registry: registry, defaultTenantSlug: defaultTenant),
                                         clock: { instant }, logger: { _ in })
        server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, threadCount: 2, logsRequests: false),
                        handler: { application.handle($0) })
        try server.start()
    }

    deinit { server.stop() }

    func get(_ path: String, host: String = "pas-de-calais.localhost") throws -> RawResponse {
        try TestClient.send("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n", port: server.port)
    }
}

/// The markup of the `<section>` whose id is given, so assertions look at the right part of a page.
private func section(_ id: String, of page: String) -> String {
    guard let start = page.range(of: "id=\"\(id)\"") else { return "" }
    let rest = page[start.upperBound...]
    return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
}

@Suite("The Pas-de-Calais site served over HTTP from PostgreSQL")
struct ServedSiteTests {
    @Test func listsTheEightComptoirsUnderTheirTerritories() throws {
        let site = try RunningSite(now: "2023-03-15T12:00:00+01:00")
        let response = try site.get("/comptoirs")
        #expect(response.status == 200)
        let page = response.text
        let document = try shippedDocument(pasDeCalaisFile)
        #expect(document.campaign.venues.count == 8)
        for venue in document.campaign.venues {
            #expect(page.contains(HTML.escape(venue.name)), "missing comptoir \(venue.name)")
            #expect(page.contains(HTML.escape(venue.town)), "missing town \(venue.town)")
        }
        for territory in ["Boulonnais", "Arrageois", "Artois", "Calaisis", "Montreuillois", "Ternois", "Audomarois", "Lens-Hénin"] {
            #expect(page.contains("<h2") && page.contains(territory), "missing territory \(territory)")
        }
        #expect(page.contains("Le Toit Commun"))
        #expect(page.contains("Mont-Saint-Éloi"))
    }

    @Test func listsTheThreeComptoirWorkshopsWithTheirOrganisers() throws {
        let site = try RunningSite(now: "2023-03-15T12:00:00+01:00")
        let page = try site.get("/ateliers").text
        for title in ["Le budget citoyen", "De l’idée au projet", "Construire son modèle économique"] {
            let plain = title.replacingOccurrences(of: "’", with: "'")
            #expect(page.contains(HTML.escape(title)) || page.contains(HTML.escape(plain)), "missing workshop \(title)")
        }
        for organiser in ["Pas-de-Calais Actif", "Ligue de l", "AAE"] {
            #expect(page.contains(organiser), "missing organiser \(organiser)")
        }
        // The coaching steps of labelled projects are not held in the comptoirs.
        #expect(page.components(separatedBy: "Lieu communiqué aux projets labellisés").count - 1 == 3)
    }

    @Test func showsTheWholeCalendarWithItsDates() throws {
        let site = try RunningSite(now: "2023-03-15T12:00:00+01:00")
        let calendar = section("calendrier", of: try site.get("/").text)
        for date in ["Du 16 janvier au 12 avril 2023", "Du 16 janvier au 6 avril 2023", "Du 13 février au 12 avril 2023",
                     "Du 1er mars au 6 avril 2023", "Du 15 mai au 31 juillet 2023", "Du 1er au 30 septembre 2023",
                     "À partir du 1er novembre 2023"] {
            #expect(calendar.contains(date), "calendar lacks \(date)")
        }
    }

    @Test func saysComptoirsAndDossierFilingAreOpenOnFifteenthOfMarch() throws {
        let site = try RunningSite(now: "2023-03-15T12:00:00+01:00")
        let page = try site.get("/").text
        let open = section("ouvert", of: page)
        #expect(open.contains("Dépôt des dossiers"))
        #expect(open.contains("Comptoirs en présentiel"))
        #expect(!open.contains("Vote"))
        #expect(section("ferme", of: page).contains("Le vote n’est pas encore ouvert"))
    }

    @Test func saysVotingIsOpenOnFifteenthOfSeptember() throws {
        let site = try RunningSite(now: "2023-09-15T12:00:00+02:00")
        let open = section("ouvert", of: try site.get("/").text)
        #expect(open.contains("Vote"))
        #expect(!open.contains("Dépôt des dossiers"))
    }

    @Test func servesTwoTenantsSideBySideWithoutMixingTheirData() throws {
        let site = try RunningSite(now: "2024-03-20T12:00:00+01:00")
        let pasDeCalais = try site.get("/comptoirs", host: "pas-de-calais.localhost").text
        let example = try site.get("/lieux", host: "budget.exemple.localhost").text
        let examplePrefixed = try site.get("/t/exemple-commune/lieux", host: "127.0.0.1").text
        #expect(pasDeCalais.contains("Le Toit Commun"))
        #expect(!pasDeCalais.contains("Médiathèque municipale"))
        #expect(example.contains("Médiathèque municipale"))
        #expect(!example.contains("Le Toit Commun"))
        #expect(examplePrefixed.contains("Médiathèque municipale"))
        #expect(examplePrefixed.contains("href=\"/t/exemple-commune/"))
        #expect(try site.get("/comptoirs", host: "budget.exemple.localhost").status == 404)
        #expect(try site.get("/lieux", host: "pas-de-calais.localhost").status == 404)
    }

    @Test func answersAnUnknownTenantWithAFrench404() throws {
        let site = try RunningSite(now: "2023-03-15T12:00:00+01:00")
        let byHost = try site.get("/comptoirs", host: "inconnue.example.fr")
        let bySlug = try site.get("/t/inconnue/", host: "127.0.0.1")
        #expect(byHost.status == 404)
        #expect(bySlug.status == 404)
        #expect(bySlug.text.contains("Collectivité inconnue"))
        #expect(bySlug.text.contains("lang=\"fr\""))
    }

    @Test func servesTheDefaultTenantOnAnUnknownHostWhenOneIsConfigured() throws {
        let site = try RunningSite(now: "2023-03-15T12:00:00+01:00", defaultTenant: "pas-de-calais")
        let response = try site.get("/comptoirs", host: "127.0.0.1:8080")
        #expect(response.status == 200)
        #expect(response.text.contains("Le Toit Commun"))
    }

    @Test func reportsHealthWhenTheDatabaseAnswers() throws {
        let site = try RunningSite(now: "2023-03-15T12:00:00+01:00")
        let response = try site.get("/healthz", host: "anything.example")
        #expect(response.status == 200)
        #expect(response.text.contains("ok"))
    }
}
