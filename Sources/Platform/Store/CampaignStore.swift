import Campaign
import Database
import Foundation
import Tenancy

/// Stores campaign configurations in a tenant's schema and reads them back.
///
/// Applying is idempotent and all-or-nothing: rows are keyed by the configuration's ids,
/// upserted only where something differs and deleted when no longer configured, all in one
/// tenant-scoped transaction. Applying the same file twice changes no row.
public struct CampaignStore: Sendable {
    public let registry: TenantRegistry

    public init(registry: TenantRegistry) {
        self.registry = registry
    }

    /// What an application of a configuration changed.
    public struct ApplyReport: Sendable, Equatable {
        /// Rows inserted, updated or deleted, by table.
        public var changes: [String: Int] = [:]
        public var totalChanges: Int { changes.values.reduce(0, +) }
    }

    /// Errors of applying a configuration that are not the database's.
    public enum ApplyError: Error, CustomStringConvertible {
        case tenantMismatch(file: String, configured: String, requested: String)
        case encoding(String)

        public var description: String {
            switch self {
            case .tenantMismatch(let file, let configured, let requested):
                return "\(file): $.tenant.slug: expected \"\(requested)\" (the --tenant given), found \"\(configured)\""
            case .encoding(let reason):
                return "cannot encode the configuration: \(reason)"
            }
        }
    }

    /// Stores `document` in `tenant`'s schema (and its name, time zone and hostnames in the catalog).
    @discardableResult
    public func apply(_ document: CampaignDocument, to tenant: Tenant, file: String = "configuration") throws -> ApplyReport {
        guard document.tenant.slug == tenant.slug else {
            throw ApplyError.tenantMismatch(file: file, configured: document.tenant.slug, requested: tenant.slug)
        }
        let settings = document.tenant
        let campaign = document.campaign
        let timeZone = settings.resolvedTimeZone ?? TimeZone(identifier: "Europe/Paris") ?? .current
        return try registry.pool.transaction { connection in
            try registry.updateCatalogEntry(of: tenant, displayName: settings.displayName, timeZone: settings.timeZone,
                                            addingHostnames: settings.hostnames, on: connection)
            try TenantRegistry.enter(tenant, on: connection)
            var report = ApplyReport()
            func count(_ table: String, _ result: ResultSet) {
                report.changes[table, default: 0] += result.affectedRows
            }

            count("tenant_settings", try connection.execute("""
                INSERT INTO tenant_settings AS s (display_name, time_zone, vocabulary, contact)
                VALUES (\(settings.displayName), \(settings.timeZone), \(try json(settings.vocabulary))::jsonb, \(try settings.contact.map(json))::jsonb)
                ON CONFLICT (singleton) DO UPDATE SET
                    display_name = EXCLUDED.display_name, time_zone = EXCLUDED.time_zone,
                    vocabulary = EXCLUDED.vocabulary, contact = EXCLUDED.contact, updated_at = now()
                WHERE (s.display_name, s.time_zone, s.vocabulary, s.contact)
                      IS DISTINCT FROM (EXCLUDED.display_name, EXCLUDED.time_zone, EXCLUDED.vocabulary, EXCLUDED.contact)
                """))

            count("campaigns", try connection.execute("""
                INSERT INTO campaigns AS c (id, title, summary, year, envelope_cents, project_minimum_cents,
                                            project_maximum_cents, ballot, notes)
                VALUES (\(campaign.id), \(campaign.title), \(campaign.summary), \(campaign.year), \(campaign.envelopeCents),
                        \(campaign.projectMinimumCents), \(campaign.projectMaximumCents), \(try json(campaign.ballot))::jsonb,
                        \(document.notes)::text[])
                ON CONFLICT (id) DO UPDATE SET
                    title = EXCLUDED.title, summary = EXCLUDED.summary, year = EXCLUDED.year,
                    envelope_cents = EXCLUDED.envelope_cents, project_minimum_cents = EXCLUDED.project_minimum_cents,
                    project_maximum_cents = EXCLUDED.project_maximum_cents, ballot = EXCLUDED.ballot,
                    notes = EXCLUDED.notes, updated_at = now()
                WHERE (c.title, c.summary, c.year, c.envelope_cents, c.project_minimum_cents, c.project_maximum_cents, c.ballot, c.notes)
                      IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.summary, EXCLUDED.year, EXCLUDED.envelope_cents,
                                        EXCLUDED.project_minimum_cents, EXCLUDED.project_maximum_cents, EXCLUDED.ballot, EXCLUDED.notes)
                """))

            for (position, phase) in campaign.phases.enumerated() {
                let window = phase.interval(in: timeZone)
                count("phases", try connection.execute("""
                    INSERT INTO phases AS p (campaign_id, id, position, title, starts, ends, opens_at, closes_at, actions)
                    VALUES (\(campaign.id), \(phase.id), \(position), \(phase.title), \(phase.start.description),
                            \(phase.end?.description), \(window.start), \(window.end), \(phase.actions.map(\.rawValue))::text[])
                    ON CONFLICT (campaign_id, id) DO UPDATE SET
                        position = EXCLUDED.position, title = EXCLUDED.title, starts = EXCLUDED.starts, ends = EXCLUDED.ends,
                        opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at, actions = EXCLUDED.actions
                    WHERE (p.position, p.title, p.starts, p.ends, p.opens_at, p.closes_at, p.actions)
                          IS DISTINCT FROM (EXCLUDED.position, EXCLUDED.title, EXCLUDED.starts, EXCLUDED.ends,
                                            EXCLUDED.opens_at, EXCLUDED.closes_at, EXCLUDED.actions)
                    """))
            }
            for (position, territory) in campaign.territories.enumerated() {
                count("territories", try connection.execute("""
                    INSERT INTO territories AS t (campaign_id, id, position, name)
                    VALUES (\(campaign.id), \(territory.id), \(position), \(territory.name))
                    ON CONFLICT (campaign_id, id) DO UPDATE SET position = EXCLUDED.position, name = EXCLUDED.name
                    WHERE (t.position, t.name) IS DISTINCT FROM (EXCLUDED.position, EXCLUDED.name)
                    """))
            }
            for (position, venue) in campaign.venues.enumerated() {
                count("venues", try connection.execute("""
                    INSERT INTO venues AS v (campaign_id, id, position, name, address, town, postal_code, territory_id)
                    VALUES (\(campaign.id), \(venue.id), \(position), \(venue.name), \(venue.address), \(venue.town),
                            \(venue.postalCode), \(venue.territoryID))
                    ON CONFLICT (campaign_id, id) DO UPDATE SET
                        position = EXCLUDED.position, name = EXCLUDED.name, address = EXCLUDED.address, town = EXCLUDED.town,
                        postal_code = EXCLUDED.postal_code, territory_id = EXCLUDED.territory_id
                    WHERE (v.position, v.name, v.address, v.town, v.postal_code, v.territory_id)
                          IS DISTINCT FROM (EXCLUDED.position, EXCLUDED.name, EXCLUDED.address, EXCLUDED.town,
                                            EXCLUDED.postal_code, EXCLUDED.territory_id)
                    """))
            }
            for (position, workshop) in campaign.workshops.enumerated() {
                count("workshops", try connection.execute("""
                    INSERT INTO workshops AS w (campaign_id, id, position, title, organisers, venue_id, online, location,
                                                phase_id, starts, ends, capacity, audience)
                    VALUES (\(campaign.id), \(workshop.id), \(position), \(workshop.title), \(workshop.organisers)::text[],
                            \(workshop.venueID), \(workshop.online), \(workshop.location), \(workshop.phaseID), \(workshop.starts.description),
                            \(workshop.ends?.description), \(workshop.capacity), \(workshop.audience.rawValue))
                    ON CONFLICT (campaign_id, id) DO UPDATE SET
                        position = EXCLUDED.position, title = EXCLUDED.title, organisers = EXCLUDED.organisers,
                        venue_id = EXCLUDED.venue_id, online = EXCLUDED.online, location = EXCLUDED.location,
                        phase_id = EXCLUDED.phase_id,
                        starts = EXCLUDED.starts, ends = EXCLUDED.ends, capacity = EXCLUDED.capacity, audience = EXCLUDED.audience
                    WHERE (w.position, w.title, w.organisers, w.venue_id, w.online, w.location, w.phase_id, w.starts, w.ends,
                           w.capacity, w.audience)
                          IS DISTINCT FROM (EXCLUDED.position, EXCLUDED.title, EXCLUDED.organisers, EXCLUDED.venue_id,
                                            EXCLUDED.online, EXCLUDED.location, EXCLUDED.phase_id, EXCLUDED.starts, EXCLUDED.ends,
                                            EXCLUDED.capacity, EXCLUDED.audience)
                    """))
            }
            // Children before parents, so that foreign keys never block a removal.
            count("workshops", try connection.execute("""
                DELETE FROM workshops WHERE campaign_id = \(campaign.id) AND NOT (id = ANY(\(campaign.workshops.map(\.id))::text[]))
                """))
            count("venues", try connection.execute("""
                DELETE FROM venues WHERE campaign_id = \(campaign.id) AND NOT (id = ANY(\(campaign.venues.map(\.id))::text[]))
                """))
            count("territories", try connection.execute("""
                DELETE FROM territories WHERE campaign_id = \(campaign.id) AND NOT (id = ANY(\(campaign.territories.map(\.id))::text[]))
                """))
            count("phases", try connection.execute("""
                DELETE FROM phases WHERE campaign_id = \(campaign.id) AND NOT (id = ANY(\(campaign.phases.map(\.id))::text[]))
                """))
            report.changes = report.changes.filter { $0.value > 0 }
            return report
        }
    }

    /// The tenant's settings as last applied, or nil when no configuration was applied yet.
    public func settings(of tenant: Tenant) throws -> TenantSettings? {
        try registry.withTenant(tenant) { connection in try Self.readSettings(of: tenant, on: connection) }
    }

    /// The tenant's latest campaign (highest year, then id), or nil.
    public func currentCampaign(of tenant: Tenant) throws -> Campaign? {
        try registry.withTenant(tenant) { connection in
            guard let row = try connection.execute("SELECT id FROM campaigns ORDER BY year DESC, id DESC LIMIT 1").first else {
                return nil
            }
            return try Self.readCampaign(id: try row.decode("id"), on: connection)
        }
    }

    static func readSettings(of tenant: Tenant, on connection: Connection) throws -> TenantSettings? {
        guard let row = try connection.execute("SELECT display_name, time_zone, vocabulary::text AS vocabulary, contact::text AS contact FROM tenant_settings").first else {
            return nil
        }
        return TenantSettings(slug: tenant.slug,
                              displayName: try row.decode("display_name"),
                              hostnames: tenant.hostnames,
                              timeZone: try row.decode("time_zone"),
                              vocabulary: try decodeJSON(Vocabulary.self, try row.decode("vocabulary"), column: "vocabulary"),
                              contact: try row.decodeIfPresent("contact", as: String.self).map { try decodeJSON(Contact.self, $0, column: "contact") })
    }

    static func readCampaign(id: String, on connection: Connection) throws -> Campaign? {
        guard let row = try connection.execute("""
            SELECT id, title, summary, year, envelope_cents, project_minimum_cents, project_maximum_cents, ballot::text AS ballot
            FROM campaigns WHERE id = \(id)
            """).first else { return nil }
        let phases = try connection.execute("SELECT * FROM phases WHERE campaign_id = \(id) ORDER BY position").rows.map { row in
            Phase(id: try row.decode("id"), title: try row.decode("title"),
                  start: try localDateTime(try row.decode("starts"), column: "phases.starts"),
                  end: try row.decodeIfPresent("ends", as: String.self).map { try localDateTime($0, column: "phases.ends") },
                  actions: try row.decode("actions", as: [String].self).map { name in
                      guard let action = Action(rawValue: name) else {
                          throw DatabaseError.decoding(column: "phases.actions", expected: "an action name", found: name)
                      }
                      return action
                  })
        }
        let territories = try connection.execute("SELECT * FROM territories WHERE campaign_id = \(id) ORDER BY position").rows.map { row in
            Territory(id: try row.decode("id"), name: try row.decode("name"))
        }
        let venues = try connection.execute("SELECT * FROM venues WHERE campaign_id = \(id) ORDER BY position").rows.map { row in
            Venue(id: try row.decode("id"), name: try row.decode("name"), address: try row.decodeIfPresent("address"),
                  town: try row.decode("town"), postalCode: try row.decode("postal_code"), territoryID: try row.decode("territory_id"))
        }
        let workshops = try connection.execute("SELECT * FROM workshops WHERE campaign_id = \(id) ORDER BY position").rows.map { row in
            let audienceName: String = try row.decode("audience")
            guard let audience = Workshop.Audience(rawValue: audienceName) else {
                throw DatabaseError.decoding(column: "workshops.audience", expected: "an audience", found: audienceName)
            }
            return Workshop(id: try row.decode("id"), title: try row.decode("title"), organisers: try row.decode("organisers"),
                            venueID: try row.decodeIfPresent("venue_id"), online: try row.decodeIfPresent("online"),
                            location: try row.decodeIfPresent("location"),
                            phaseID: try row.decodeIfPresent("phase_id"),
                            starts: try localDateTime(try row.decode("starts"), column: "workshops.starts"),
                            ends: try row.decodeIfPresent("ends", as: String.self).map { try localDateTime($0, column: "workshops.ends") },
                            capacity: try row.decodeIfPresent("capacity"), audience: audience)
        }
        return Campaign(id: try row.decode("id"), title: try row.decode("title"), summary: try row.decode("summary"),
                        year: try row.decode("year"), envelopeCents: try row.decode("envelope_cents"),
                        projectMinimumCents: try row.decodeIfPresent("project_minimum_cents"),
                        projectMaximumCents: try row.decodeIfPresent("project_maximum_cents"),
                        phases: phases, territories: territories, venues: venues, workshops: workshops,
                        ballot: try decodeJSON(BallotSettings.self, try row.decode("ballot"), column: "ballot"))
    }

    private static func localDateTime(_ text: String, column: String) throws -> LocalDateTime {
        guard let value = LocalDateTime(text) else {
            throw DatabaseError.decoding(column: column, expected: "YYYY-MM-DD or YYYY-MM-DDTHH:MM", found: text)
        }
        return value
    }

    private static func decodeJSON<Value: Decodable>(_ type: Value.Type, _ text: String, column: String) throws -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw DatabaseError.decoding(column: column, expected: "JSON for \(Value.self)", found: String(text.prefix(60)))
        }
    }
}

private func json<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
        throw CampaignStore.ApplyError.encoding("\(error)")
    }
}
