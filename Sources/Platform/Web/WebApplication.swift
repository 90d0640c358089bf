import Campaign
import Foundation
import HTTP

/// The public site of every tenant: resolves the tenant, routes, renders French pages; `civic serve` hands it to the HTTP server.
public struct WebApplication: Sendable {
    let source: any SiteSource
    let clock: @Sendable () -> Date
    let logger: @Sendable (String) -> Void

    public init(source: any SiteSource, clock: @escaping @Sendable () -> Date,
                logger: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.source = source
        self.clock = clock
        self.logger = logger
    }

    /// Answers one request. Never throws and never shows a cause to the visitor: failures are logged and become a French 500 page.
    public func handle(_ request: Request) -> Response {
        var response: Response
        do {
            response = try route(request)
        } catch {
            logger("web: \(request.method) \(Self.loggable(request.path)) failed: \(Self.loggable(String(describing: error)))")
            response = .html(Layout.message(title: Strings.serverErrorTitle, text: [Strings.serverErrorText], site: nil),
                             status: 500)
            response.headers.set("Cache-Control", "no-store")
        }
        // The server strips the body of HEAD answers itself; this covers callers that pass HEAD through as is.
        if request.method == "HEAD" { response.body = [] }
        return response
    }

    private static let allowedMethods: Set<String> = ["GET", "HEAD"]

    private func route(_ request: Request) throws -> Response {
        let target = Target(path: request.path)
        let methodAllowed = Self.allowedMethods.contains(request.method)

        if target.slug == nil && target.segments == ["healthz"] {
            guard methodAllowed else { return methodNotAllowed(site: nil) }
            var response = source.isHealthy()
                ? Response.text(Strings.healthy)
                : Response.text(Strings.unhealthy, status: 503)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        if target.segments == ["assets", "site.css"] {
            guard methodAllowed else { return methodNotAllowed(site: nil) }
            return Stylesheet.response
        }
        if target.segments == ["assets", "favicon.svg"] {
            guard methodAllowed else { return methodNotAllowed(site: nil) }
            return Favicon.response
        }
        if target.slug == nil && target.segments == ["favicon.ico"] {
            return .redirect(to: Favicon.path, status: 301)
        }

        let tenant: TenantSettings?
        if let slug = target.slug {
            tenant = try source.tenant(slug: slug)
        } else {
            tenant = try Self.hostName(request.header("Host")).flatMap { try source.tenant(forHost: $0) }
        }
        guard let tenant else {
            let hint = target.slug == nil && target.segments.isEmpty ? [Strings.localUseHint] : []
            return .html(Layout.message(title: Strings.unknownTenantTitle, text: [Strings.unknownTenantText] + hint, site: nil),
                         status: 404)
        }

        var site = Site(tenant: tenant, campaign: nil,
                        basePath: target.slug == nil ? "" : "/t/" + Site.encodedSegment(tenant.slug))
        let page: NavigationItem
        switch target.segments {
        case []: page = .home
        case [tenant.vocabulary.venuesPath]: page = .venues
        case ["ateliers"]: page = .workshops
        default:
            return .html(Layout.message(title: Strings.notFoundTitle, text: [Strings.notFoundText], site: site,
                                        link: (Strings.backHome, site.url("/"))),
                         status: 404)
        }
        guard methodAllowed else { return methodNotAllowed(site: site) }

        guard let campaign = try source.currentCampaign(of: tenant) else {
            return .html(Layout.message(title: Strings.noCampaignTitle, text: [Strings.noCampaignText], site: site))
        }
        site.campaign = campaign
        switch page {
        case .home:
            guard let timeZone = tenant.resolvedTimeZone else { throw WebError.unknownTimeZone(tenant.timeZone) }
            return .html(HomeView(site: site, campaign: campaign, now: clock(), timeZone: timeZone).render())
        case .venues:
            return .html(VenuesView(site: site, campaign: campaign).render())
        case .workshops:
            return .html(WorkshopsView(site: site, campaign: campaign).render())
        }
    }

    private func methodNotAllowed(site: Site?) -> Response {
        var response = Response.html(
            Layout.message(title: Strings.methodNotAllowedTitle, text: [Strings.methodNotAllowedText], site: site),
            status: 405)
        response.headers.set("Allow", "GET, HEAD")
        return response
    }

    /// The Host header lower-cased and without its port ("[::1]:8080" → "::1"); nil when absent or empty.
    static func hostName(_ header: String?) -> String? {
        guard let header = header?.trimmingCharacters(in: .whitespaces).lowercased(), !header.isEmpty else { return nil }
        let name: Substring
        if header.hasPrefix("["), let close = header.firstIndex(of: "]") {
            name = header[header.index(after: header.startIndex)..<close]
        } else {
            name = header.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        }
        // A fully qualified name may end with a dot; it names the same host.
        let trimmed = name.hasSuffix(".") ? name.dropLast() : name
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// Text safe for a one-line log: control characters (a forged path could carry newlines) become escapes.
    static func loggable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }
            .joined())
    }
}

/// A request path split into an optional `/t/<slug>` prefix and the segments of the page within the tenant.
struct Target: Equatable {
    var slug: String?
    var segments: [String]

    init(path: String) {
        // Empty segments are dropped so that "/ateliers/" and "/ateliers" are the same page.
        let parts = path.split(separator: "/").map(String.init)
        if parts.count >= 2 && parts[0] == "t" {
            slug = parts[1]
            segments = Array(parts.dropFirst(2))
        } else {
            slug = nil
            segments = parts
        }
    }
}

/// Failures of the web layer itself, logged and answered with the 500 page.
enum WebError: Error, CustomStringConvertible {
    case unknownTimeZone(String)

    var description: String {
        switch self {
        case .unknownTimeZone(let identifier): "the tenant's time zone \"\(identifier)\" is unknown"
        }
    }
}
