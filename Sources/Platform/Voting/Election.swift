/// The kind of ballot an election collects.
public enum BallotKind: String, Sendable, Codable, CaseIterable {
    case approval
    case knapsack
    case cumulative
    case ordinal
    case scoring
    case majorityJudgment = "majority_judgment"
}

/// A project put to the vote. Money is in cents.
public struct Project: Sendable, Hashable, Codable {
    public var id: String
    public var cost: Int64
    public var name: String
    /// Category labels (e.g. "youth"); used by reserved envelopes.
    public var categories: [String]
    /// The territory (canton, arrondissement…) the project belongs to; nil for city-wide.
    public var territory: String?
    /// Other Pabulib columns, kept so that an export round-trips.
    public var attributes: [String: String]

    public init(id: String, cost: Int64, name: String = "", categories: [String] = [],
                territory: String? = nil, attributes: [String: String] = [:]) {
        self.id = id
        self.cost = cost
        self.name = name
        self.categories = categories
        self.territory = territory
        self.attributes = attributes
    }
}

/// One voter's ballot; `choices` are indices into `Election.projects`, in ballot order.
public struct Ballot: Sendable, Hashable, Codable {
    public var voterID: String
    public var choices: [Int]
    /// Points (cumulative, scoring) or grades (majority judgment), aligned with `choices`.
    public var points: [Int]?
    /// The territory whose tally the ballot counts in, when envelopes are per territory.
    public var territory: String?
    /// Other Pabulib columns (age, sex…), kept so that an export round-trips.
    public var attributes: [String: String]

    public init(voterID: String, choices: [Int], points: [Int]? = nil,
                territory: String? = nil, attributes: [String: String] = [:]) {
        self.voterID = voterID
        self.choices = choices
        self.points = points
        self.territory = territory
        self.attributes = attributes
    }
}

/// An election: the envelope, the projects and the ballots cast.
public struct Election: Sendable, Hashable, Codable {
    public var kind: BallotKind
    /// The envelope, in cents.
    public var budget: Int64
    public var projects: [Project]
    public var ballots: [Ballot]
    /// Pabulib META rows in file order.
    public var meta: [MetaEntry]
    /// Column order of the PROJECTS and VOTES sections, for a faithful export.
    public var projectColumns: [String]
    public var voteColumns: [String]

    /// One `key;value` row of a Pabulib META section.
    public struct MetaEntry: Sendable, Hashable, Codable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public init(kind: BallotKind, budget: Int64, projects: [Project], ballots: [Ballot],
                meta: [MetaEntry] = [], projectColumns: [String] = [], voteColumns: [String] = []) {
        self.kind = kind
        self.budget = budget
        self.projects = projects
        self.ballots = ballots
        self.meta = meta
        self.projectColumns = projectColumns
        self.voteColumns = voteColumns
    }

    /// The value of a META key, if present.
    public func metaValue(_ key: String) -> String? {
        meta.first { $0.key == key }?.value
    }
}

/// Identical approval sets merged with their multiplicity: the rules' working form.
///
/// Real elections repeat ballots a lot (Katowice: 39,828 ballots, 1,468 distinct),
/// and every rule here depends on a ballot only through the set it approves.
struct ApprovalClasses: Sendable {
    /// Sorted, duplicate-free project indices of each distinct non-empty set.
    var sets: [[Int]]
    var weights: [Int]
    /// Every ballot, empty ones included: they count as voters in equal shares.
    var voterCount: Int
    /// For each project, the classes that approve it.
    var supporters: [[Int]]
    /// For each project, the number of voters that approve it.
    var approvals: [Int]

    init(election: Election, projectFilter: ((Int) -> Bool)? = nil) {
        var index: [[Int]: Int] = [:]
        var sets: [[Int]] = []
        var weights: [Int] = []
        for ballot in election.ballots {
            var set = ballot.choices
            if let filter = projectFilter { set = set.filter(filter) }
            set.sort()
            var unique: [Int] = []
            unique.reserveCapacity(set.count)
            for choice in set where unique.last != choice { unique.append(choice) }
            if unique.isEmpty { continue }
            if let existing = index[unique] {
                weights[existing] += 1
            } else {
                index[unique] = sets.count
                sets.append(unique)
                weights.append(1)
            }
        }
        var supporters = [[Int]](repeating: [], count: election.projects.count)
        var approvals = [Int](repeating: 0, count: election.projects.count)
        for (classIndex, set) in sets.enumerated() {
            for project in set {
                supporters[project].append(classIndex)
                approvals[project] += weights[classIndex]
            }
        }
        self.sets = sets
        self.weights = weights
        self.voterCount = election.ballots.count
        self.supporters = supporters
        self.approvals = approvals
    }
}
