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

/// Many short lists of integers stored back to back: one allocation instead of
/// one per list, which matters for memory with tens of thousands of ballots.
struct FlatLists: Sendable {
    var elements: [Int] = []
    var starts: [Int] = [0]

    var count: Int { starts.count - 1 }

    subscript(index: Int) -> ArraySlice<Int> {
        elements[starts[index]..<starts[index + 1]]
    }

    func range(_ index: Int) -> Range<Int> {
        starts[index]..<starts[index + 1]
    }

    mutating func append(_ element: Int) {
        elements.append(element)
    }

    /// Ends the list being appended to.
    mutating func closeList() {
        starts.append(elements.count)
    }
}

/// Identical approval sets merged with their multiplicity: the rules' working form.
///
/// Real elections repeat ballots a lot (Katowice: 39,828 ballots, 1,468 distinct),
/// and every rule here depends on a ballot only through the set it approves.
struct ApprovalClasses: Sendable {
    /// Sorted, duplicate-free project indices of each distinct non-empty set.
    var sets: FlatLists
    var weights: [Int]
    /// Every ballot, empty ones included: they count as voters in equal shares.
    var voterCount: Int
    /// For each project, the classes that approve it.
    var supporters: FlatLists
    /// For each project, the number of voters that approve it.
    var approvals: [Int]

    /// Voters approving each project, a ballot counting once per project.
    static func approvalCounts(_ election: Election) -> [Int] {
        var counts = [Int](repeating: 0, count: election.projects.count)
        var lastBallot = [Int](repeating: -1, count: election.projects.count)
        for (number, ballot) in election.ballots.enumerated() {
            for choice in ballot.choices where lastBallot[choice] != number {
                lastBallot[choice] = number
                counts[choice] += 1
            }
        }
        return counts
    }

    /// Up to 128 projects, a set is two machine words: hashing those is much cheaper
    /// than hashing arrays, and this runs once per ballot.
    private struct SmallSet: Hashable {
        var low: UInt64
        var high: UInt64
    }

    /// Appends the positions of the set bits, lowest first, visiting only those:
    /// most ballots approve a handful of the 128 projects a key can hold.
    private static func appendSetBits(of word: UInt64, plus offset: Int, to lists: inout FlatLists) {
        var bits = word
        while bits != 0 {
            lists.append(bits.trailingZeroBitCount + offset)
            bits &= bits - 1
        }
    }

    init(election: Election, projectFilter: ((Int) -> Bool)? = nil) {
        var sets = FlatLists()
        var weights: [Int] = []
        if election.projects.count <= 128 {
            var index: [SmallSet: Int] = [:]
            for ballot in election.ballots {
                var key = SmallSet(low: 0, high: 0)
                for choice in ballot.choices where projectFilter?(choice) ?? true {
                    if choice < 64 { key.low |= 1 << UInt64(choice) } else { key.high |= 1 << UInt64(choice - 64) }
                }
                if key.low == 0 && key.high == 0 { continue }
                if let existing = index[key] {
                    weights[existing] += 1
                } else {
                    index[key] = weights.count
                    Self.appendSetBits(of: key.low, plus: 0, to: &sets)
                    Self.appendSetBits(of: key.high, plus: 64, to: &sets)
                    sets.closeList()
                    weights.append(1)
                }
            }
        } else {
            var index: [[Int]: Int] = [:]
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
                    index[unique] = weights.count
                    for choice in unique { sets.append(choice) }
                    sets.closeList()
                    weights.append(1)
                }
            }
        }
        let projectCount = election.projects.count
        var approvals = [Int](repeating: 0, count: projectCount)
        var sizes = [Int](repeating: 0, count: projectCount)
        for classIndex in 0..<sets.count {
            for project in sets[classIndex] {
                sizes[project] += 1
                approvals[project] += weights[classIndex]
            }
        }
        var supporters = FlatLists()
        supporters.starts = [0]
        supporters.starts.reserveCapacity(projectCount + 1)
        for size in sizes { supporters.starts.append(supporters.starts[supporters.starts.count - 1] + size) }
        supporters.elements = [Int](repeating: 0, count: supporters.starts[projectCount])
        var fill = Array(supporters.starts.dropLast())
        for classIndex in 0..<sets.count {
            for project in sets[classIndex] {
                supporters.elements[fill[project]] = classIndex
                fill[project] += 1
            }
        }
        self.sets = sets
        self.weights = weights
        self.voterCount = election.ballots.count
        self.supporters = supporters
        self.approvals = approvals
    }
}
