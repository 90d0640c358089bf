import Foundation

/// Walks a parsed configuration, collecting every problem instead of stopping at the
/// first one (as Codable would), and builds the document when there is none.
struct CampaignValidator {
    let file: String
    private(set) var problems: [ConfigurationProblem] = []

    init(file: String) {
        self.file = file
    }

    static let slugPattern = #"^[a-z][a-z0-9-]{1,40}$"#
    static let idPattern = #"^[a-z0-9][a-z0-9-]{0,62}$"#
    static let pathSegmentPattern = #"^[a-z][a-z0-9-]{0,62}$"#
    static let hostnamePattern = #"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"#
    static let postalCodePattern = #"^[0-9]{5}$"#

    // MARK: - Document

    mutating func document(_ root: JSONValue) -> CampaignDocument? {
        let path = "$"
        guard let fields = object(root, at: path, allowed: ["tenant", "campaign", "notes"]) else { return nil }
        let tenant = required(fields, "tenant", at: path, "the tenant object") { $0.tenant($1, at: $2) }
        let campaign = required(fields, "campaign", at: path, "the campaign object") { $0.campaign($1, at: $2) }
        let notes = required(fields, "notes", at: path, "a list of notes (text)") { $0.list($1, at: $2) { $0.text($1, at: $2) } }
        guard let tenant, let campaign, let notes, problems.isEmpty else { return nil }
        return CampaignDocument(tenant: tenant, campaign: campaign, notes: notes)
    }

    // MARK: - Tenant

    private mutating func tenant(_ value: JSONValue, at path: String) -> TenantSettings? {
        guard let fields = object(value, at: path, allowed: ["slug", "displayName", "hostnames", "timeZone", "vocabulary", "contact"]) else { return nil }
        let slug = required(fields, "slug", at: path, "a slug") {
            $0.matching($1, at: $2, pattern: Self.slugPattern, "a slug of 2 to 41 characters: a lower-case letter, then lower-case letters, digits or '-'")
        }
        let displayName = required(fields, "displayName", at: path, "text") { $0.text($1, at: $2) }
        let hostnames = required(fields, "hostnames", at: path, "a list of host names") { validator, value, path in
            validator.list(value, at: path, nonEmpty: true) {
                $0.matching($1, at: $2, pattern: Self.hostnamePattern, "a lower-case host name such as budgetcitoyen.example.fr")
            }
        }
        if let hostnames { unique(hostnames, at: path + ".hostnames", what: "host name") { $0 } }
        let timeZone = required(fields, "timeZone", at: path, "an IANA time zone") { (validator, value, path) -> String? in
            guard let name = validator.text(value, at: path) else { return nil }
            guard Self.isKnownTimeZone(name) else {
                validator.report(path, "an IANA time zone identifier such as \"Europe/Paris\", found \"\(name)\"")
                return nil
            }
            return name
        }
        let vocabulary = required(fields, "vocabulary", at: path, "the vocabulary object") { $0.vocabulary($1, at: $2) }
        let contact = optional(fields, "contact", at: path) { $0.contact($1, at: $2) }
        guard let slug, let displayName, let hostnames, let timeZone, let vocabulary, let contact else { return nil }
        return TenantSettings(slug: slug, displayName: displayName, hostnames: hostnames, timeZone: timeZone,
                              vocabulary: vocabulary, contact: contact)
    }

    static func isKnownTimeZone(_ name: String) -> Bool {
        name == "UTC" || TimeZone.knownTimeZoneIdentifiers.contains(name)
    }

    private mutating func vocabulary(_ value: JSONValue, at path: String) -> Vocabulary? {
        guard let fields = object(value, at: path, allowed: ["venueSingular", "venuePlural", "venuesPath"]) else { return nil }
        let singular = required(fields, "venueSingular", at: path, "text") { $0.text($1, at: $2) }
        let plural = required(fields, "venuePlural", at: path, "text") { $0.text($1, at: $2) }
        let venuesPath = required(fields, "venuesPath", at: path, "a URL segment") {
            $0.matching($1, at: $2, pattern: Self.pathSegmentPattern, "a URL segment: a lower-case letter, then lower-case letters, digits or '-'")
        }
        guard let singular, let plural, let venuesPath else { return nil }
        return Vocabulary(venueSingular: singular, venuePlural: plural, venuesPath: venuesPath)
    }

    private mutating func contact(_ value: JSONValue, at path: String) -> Contact? {
        guard let fields = object(value, at: path, allowed: ["phone", "url", "email"]) else { return nil }
        let phone = optional(fields, "phone", at: path) { $0.text($1, at: $2) }
        let url = optional(fields, "url", at: path) {
            $0.matching($1, at: $2, pattern: #"^https?://[^\s]+$"#, "an http:// or https:// address")
        }
        let email = optional(fields, "email", at: path) {
            $0.matching($1, at: $2, pattern: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, "an e-mail address")
        }
        guard let phone, let url, let email else { return nil }
        return Contact(phone: phone, url: url, email: email)
    }

    // MARK: - Campaign

    private mutating func campaign(_ value: JSONValue, at path: String) -> Campaign? {
        guard let fields = object(value, at: path, allowed: [
            "id", "title", "summary", "year", "envelopeCents", "projectMinimumCents", "projectMaximumCents",
            "phases", "territories", "venues", "workshops", "ballot",
        ]) else { return nil }
        let id = required(fields, "id", at: path, "an id") { $0.identifier($1, at: $2) }
        let title = required(fields, "title", at: path, "text") { $0.text($1, at: $2) }
        let summary = required(fields, "summary", at: path, "text") { $0.text($1, at: $2) }
        let year = required(fields, "year", at: path, "a year") { $0.integer($1, at: $2, in: 2000...2100, "a year between 2000 and 2100") }
        let envelope = required(fields, "envelopeCents", at: path, "an amount in cents") { $0.cents($1, at: $2) }
        let minimum = optional(fields, "projectMinimumCents", at: path) { $0.cents($1, at: $2) }
        let maximum = optional(fields, "projectMaximumCents", at: path) { $0.cents($1, at: $2) }
        if let low = minimum ?? nil, let high = maximum ?? nil, low > high {
            report(path + ".projectMaximumCents", "an amount at least projectMinimumCents (\(low)), found \(high)")
        }
        if let high = maximum ?? nil, let envelope, high > envelope {
            report(path + ".projectMaximumCents", "an amount at most envelopeCents (\(envelope)), found \(high)")
        }

        let phases = required(fields, "phases", at: path, "a list of phases") { validator, value, path in
            validator.list(value, at: path, nonEmpty: true) { $0.phase($1, at: $2) }
        }
        if let phases { unique(phases, at: path + ".phases", field: "id", what: "phase") { $0.id } }
        let territories = required(fields, "territories", at: path, "a list of territories") { $0.list($1, at: $2) { $0.territory($1, at: $2) } }
        if let territories { unique(territories, at: path + ".territories", field: "id", what: "territory") { $0.id } }
        let territoryIDs = territories.map { Set($0.map(\.id)) }
        let venues = required(fields, "venues", at: path, "a list of venues") { $0.list($1, at: $2) { $0.venue($1, at: $2, territoryIDs: territoryIDs) } }
        if let venues { unique(venues, at: path + ".venues", field: "id", what: "venue") { $0.id } }
        let workshops = required(fields, "workshops", at: path, "a list of workshops") { validator, value, path in
            validator.list(value, at: path) {
                $0.workshop($1, at: $2, venueIDs: venues.map { Set($0.map(\.id)) }, phases: phases)
            }
        }
        if let workshops { unique(workshops, at: path + ".workshops", field: "id", what: "workshop") { $0.id } }
        let ballot = required(fields, "ballot", at: path, "the ballot object") { $0.ballot($1, at: $2) }

        guard let id, let title, let summary, let year, let envelope, let minimum, let maximum,
              let phases, let territories, let venues, let workshops, let ballot else { return nil }
        return Campaign(id: id, title: title, summary: summary, year: year, envelopeCents: envelope,
                        projectMinimumCents: minimum, projectMaximumCents: maximum, phases: phases,
                        territories: territories, venues: venues, workshops: workshops, ballot: ballot)
    }

    private mutating func phase(_ value: JSONValue, at path: String) -> Phase? {
        guard let fields = object(value, at: path, allowed: ["id", "title", "start", "end", "actions"]) else { return nil }
        let id = required(fields, "id", at: path, "an id") { $0.identifier($1, at: $2) }
        let title = required(fields, "title", at: path, "text") { $0.text($1, at: $2) }
        let start = required(fields, "start", at: path, "a date") { $0.dateTime($1, at: $2) }
        let end = optional(fields, "end", at: path) { $0.dateTime($1, at: $2) }
        if let start, let end = end ?? nil, end.exclusiveEndMinute <= start.startMinute {
            report(path + ".end", "an end on or after the start (\(start)), found \(end)")
        }
        let actions = required(fields, "actions", at: path, "a list of actions") { validator, value, path in
            validator.list(value, at: path, nonEmpty: true) { $0.choice($1, at: $2, of: Action.self) }
        }
        if let actions { unique(actions, at: path + ".actions", what: "action") { $0.rawValue } }
        guard let id, let title, let start, let end, let actions else { return nil }
        return Phase(id: id, title: title, start: start, end: end, actions: actions)
    }

    private mutating func territory(_ value: JSONValue, at path: String) -> Territory? {
        guard let fields = object(value, at: path, allowed: ["id", "name"]) else { return nil }
        let id = required(fields, "id", at: path, "an id") { $0.identifier($1, at: $2) }
        let name = required(fields, "name", at: path, "text") { $0.text($1, at: $2) }
        guard let id, let name else { return nil }
        return Territory(id: id, name: name)
    }

    private mutating func venue(_ value: JSONValue, at path: String, territoryIDs: Set<String>?) -> Venue? {
        guard let fields = object(value, at: path, allowed: ["id", "name", "address", "town", "postalCode", "territoryID"]) else { return nil }
        let id = required(fields, "id", at: path, "an id") { $0.identifier($1, at: $2) }
        let name = required(fields, "name", at: path, "text") { $0.text($1, at: $2) }
        let address = optional(fields, "address", at: path) { $0.text($1, at: $2) }
        let town = required(fields, "town", at: path, "text") { $0.text($1, at: $2) }
        let postalCode = required(fields, "postalCode", at: path, "a postal code") {
            $0.matching($1, at: $2, pattern: Self.postalCodePattern, "a French postal code of 5 digits, as text")
        }
        let territoryID = required(fields, "territoryID", at: path, "a territory id") { $0.identifier($1, at: $2) }
        if let territoryID, let territoryIDs, !territoryIDs.contains(territoryID) {
            report(path + ".territoryID", "the id of a territory in $.campaign.territories (\(Self.list(territoryIDs))), found \"\(territoryID)\"")
        }
        guard let id, let name, let address, let town, let postalCode, let territoryID else { return nil }
        return Venue(id: id, name: name, address: address, town: town, postalCode: postalCode, territoryID: territoryID)
    }

    private mutating func workshop(_ value: JSONValue, at path: String, venueIDs: Set<String>?,
                                   phases: [Phase]?) -> Workshop? {
        guard let fields = object(value, at: path, allowed: [
            "id", "title", "organisers", "venueID", "online", "location", "phaseID", "starts", "ends", "capacity", "audience",
        ]) else { return nil }
        let id = required(fields, "id", at: path, "an id") { $0.identifier($1, at: $2) }
        let title = required(fields, "title", at: path, "text") { $0.text($1, at: $2) }
        let organisers = required(fields, "organisers", at: path, "a list of organisations (may be empty)") { $0.list($1, at: $2) { $0.text($1, at: $2) } }
        let venueID = optional(fields, "venueID", at: path) { $0.identifier($1, at: $2) }
        if let venueID = venueID ?? nil, let venueIDs, !venueIDs.contains(venueID) {
            report(path + ".venueID", "the id of a venue in $.campaign.venues (or no venueID for every venue), found \"\(venueID)\"")
        }
        let online = optional(fields, "online", at: path) { $0.boolean($1, at: $2) }
        let location = optional(fields, "location", at: path) { $0.text($1, at: $2) }
        let phaseID = optional(fields, "phaseID", at: path) { $0.identifier($1, at: $2) }
        let starts = required(fields, "starts", at: path, "a date or date-time") { $0.dateTime($1, at: $2) }
        let ends = optional(fields, "ends", at: path) { $0.dateTime($1, at: $2) }
        if let starts, let ends = ends ?? nil, ends.exclusiveEndMinute <= starts.startMinute {
            report(path + ".ends", "an end after the start (\(starts)), found \(ends)")
        }
        if let phaseID = phaseID ?? nil, let phases {
            if let phase = phases.first(where: { $0.id == phaseID }) {
                if let starts, starts.startMinute < phase.start.startMinute {
                    report(path + ".starts", "a start within phase \"\(phaseID)\" (from \(phase.start)), found \(starts)")
                }
                let last = (ends ?? nil) ?? starts
                if let last, let phaseEnd = phase.end, last.exclusiveEndMinute > phaseEnd.exclusiveEndMinute {
                    report(path + ((ends ?? nil) == nil ? ".starts" : ".ends"),
                           "an end within phase \"\(phaseID)\" (through \(phaseEnd)), found \(last)")
                }
            } else {
                report(path + ".phaseID", "the id of a phase in $.campaign.phases (\(Self.list(phases.map(\.id)))), found \"\(phaseID)\"")
            }
        }
        let capacity = optional(fields, "capacity", at: path) { $0.integer($1, at: $2, in: 1...100_000, "a number of seats of at least 1") }
        let audience = required(fields, "audience", at: path, "an audience") { $0.choice($1, at: $2, of: Workshop.Audience.self) }
        guard let id, let title, let organisers, let venueID, let online, let location, let phaseID, let starts, let ends,
              let capacity, let audience else { return nil }
        return Workshop(id: id, title: title, organisers: organisers, venueID: venueID, online: online,
                        location: location, phaseID: phaseID,
                        starts: starts, ends: ends, capacity: capacity, audience: audience)
    }

    private mutating func ballot(_ value: JSONValue, at path: String) -> BallotSettings? {
        guard let fields = object(value, at: path, allowed: [
            "kind", "minimumChoices", "maximumChoices", "eligibility", "tallyRule", "tieBreak",
        ]) else { return nil }
        let kind = required(fields, "kind", at: path, "a ballot kind") { $0.choice($1, at: $2, of: BallotKind.self) }
        let minimum = required(fields, "minimumChoices", at: path, "a number of choices") {
            $0.integer($1, at: $2, in: 0...10_000, "a whole number of choices, 0 or more")
        }
        let maximum = optional(fields, "maximumChoices", at: path) {
            $0.integer($1, at: $2, in: 1...10_000, "a whole number of choices, 1 or more")
        }
        if let minimum, let maximum = maximum ?? nil, minimum > maximum {
            report(path + ".minimumChoices", "at most maximumChoices (\(maximum)), found \(minimum)")
        }
        let eligibility = required(fields, "eligibility", at: path, "the eligibility object") { $0.eligibility($1, at: $2) }
        let rule = required(fields, "tallyRule", at: path, "a tally rule") { $0.choice($1, at: $2, of: TallyRule.self) }
        let tieBreak = required(fields, "tieBreak", at: path, "text") { $0.text($1, at: $2) }
        guard let kind, let minimum, let maximum, let eligibility, let rule, let tieBreak else { return nil }
        return BallotSettings(kind: kind, minimumChoices: minimum, maximumChoices: maximum, eligibility: eligibility,
                              tallyRule: rule, tieBreak: tieBreak)
    }

    private mutating func eligibility(_ value: JSONValue, at path: String) -> VoterEligibility? {
        guard let fields = object(value, at: path, allowed: ["minimumAge", "residenceArea"]) else { return nil }
        let age = optional(fields, "minimumAge", at: path) { $0.integer($1, at: $2, in: 0...120, "an age in years between 0 and 120") }
        let area = optional(fields, "residenceArea", at: path) { $0.text($1, at: $2) }
        guard let age, let area else { return nil }
        return VoterEligibility(minimumAge: age, residenceArea: area)
    }

    // MARK: - Objects and fields

    /// The members of an object by key, after reporting duplicate and unknown keys.
    private mutating func object(_ value: JSONValue, at path: String, allowed: [String]) -> [String: JSONValue]? {
        guard case .object(let members) = value else {
            report(path, "an object { … }, found \(value.kindDescription)")
            return nil
        }
        var fields: [String: JSONValue] = [:]
        for member in members {
            let memberPath = Self.path(path, member.key)
            if fields[member.key] != nil {
                report(memberPath, "each field once, found \"\(member.key)\" again")
            } else if !allowed.contains(member.key) {
                let hint = Self.closest(to: member.key, among: allowed).map { " (did you mean \"\($0)\"?)" } ?? ""
                report(memberPath, "one of the known fields \(Self.list(allowed)), found unknown field \"\(member.key)\"\(hint)")
            } else {
                fields[member.key] = member.value
            }
        }
        return fields
    }

    /// A field that must be present; nil (with a problem reported) when it is missing or wrong.
    private mutating func required<T>(_ fields: [String: JSONValue], _ key: String, at path: String, _ what: String,
                                      _ read: (inout CampaignValidator, JSONValue, String) -> T?) -> T? {
        let fieldPath = Self.path(path, key)
        guard let value = fields[key] else {
            report(fieldPath, "\(what) (the required field \"\(key)\" is missing)")
            return nil
        }
        return read(&self, value, fieldPath)
    }

    /// A field that may be absent or null: `.some(nil)` then, and `nil` when it is present but wrong.
    private mutating func optional<T>(_ fields: [String: JSONValue], _ key: String, at path: String,
                                      _ read: (inout CampaignValidator, JSONValue, String) -> T?) -> T?? {
        guard let value = fields[key], value != .null else { return .some(nil) }
        guard let result = read(&self, value, Self.path(path, key)) else { return nil }
        return .some(result)
    }

    private mutating func list<T>(_ value: JSONValue, at path: String, nonEmpty: Bool = false,
                                  _ read: (inout CampaignValidator, JSONValue, String) -> T?) -> [T]? {
        guard case .array(let elements) = value else {
            report(path, "a list [ … ], found \(value.kindDescription)")
            return nil
        }
        if nonEmpty && elements.isEmpty { report(path, "a list with at least one element") }
        var results: [T] = []
        var failed = false
        for (index, element) in elements.enumerated() {
            if let result = read(&self, element, "\(path)[\(index)]") { results.append(result) } else { failed = true }
        }
        return failed || (nonEmpty && elements.isEmpty) ? nil : results
    }

    /// Reports each element whose key was already used by an earlier one.
    private mutating func unique<T>(_ elements: [T], at path: String, field: String? = nil, what: String,
                                    key: (T) -> String) {
        var firstIndex: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let value = key(element)
            let elementPath = "\(path)[\(index)]" + (field.map { ".\($0)" } ?? "")
            if let first = firstIndex[value] {
                let expectation = field == nil ? "a \(what) not listed before" : "an id not used by another \(what)"
                report(elementPath, "\(expectation), found \"\(value)\" again (first at \(path)[\(first)])")
            } else {
                firstIndex[value] = index
            }
        }
    }

    // MARK: - Scalars

    private mutating func text(_ value: JSONValue, at path: String) -> String? {
        guard case .string(let text) = value else {
            report(path, "text in double quotes, found \(value.kindDescription)")
            return nil
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report(path, "non-empty text")
            return nil
        }
        return text
    }

    private mutating func matching(_ value: JSONValue, at path: String, pattern: String, _ what: String) -> String? {
        guard case .string(let text) = value else {
            report(path, "\(what), found \(value.kindDescription)")
            return nil
        }
        guard text.range(of: pattern, options: .regularExpression) != nil else {
            report(path, "\(what), found \"\(text)\"")
            return nil
        }
        return text
    }

    private mutating func identifier(_ value: JSONValue, at path: String) -> String? {
        matching(value, at: path, pattern: Self.idPattern, "an id of lower-case letters, digits and '-' (e.g. \"lens-henin\")")
    }

    private mutating func boolean(_ value: JSONValue, at path: String) -> Bool? {
        guard case .bool(let flag) = value else {
            report(path, "true or false, found \(value.kindDescription)")
            return nil
        }
        return flag
    }

    private mutating func integer(_ value: JSONValue, at path: String, in range: ClosedRange<Int>, _ what: String) -> Int? {
        guard case .number(let literal) = value, let number = Int(literal) else {
            report(path, "\(what), found \(value.kindDescription)")
            return nil
        }
        guard range.contains(number) else {
            report(path, "\(what), found \(number)")
            return nil
        }
        return number
    }

    /// Money is whole cents so that sums are exact; 600000.00 euros is written 60000000.
    private mutating func cents(_ value: JSONValue, at path: String) -> Int64? {
        let what = "a whole, non-negative number of cents (e.g. 60000000 for €600,000)"
        guard case .number(let literal) = value, let amount = Int64(literal) else {
            report(path, "\(what), found \(value.kindDescription)")
            return nil
        }
        guard amount >= 0 else {
            report(path, "\(what), found \(amount)")
            return nil
        }
        return amount
    }

    private mutating func dateTime(_ value: JSONValue, at path: String) -> LocalDateTime? {
        let what = "an existing date as \"YYYY-MM-DD\" or a date-time as \"YYYY-MM-DDTHH:MM\" (local time)"
        guard case .string(let text) = value else {
            report(path, "\(what), found \(value.kindDescription)")
            return nil
        }
        guard let moment = LocalDateTime(text) else {
            report(path, "\(what), found \"\(text)\"")
            return nil
        }
        return moment
    }

    private mutating func choice<E: RawRepresentable & CaseIterable>(_ value: JSONValue, at path: String, of type: E.Type) -> E?
        where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard case .string(let text) = value, let result = E(rawValue: text) else {
            var found = value.kindDescription
            if case .string(let text) = value, let hint = Self.closest(to: text, among: names) {
                found += " (did you mean \"\(hint)\"?)"
            }
            report(path, "one of \(Self.list(names)), found \(found)")
            return nil
        }
        return result
    }

    // MARK: - Helpers

    private mutating func report(_ path: String, _ expected: String) {
        problems.append(ConfigurationProblem(file: file, path: path, expected: expected))
    }

    /// Appends a key to a JSON path, bracket-quoting keys that are not plain names.
    static func path(_ base: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }
        return plain ? "\(base).\(key)" : "\(base)[\"\(key.replacingOccurrences(of: "\"", with: "\\\""))\"]"
    }

    static func list<S: Sequence<String>>(_ names: S) -> String {
        names.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
    }

    static func list(_ names: [String]) -> String {
        names.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// The candidate within two edits of `word`, to turn a typo like "phasse" into a hint.
    static func closest(to word: String, among candidates: [String]) -> String? {
        candidates
            .map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
            .filter { $0.1 <= 2 }
            .min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
