import Campaign
import Foundation
import HTTP
@testable import Platform
import Testing

/// A `SiteSource` over documents held in memory, standing in for the database.
struct InMemorySiteSource: SiteSource {
    var documents: [CampaignDocument]
    /// Tenants that exist but have no campaign yet.
    var tenantsWithoutCampaign: [TenantSettings] = []
    var healthy = true

    private var tenants: [TenantSettings] { documents.map(\.tenant) + tenantsWithoutCampaign }

    func tenant(forHost host: String) throws -> TenantSettings? {
        tenants.first { $0.hostnames.contains(host) }
    }

    func tenant(slug: String) throws -> TenantSettings? {
        tenants.first { $0.slug == slug }
    }

    func currentCampaign(of tenant: TenantSettings) throws -> Campaign? {
        documents.first { $0.tenant.slug == tenant.slug }?.campaign
    }

    func isHealthy() -> Bool { healthy }
}

/// A source whose store has gone away, with a cause that must never reach a citizen.
struct FailingSiteSource: SiteSource {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "connection refused to db-secret-host:5432" }
    }

    func tenant(forHost host: String) throws -> TenantSettings? { throw Failure() }
    func tenant(slug: String) throws -> TenantSettings? { throw Failure() }
    func currentCampaign(of tenant: TenantSettings) throws -> Campaign? { throw Failure() }
    func isHealthy() -> Bool { false }
}

/// Collects log lines written from the application.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var storedLines: [String] = []

    var lines: [String] { lock.withLock { storedLines } }

    func record(_ line: String) {
        lock.withLock { storedLines.append(line) }
    }
}

enum WebFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // PlatformTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static func document(_ relativePath: String) throws -> CampaignDocument {
        try CampaignConfiguration.load(contentsOf: repositoryRoot.appendingPathComponent(relativePath))
    }

    static func pasDeCalais() throws -> CampaignDocument {
        try document("config/tenants/pas-de-calais/campaign-2023.json")
    }

    static func exampleCommune() throws -> CampaignDocument {
        try document("config/tenants/exemple-commune/campaign-2024.json")
    }

    static func source() throws -> InMemorySiteSource {
        InMemorySiteSource(documents: [try pasDeCalais(), try exampleCommune()])
    }

    static let pasDeCalaisHost = "budgetcitoyen.pasdecalais.fr"

    /// 2023-03-15 12:00 in Paris (UTC+1 before the spring change).
    static let midMarch2023 = instant("2023-03-15T11:00:00Z")
    /// 2023-09-15 12:00 in Paris (UTC+2 in summer).
    static let midSeptember2023 = instant("2023-09-15T10:00:00Z")

    static func instant(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("bad fixture instant \(text)") }
        return date
    }

    static func application(_ source: any SiteSource, at now: Date = midMarch2023,
                            logger: @escaping @Sendable (String) -> Void = { _ in }) -> WebApplication {
        WebApplication(source: source, clock: { now }, logger: logger)
    }

    static func get(_ path: String, host: String = pasDeCalaisHost, method: String = "GET") -> Request {
        Request(method: method, path: path, headers: ["Host": host])
    }
}

/// The body as text, with no-break spaces read as spaces so expectations can be written plainly.
func text(of response: Response) -> String {
    String(decoding: response.body, as: UTF8.self).replacingOccurrences(of: "\u{00A0}", with: " ")
}

/// The markup of the element with `id` up to the end of its section (the views close sections in order).
func section(_ id: String, in page: String) -> String {
    guard let start = page.range(of: "id=\"\(id)\"") else { return "" }
    let rest = page[start.lowerBound...]
    guard let end = rest.range(of: "</section>") else { return String(rest) }
    return String(rest[..<end.lowerBound])
}

func count(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}

@Suite("Web pages")
struct WebViewTests {
    // MARK: Venues

    @Test func listsEveryComptoirUnderItsTerritory() throws {
        let document = try WebFixtures.pasDeCalais()
        let response = WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get("/comptoirs"))
        let page = text(of: response)

        #expect(response.status == 200)
        #expect(page.contains("<h1>Les comptoirs</h1>"))
        #expect(count(of: "<li class=\"venue\">", in: page) == 8)
        #expect(count(of: "<section class=\"territory\">", in: page) == 8)
        // Each venue sits after its own territory's heading and before the next territory's.
        let headings = document.campaign.territories.map { "<h2>\(HTML.escape($0.name))</h2>" }
        for (index, territory) in document.campaign.territories.enumerated() {
            guard let headingRange = page.range(of: headings[index]) else {
                Issue.record("missing territory heading \(territory.name)")
                continue
            }
            let sectionEnd = page[headingRange.upperBound...].range(of: "</section>")?.lowerBound ?? page.endIndex
            let territorySection = page[headingRange.upperBound..<sectionEnd]
            let venues = document.campaign.venues(in: territory.id)
            #expect(venues.count == 1)
            for venue in venues {
                #expect(territorySection.contains("<h3>\(HTML.escape(venue.name))</h3>"))
                #expect(territorySection.contains("\(venue.postalCode) \(venue.town)"))
            }
        }
        #expect(page.contains("<h2>Lens-Hénin</h2>"))
        #expect(page.contains("<h3>Le Toit Commun</h3>"))
        #expect(page.contains("62300 Lens"))
    }

    @Test func titlesThePageWithPageCampaignAndTenant() throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get("/comptoirs")))
        #expect(page.contains("<title>Les comptoirs — Budget citoyen 2023 — Département du Pas-de-Calais</title>"))
    }

    @Test func servesTheOtherTenantUnderItsSlugPrefixWithItsOwnVenues() throws {
        let response = WebFixtures.application(try WebFixtures.source())
            .handle(WebFixtures.get("/t/exemple-commune/lieux", host: "127.0.0.1:8080"))
        let page = text(of: response)

        #expect(response.status == 200)
        #expect(page.contains("<h1>Les lieux d&#39;accueil</h1>"))
        #expect(page.contains("Médiathèque municipale"))
        #expect(page.contains("1 place de la Mairie"))
        #expect(!page.contains("Le Toit Commun"))
        #expect(!page.contains("Boulonnais"))
    }

    @Test func prefixWinsOverTheHostHeader() throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source())
            .handle(WebFixtures.get("/t/exemple-commune/", host: WebFixtures.pasDeCalaisHost)))
        #expect(page.contains("Budget participatif 2024"))
        #expect(!page.contains("Budget citoyen 2023"))
    }

    @Test func linksInsidePrefixedPagesKeepThePrefix() throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source())
            .handle(WebFixtures.get("/t/pas-de-calais/", host: "127.0.0.1:8080")))
        #expect(page.contains("href=\"/t/pas-de-calais/comptoirs\""))
        #expect(page.contains("href=\"/t/pas-de-calais/ateliers\""))
        #expect(page.contains("href=\"/t/pas-de-calais/assets/site.css\""))
        #expect(!page.contains("href=\"/comptoirs\""))
        #expect(!page.contains("href=\"/ateliers\""))
    }

    @Test func resolvesTheHostCaseInsensitivelyAndWithoutItsPort() throws {
        let response = WebFixtures.application(try WebFixtures.source())
            .handle(WebFixtures.get("/ateliers", host: "BudgetCitoyen.PasDeCalais.FR:8080"))
        #expect(response.status == 200)
        #expect(text(of: response).contains("Construire son modèle économique"))
    }

    // MARK: Workshops

    @Test func showsTheThreeComptoirWorkshopsWithTheirOrganisers() throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get("/ateliers")))
        #expect(page.contains("<h1>Les ateliers</h1>"))
        let comptoirWorkshops = [
            ("Le budget citoyen", "Mission ESS du Département"),
            ("De l&#39;idée au projet", "AAE et Ligue de l&#39;enseignement"),
            ("Construire son modèle économique", "Pas-de-Calais Actif"),
        ]
        for (title, organisers) in comptoirWorkshops {
            guard let start = page.range(of: "<h2>\(title)</h2>") else {
                Issue.record("missing workshop \(title)")
                continue
            }
            let rest = page[start.upperBound...]
            let workshop = rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
            #expect(workshop.contains("<dd>\(organisers)</dd>"))
            #expect(workshop.contains("<dd>Dans chaque comptoir</dd>"))
            #expect(workshop.contains("<dd>Entre le 1er mars et le 6 avril 2023</dd>"))
            #expect(workshop.contains("<dd>Porteurs de projet inscrits</dd>"))
        }
        #expect(count(of: "<section class=\"workshop\">", in: page) == 6)
        #expect(count(of: "<dd>Projets labellisés</dd>", in: page) == 3)
    }

    @Test func describesOnlineAndDatedWorkshopsWithCapacity() throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source())
            .handle(WebFixtures.get("/t/exemple-commune/ateliers")))
        #expect(page.contains("<dd>En ligne</dd>"))
        #expect(page.contains("<dd>40 places</dd>"))
        #expect(page.contains("<dd>Le 20 mars 2024, de 18 h 30 à 20 h</dd>"))
        #expect(page.contains("<dd>Médiathèque municipale, 1 place de la Mairie, 99001 Exemple</dd>"))
    }

    // MARK: Home

    @Test func homeInMidMarchOpensComptoirsAndDossiersButNotTheVote() throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source(), at: WebFixtures.midMarch2023)
            .handle(WebFixtures.get("/")))
        let openNow = section("ouvert", in: page)
        #expect(openNow.contains("Ce qui est ouvert en ce moment"))
        #expect(openNow.contains("<li>Comptoirs en présentiel</li>"))
        #expect(openNow.contains("<li>Dépôt des dossiers</li>"))
        #expect(openNow.contains("<li>Inscription</li>"))
        #expect(openNow.contains("<li>Inscription à un comptoir</li>"))
        #expect(!openNow.contains("<li>Vote</li>"))
        #expect(openNow.contains("du 1er mars au 6 avril 2023"))
        #expect(page.contains("Le vote n’est pas encore ouvert : il ouvrira le 1er septembre 2023."))
    }

    @Test func homeInMidSeptemberOpensTheVote() throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source(), at: WebFixtures.midSeptember2023)
            .handle(WebFixtures.get("/")))
        let openNow = section("ouvert", in: page)
        #expect(openNow.contains("<li>Vote</li>"))
        #expect(!openNow.contains("<li>Dépôt des dossiers</li>"))
        #expect(!page.contains("Le vote n’est pas"))
        #expect(page.contains("Le dépôt des dossiers est clos : il a pris fin le 12 avril 2023."))
    }

    @Test func opensTheVoteOnTheTenantsClockNotUTC() throws {
        // 2023-08-31 22:30 UTC is already 1 September, 00:30, in Paris.
        let page = text(of: WebFixtures.application(try WebFixtures.source(), at: WebFixtures.instant("2023-08-31T22:30:00Z"))
            .handle(WebFixtures.get("/")))
        #expect(section("ouvert", in: page).contains("<li>Vote</li>"))
    }

    @Test func homeShowsTheWholeCalendarWithFrenchDates() throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get("/")))
        let calendar = section("calendrier", in: page)
        #expect(count(of: "<li class=\"phase\">", in: calendar) == 7)
        #expect(calendar.contains("Du 13 février au 12 avril 2023 <span class=\"status\">(en cours)</span>"))
        #expect(calendar.contains("Du 1er au 30 septembre 2023 <span class=\"status\">(à venir)</span>"))
        #expect(calendar.contains("Du 1er au 30 septembre 2023"))
        #expect(calendar.contains("À partir du 1er novembre 2023"))
        #expect(calendar.contains("Du 16 janvier au 12 avril 2023"))
        #expect(page.contains("600 000 €"))
        #expect(page.contains("Téléphone : +33 (0)3 21 216 216"))
        #expect(page.contains("href=\"tel:+33321216216\""))
    }

    @Test func tellsATenantWithoutCampaignThatNoneIsConfigured() throws {
        var source = try WebFixtures.source()
        source.tenantsWithoutCampaign = [TenantSettings(slug: "nouvelle-commune", displayName: "Nouvelle commune",
                                                        hostnames: ["nouvelle.localhost"], timeZone: "Europe/Paris")]
        let response = WebFixtures.application(source).handle(WebFixtures.get("/", host: "nouvelle.localhost"))
        #expect(response.status == 200)
        #expect(text(of: response).contains("Aucune campagne de budget participatif n’est encore configurée"))
    }

    // MARK: Errors

    @Test func answersAnUnknownTenantWithAFrench404() throws {
        let application = WebFixtures.application(try WebFixtures.source())
        for request in [WebFixtures.get("/t/inconnue/"), WebFixtures.get("/comptoirs", host: "ailleurs.example")] {
            let response = application.handle(request)
            #expect(response.status == 404)
            #expect(text(of: response).contains("<h1>Collectivité inconnue</h1>"))
        }
    }

    @Test func pointsLocalUsersToTheSlugPrefixOnAnUnknownHostRoot() throws {
        let response = WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get("/", host: "127.0.0.1:8080"))
        let page = text(of: response)
        #expect(response.status == 404)
        #expect(page.contains("Collectivité inconnue"))
        #expect(page.contains("/t/identifiant-de-la-collectivite/"))
        // The hint must not list the tenants the platform serves.
        #expect(!page.contains("pas-de-calais"))
    }

    @Test func answersAnUnknownPathWithAFrench404() throws {
        let response = WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get("/projets/inexistant"))
        #expect(response.status == 404)
        #expect(text(of: response).contains("<h1>Page introuvable</h1>"))
    }

    @Test func hidesTheCauseOfAFailingSourceBehindAFrench500AndLogsIt() {
        let log = LogRecorder()
        let application = WebFixtures.application(FailingSiteSource(), logger: log.record)
        let response = application.handle(WebFixtures.get("/comptoirs"))
        let page = text(of: response)

        #expect(response.status == 500)
        #expect(page.contains("<h1>Une erreur est survenue</h1>"))
        #expect(!page.contains("db-secret-host"))
        #expect(!page.contains("Failure"))
        #expect(log.lines.count == 1)
        #expect(log.lines.first?.contains("GET /comptoirs") == true)
        #expect(log.lines.first?.contains("db-secret-host") == true)
    }

    @Test func refusesOtherMethodsWithAllowHeader() throws {
        let response = WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get("/comptoirs", method: "POST"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, HEAD")
        #expect(text(of: response).contains("Méthode non autorisée"))
    }

    @Test func answersHeadLikeGetWithoutABody() throws {
        let application = WebFixtures.application(try WebFixtures.source())
        let head = application.handle(WebFixtures.get("/ateliers", method: "HEAD"))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["Content-Type"] == "text/html; charset=utf-8")
    }

    // MARK: Health and assets

    @Test func reportsHealthFromTheSourceOnAnyHost() throws {
        var source = try WebFixtures.source()
        let healthy = WebFixtures.application(source).handle(WebFixtures.get("/healthz", host: "anything.example"))
        #expect(healthy.status == 200)
        #expect(text(of: healthy) == "ok")

        source.healthy = false
        let unhealthy = WebFixtures.application(source).handle(WebFixtures.get("/healthz"))
        #expect(unhealthy.status == 503)
    }

    @Test func servesACacheableStylesheetWithAVisibleFocus() throws {
        let application = WebFixtures.application(try WebFixtures.source())
        for path in ["/assets/site.css", "/t/pas-de-calais/assets/site.css"] {
            let response = application.handle(WebFixtures.get(path, host: "127.0.0.1"))
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == "text/css; charset=utf-8")
            #expect(response.headers["Cache-Control"]?.contains("max-age") == true)
            #expect(text(of: response).contains(":focus-visible"))
        }
    }

    // MARK: Safety and accessibility

    @Test func escapesMarkupComingFromTheConfiguration() throws {
        var document = try WebFixtures.pasDeCalais()
        document.campaign.title = "<script>alert('titre')</script>"
        document.campaign.summary = "Résumé <img src=x onerror=alert(1)>"
        document.campaign.venues[0].name = "<script>alert('lieu')</script>"
        document.campaign.workshops[0].organisers = ["<b>Mission</b>"]
        let application = WebFixtures.application(InMemorySiteSource(documents: [document]))
        for path in ["/", "/comptoirs", "/ateliers"] {
            let page = text(of: application.handle(WebFixtures.get(path)))
            #expect(!page.contains("<script"), "unescaped script on \(path)")
            #expect(!page.contains("<img"), "unescaped image on \(path)")
            #expect(!page.contains("<b>"), "unescaped markup on \(path)")
            #expect(page.contains("&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;"))
        }
    }

    @Test(arguments: ["/", "/comptoirs", "/ateliers", "/inexistant", "/t/inconnue/"])
    func everyPageHasLanguageSkipLinkLandmarksAndOneH1(path: String) throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get(path)))
        #expect(page.hasPrefix("<!doctype html><html lang=\"fr\">"))
        #expect(count(of: "<h1", in: page) == 1)
        #expect(page.contains("<main id=\"contenu\""))
        #expect(page.contains("<header"))
        #expect(page.contains("<footer"))
        // The skip link is the first link, so the first thing a keyboard reaches.
        let body = page.components(separatedBy: "<body>").last ?? ""
        let firstLink = body.range(of: "<a ").map { String(body[$0.lowerBound...].prefix(60)) } ?? ""
        #expect(firstLink.contains("href=\"#contenu\""))
        #expect(body.contains(">Aller au contenu</a>"))
    }

    @Test(arguments: ["/", "/comptoirs", "/ateliers"])
    func tenantPagesHaveANavigationToEverySection(path: String) throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get(path)))
        #expect(page.contains("<nav aria-label=\"Navigation principale\">"))
        #expect(page.contains(">Accueil</a>"))
        #expect(page.contains(">Comptoirs</a>"))
        #expect(page.contains(">Ateliers</a>"))
        #expect(count(of: "aria-current=\"page\"", in: page) == 1)
    }

    @Test(arguments: ["/", "/comptoirs", "/ateliers", "/t/exemple-commune/", "/t/exemple-commune/ateliers"])
    func headingsNeverSkipALevel(path: String) throws {
        let page = text(of: WebFixtures.application(try WebFixtures.source()).handle(WebFixtures.get(path)))
        let levels = page.components(separatedBy: "<h").dropFirst().compactMap { $0.first.flatMap { Int(String($0)) } }
        #expect(levels.first == 1)
        for (previous, next) in zip(levels, levels.dropFirst()) {
            #expect(next <= previous + 1, "h\(previous) followed by h\(next) on \(path)")
        }
    }
}

@Suite("French formatting")
struct FrenchFormatTests {
    private func date(_ text: String) throws -> LocalDateTime {
        try #require(LocalDateTime(text))
    }

    @Test func writesTheFirstOfTheMonthAsPremier() throws {
        #expect(FrenchFormat.date(try date("2023-09-01").date) == "1er septembre 2023")
        #expect(FrenchFormat.date(try date("2023-02-13").date) == "13 février 2023")
        #expect(FrenchFormat.date(try date("2023-08-02").date) == "2 août 2023")
    }

    @Test func leavesOutWhatTheEndOfARangeRepeats() throws {
        #expect(FrenchFormat.period(from: try date("2023-02-13"), to: try date("2023-04-12")) == "du 13 février au 12 avril 2023")
        #expect(FrenchFormat.period(from: try date("2023-09-01"), to: try date("2023-09-30")) == "du 1er au 30 septembre 2023")
        #expect(FrenchFormat.period(from: try date("2023-12-15"), to: try date("2024-01-10"))
            == "du 15 décembre 2023 au 10 janvier 2024")
        #expect(FrenchFormat.period(from: try date("2023-03-05"), to: try date("2023-03-05")) == "le 5 mars 2023")
    }

    @Test func writesAnOpenEndedPhaseAsFrom() throws {
        #expect(FrenchFormat.period(from: try date("2023-01-16"), to: nil) == "à partir du 16 janvier 2023")
    }

    @Test func writesTimesTheFrenchWay() throws {
        let nbsp = "\u{00A0}"
        #expect(FrenchFormat.period(from: try date("2024-10-01T09:00"), to: try date("2024-10-27T18:00"))
            == "du 1er octobre 2024 à 9\(nbsp)h au 27 octobre 2024 à 18\(nbsp)h")
        #expect(FrenchFormat.period(from: try date("2024-03-20T18:30"), to: try date("2024-03-20T20:05"))
            == "le 20 mars 2024, de 18\(nbsp)h\(nbsp)30 à 20\(nbsp)h\(nbsp)05")
    }

    @Test func writesWindowsWhoseDayIsUnknownAsBetween() throws {
        #expect(FrenchFormat.window(from: try date("2023-03-01").date, to: try date("2023-04-06").date)
            == "entre le 1er mars et le 6 avril 2023")
    }

    @Test func groupsEurosByThousandsWithNoBreakSpaces() {
        let nbsp = "\u{00A0}"
        #expect(FrenchFormat.euros(cents: 60_000_000) == "600\(nbsp)000\(nbsp)€")
        #expect(FrenchFormat.euros(cents: 450_050) == "4\(nbsp)500,50\(nbsp)€")
        #expect(FrenchFormat.euros(cents: 300_000_000) == "3\(nbsp)000\(nbsp)000\(nbsp)€")
        #expect(FrenchFormat.euros(cents: 99) == "0,99\(nbsp)€")
    }

    @Test func joinsListsWithEt() {
        #expect(FrenchFormat.list(["AAE"]) == "AAE")
        #expect(FrenchFormat.list(["AAE", "Ligue de l'enseignement"]) == "AAE et Ligue de l'enseignement")
        #expect(FrenchFormat.list(["A", "B", "C"]) == "A, B et C")
    }

    @Test func stripsThePortAndCaseFromTheHost() {
        #expect(WebApplication.hostName("BudgetCitoyen.PasDeCalais.fr:8080") == "budgetcitoyen.pasdecalais.fr")
        #expect(WebApplication.hostName("[::1]:8080") == "::1")
        #expect(WebApplication.hostName("exemple.localhost.") == "exemple.localhost")
        #expect(WebApplication.hostName("") == nil)
        #expect(WebApplication.hostName(nil) == nil)
    }
}
