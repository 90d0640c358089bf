import Foundation

/// One edition of a participatory budget: its calendar, places, workshops, money and ballot.
public struct Campaign: Codable, Equatable, Sendable {
    /// Identifier within the tenant, e.g. "2023".
    public var id: String
    public var title: String
    public var summary: String
    public var year: Int
    /// Total money for the winners, in integer cents of euro.
    public var envelopeCents: Int64
    /// Smallest amount a project may ask for, in cents; nil when there is none.
    public var projectMinimumCents: Int64?
    /// Largest amount a project may ask for, in cents; nil when there is none.
    public var projectMaximumCents: Int64?
    public var phases: [Phase]
    public var territories: [Territory]
    public var venues: [Venue]
    public var workshops: [Workshop]
    public var ballot: BallotSettings

    public init(id: String, title: String, summary: String, year: Int, envelopeCents: Int64,
                projectMinimumCents: Int64? = nil, projectMaximumCents: Int64? = nil,
                phases: [Phase], territories: [Territory] = [], venues: [Venue] = [],
                workshops: [Workshop] = [], ballot: BallotSettings) {
        self.id = id
        self.title = title
        self.summary = summary
        self.year = year
        self.envelopeCents = envelopeCents
        self.projectMinimumCents = projectMinimumCents
        self.projectMaximumCents = projectMaximumCents
        self.phases = phases
        self.territories = territories
        self.venues = venues
        self.workshops = workshops
        self.ballot = ballot
    }

    /// The phases whose window contains `instant`, in file order. Windows may overlap.
    public func openPhases(at instant: Date, timeZone: TimeZone) -> [Phase] {
        phases.filter { $0.contains(instant, in: timeZone) }
    }

    /// Everything open at `instant`: the union of the actions of the open phases.
    public func openActions(at instant: Date, timeZone: TimeZone) -> Set<Action> {
        Set(openPhases(at: instant, timeZone: timeZone).flatMap(\.actions))
    }

    /// Whether `action` is open at `instant`.
    public func isOpen(_ action: Action, at instant: Date, timeZone: TimeZone) -> Bool {
        openActions(at: instant, timeZone: timeZone).contains(action)
    }

    public func phase(id: String) -> Phase? { phases.first { $0.id == id } }
    public func territory(id: String) -> Territory? { territories.first { $0.id == id } }
    public func venue(id: String) -> Venue? { venues.first { $0.id == id } }
    public func venues(in territoryID: String) -> [Venue] { venues.filter { $0.territoryID == territoryID } }

    /// The workshops held at `venueID`, including those that run at every venue (no venueID, not online).
    public func workshops(at venueID: String) -> [Workshop] {
        workshops.filter { $0.venueID == venueID || ($0.venueID == nil && $0.online != true && $0.location == nil) }
    }
}

/// A window of the calendar that opens a set of actions.
///
/// Bounds are wall-clock values in the tenant's time zone. The window is half-open,
/// [start, end): a start date opens at 00:00 local; an end *date* is included through
/// 23:59:59 local (the window closes at 00:00 of the next day); an end date-time
/// ("2023-09-30T18:00") closes at that minute. No end means open for good.
public struct Phase: Codable, Equatable, Sendable {
    public var id: String
    public var title: String
    public var start: LocalDateTime
    public var end: LocalDateTime?
    public var actions: [Action]

    public init(id: String, title: String, start: LocalDateTime, end: LocalDateTime? = nil, actions: [Action]) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.actions = actions
    }

    /// The instants the phase opens and closes in `timeZone`; `end` is the first instant it is closed.
    public func interval(in timeZone: TimeZone) -> (start: Date, end: Date?) {
        (start.startInstant(in: timeZone), end?.exclusiveEndInstant(in: timeZone))
    }

    /// Whether the phase is open at `instant`.
    public func contains(_ instant: Date, in timeZone: TimeZone) -> Bool {
        let (opens, closes) = interval(in: timeZone)
        return opens <= instant && closes.map { instant < $0 } ?? true
    }
}

/// A part of the tenant's area with a name of its own (Boulonnais, Lens-Hénin…).
public struct Territory: Codable, Equatable, Sendable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A place that welcomes project holders (a "comptoir" in Pas-de-Calais), named after its host structure.
public struct Venue: Codable, Equatable, Sendable {
    public var id: String
    /// The host structure, e.g. "Centre social Espace Carnot".
    public var name: String
    /// Street address when published; nil otherwise.
    public var address: String?
    public var town: String
    public var postalCode: String
    public var territoryID: String

    public init(id: String, name: String, address: String? = nil, town: String, postalCode: String, territoryID: String) {
        self.id = id
        self.name = name
        self.address = address
        self.town = town
        self.postalCode = postalCode
        self.territoryID = territoryID
    }
}

/// A session offered to project holders: at a venue, at every venue, or online.
///
/// `starts`/`ends` are either date-times ("2023-03-08T14:00": a dated session) or bare
/// dates ("2023-03-01" … "2023-04-06": held some time in that window, the exact day
/// not being published).
public struct Workshop: Codable, Equatable, Sendable {
    public var id: String
    public var title: String
    /// Organisations that run it; empty when not published.
    public var organisers: [String]
    /// The venue it is held at; nil means at every venue, or nowhere in person when `online`.
    public var venueID: String?
    /// True for a session held online only.
    public var online: Bool?
    /// Where it is held when that is neither one venue, nor every venue, nor online
    /// (e.g. "Lieu communiqué aux projets labellisés"); shown as is.
    public var location: String?
    /// The phase it belongs to, when it should lie within that phase's window.
    public var phaseID: String?
    public var starts: LocalDateTime
    public var ends: LocalDateTime?
    /// Seats per session; nil when not limited or not published.
    public var capacity: Int?
    public var audience: Audience

    public init(id: String, title: String, organisers: [String], venueID: String? = nil, online: Bool? = nil,
                location: String? = nil, phaseID: String? = nil, starts: LocalDateTime, ends: LocalDateTime? = nil,
                capacity: Int? = nil, audience: Audience) {
        self.id = id
        self.title = title
        self.organisers = organisers
        self.venueID = venueID
        self.online = online
        self.location = location
        self.phaseID = phaseID
        self.starts = starts
        self.ends = ends
        self.capacity = capacity
        self.audience = audience
    }

    /// True when only a window of days is known, not the session's own date and time.
    public var isDateWindow: Bool { starts.time == nil }

    /// Who a workshop is for.
    public enum Audience: String, Codable, CaseIterable, Sendable {
        /// People signed up as project holders (the comptoir workshops).
        case registeredHolders = "registered-holders"
        /// Holders of projects that passed labelling (the coaching before the vote).
        case labelledProjects = "labelled-projects"
    }
}

/// How citizens vote and how the votes are counted.
public struct BallotSettings: Codable, Equatable, Sendable {
    public var kind: BallotKind
    /// Fewest projects a ballot must choose (for approval); 0 when any number down to none is allowed.
    public var minimumChoices: Int
    /// Most projects a ballot may choose; nil when unlimited (e.g. knapsack, bounded by cost instead).
    public var maximumChoices: Int?
    public var eligibility: VoterEligibility
    public var tallyRule: TallyRule
    /// How ties are broken, in words printed with the results.
    public var tieBreak: String

    public init(kind: BallotKind, minimumChoices: Int, maximumChoices: Int?, eligibility: VoterEligibility,
                tallyRule: TallyRule, tieBreak: String) {
        self.kind = kind
        self.minimumChoices = minimumChoices
        self.maximumChoices = maximumChoices
        self.eligibility = eligibility
        self.tallyRule = tallyRule
        self.tieBreak = tieBreak
    }
}

/// The shape of a ballot.
public enum BallotKind: String, Codable, CaseIterable, Sendable {
    /// Choose between a minimum and a maximum number of projects.
    case approval
    /// Choose projects whose total cost fits a limit.
    case knapsack
    /// Spread points over projects.
    case cumulative
    /// Rank projects.
    case ranking
    /// Give each project a grade.
    case majorityJudgment = "majority-judgment"
}

/// How winners are chosen from the ballots.
public enum TallyRule: String, Codable, CaseIterable, Sendable {
    /// Fund projects in order of votes while they fit in the envelope, skipping those that no longer fit.
    case greedy
    /// Method of Equal Shares, with a completion step.
    case equalShares = "equal-shares"
}

/// Who may vote.
public struct VoterEligibility: Codable, Equatable, Sendable {
    /// Minimum age in years on voting day; nil for any age.
    public var minimumAge: Int?
    /// Where voters must live, e.g. "Pas-de-Calais"; nil for no residence condition.
    public var residenceArea: String?

    public init(minimumAge: Int? = nil, residenceArea: String? = nil) {
        self.minimumAge = minimumAge
        self.residenceArea = residenceArea
    }
}
