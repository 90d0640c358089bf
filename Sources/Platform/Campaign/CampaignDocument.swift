import Foundation

/// One configuration file: a tenant, one of its campaigns, and the notes that explain its assumptions.
public struct CampaignDocument: Codable, Equatable, Sendable {
    public var tenant: TenantSettings
    public var campaign: Campaign
    /// Free text for people: sources, and every figure that is an assumption rather than a published fact.
    public var notes: [String]

    public init(tenant: TenantSettings, campaign: Campaign, notes: [String] = []) {
        self.tenant = tenant
        self.campaign = campaign
        self.notes = notes
    }

    /// The actions open at `instant` on the tenant's own clock.
    public func openActions(at instant: Date) -> Set<Action> {
        guard let timeZone = tenant.resolvedTimeZone else { return [] }
        return campaign.openActions(at: instant, timeZone: timeZone)
    }
}

/// Who the tenant is and how it speaks: the part of the file that outlives a single campaign.
public struct TenantSettings: Codable, Equatable, Sendable {
    /// Lower-case identifier, also used for the PostgreSQL schema name: `^[a-z][a-z0-9-]{1,40}$`.
    public var slug: String
    public var displayName: String
    /// Host names that resolve to this tenant (first one is canonical).
    public var hostnames: [String]
    /// IANA time zone identifier, e.g. "Europe/Paris"; phases open and close on this clock.
    public var timeZone: String
    public var vocabulary: Vocabulary
    public var contact: Contact?

    public init(slug: String, displayName: String, hostnames: [String], timeZone: String,
                vocabulary: Vocabulary = .comptoirs, contact: Contact? = nil) {
        self.slug = slug
        self.displayName = displayName
        self.hostnames = hostnames
        self.timeZone = timeZone
        self.vocabulary = vocabulary
        self.contact = contact
    }

    /// The time zone, or nil when the identifier is unknown (validation reports that).
    public var resolvedTimeZone: TimeZone? { TimeZone(identifier: timeZone) }
}

/// The tenant's own words for things the engine names generically.
public struct Vocabulary: Codable, Equatable, Sendable {
    /// e.g. "comptoir"
    public var venueSingular: String
    /// e.g. "comptoirs"
    public var venuePlural: String
    /// URL segment of the venues pages, e.g. "comptoirs" in /comptoirs/lens.
    public var venuesPath: String

    public init(venueSingular: String, venuePlural: String, venuesPath: String) {
        self.venueSingular = venueSingular
        self.venuePlural = venuePlural
        self.venuesPath = venuesPath
    }

    /// The Pas-de-Calais words.
    public static let comptoirs = Vocabulary(venueSingular: "comptoir", venuePlural: "comptoirs", venuesPath: "comptoirs")
}

/// How citizens reach the organisers.
public struct Contact: Codable, Equatable, Sendable {
    /// As printed, e.g. "+33 (0)3 21 216 216".
    public var phone: String?
    /// Contact form or page.
    public var url: String?
    public var email: String?

    public init(phone: String? = nil, url: String? = nil, email: String? = nil) {
        self.phone = phone
        self.url = url
        self.email = email
    }
}
