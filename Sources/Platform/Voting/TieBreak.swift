/// One criterion of a tie-break, applied in order until two projects differ.
public enum TieBreakCriterion: Sendable, Codable, Hashable {
    /// Project id compared as a string, code point by code point (pabutools' default).
    case projectID
    /// The reverse of `projectID`.
    case projectIDDescending
    case lowestCost
    case highestCost
    case mostVotes
    /// A published seed: the order is a hash of the seed and the project id.
    case seededRandom(UInt64)
}

/// A deterministic tie-break: a list of criteria, the last of which must separate any two projects.
public struct TieBreak: Sendable, Codable, Hashable, CustomStringConvertible {
    public var criteria: [TieBreakCriterion]

    public init(_ criteria: [TieBreakCriterion]) {
        self.criteria = criteria
    }

    /// pabutools' default: project id as a string.
    public static let pabutools = TieBreak([.projectID])
    public static let pabutoolsReversed = TieBreak([.projectIDDescending])
    /// Lowest cost, then most votes, then project id.
    public static let costThenVotes = TieBreak([.lowestCost, .mostVotes, .projectID])

    /// Parses a command-line spelling such as `id`, `cost,votes,id` or `seed:42`.
    public init?(parsing text: String) {
        var criteria: [TieBreakCriterion] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            switch part {
            case "id", "lex", "pabutools": criteria.append(.projectID)
            case "revlex", "id-desc": criteria.append(.projectIDDescending)
            case "cost", "lowest-cost": criteria.append(.lowestCost)
            case "highest-cost": criteria.append(.highestCost)
            case "votes", "most-votes": criteria.append(.mostVotes)
            default:
                guard part.hasPrefix("seed:"), let seed = UInt64(part.dropFirst(5)) else { return nil }
                criteria.append(.seededRandom(seed))
            }
        }
        if criteria.isEmpty { return nil }
        self.criteria = criteria
    }

    public var description: String {
        criteria.map { criterion in
            switch criterion {
            case .projectID: return "identifiant du projet (ordre des chaînes, comme pabutools)"
            case .projectIDDescending: return "identifiant du projet, ordre inverse"
            case .lowestCost: return "coût le plus bas"
            case .highestCost: return "coût le plus élevé"
            case .mostVotes: return "le plus de voix"
            case .seededRandom(let seed): return "tirage au sort publié (graine \(seed))"
            }
        }.joined(separator: ", puis ")
    }

    /// For each project, its place in the tie-break order (0 wins every tie).
    public func ranks(projects: [Project], votes: [Int]) -> [Int] {
        let keys = projects.map { Array($0.id.unicodeScalars.map(\.value)) }
        let order = projects.indices.sorted { a, b in
            for criterion in criteria {
                switch criterion {
                case .projectID:
                    if keys[a] != keys[b] { return keys[a].lexicographicallyPrecedes(keys[b]) }
                case .projectIDDescending:
                    if keys[a] != keys[b] { return keys[b].lexicographicallyPrecedes(keys[a]) }
                case .lowestCost:
                    if projects[a].cost != projects[b].cost { return projects[a].cost < projects[b].cost }
                case .highestCost:
                    if projects[a].cost != projects[b].cost { return projects[a].cost > projects[b].cost }
                case .mostVotes:
                    if votes[a] != votes[b] { return votes[a] > votes[b] }
                case .seededRandom(let seed):
                    let ha = Self.mix(seed, keys[a]), hb = Self.mix(seed, keys[b])
                    if ha != hb { return ha < hb }
                }
            }
            // Ids are unique, so this only orders exact duplicates stably.
            return keys[a].lexicographicallyPrecedes(keys[b]) || (keys[a] == keys[b] && a < b)
        }
        var ranks = [Int](repeating: 0, count: projects.count)
        for (rank, project) in order.enumerated() { ranks[project] = rank }
        return ranks
    }

    /// FNV-1a over the id's code points, then a SplitMix64 finaliser with the seed:
    /// simple enough for anyone to recompute by hand from the published seed.
    static func mix(_ seed: UInt64, _ scalars: [UInt32]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for scalar in scalars {
            hash ^= UInt64(scalar)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        var z = hash ^ seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
