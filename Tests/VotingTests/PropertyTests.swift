import Foundation
import Testing
@testable import Voting

/// A small, seedable generator so that every random election can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Properties of the rules on random elections")
struct PropertyTests {
    static let seeds: [UInt64] = Array(1...40)
    static let rules: [NamedRule] = [.greedyCost, .greedyNoSkip, .mesCost, .mesCostGreedy, .mesCostAdd1, .mesCostAdd1u,
                                     .mesCostAdd1Eqtb, .mesCostAdd1Noexh, .phragmen]

    /// Costs are coarse multiples so that ties in votes and in ρ really happen.
    static func randomElection(seed: UInt64) -> Election {
        var random = SplitMix(state: seed)
        let projectCount = Int.random(in: 3...9, using: &random)
        let projects = (0..<projectCount).map { index in
            Project(id: String(Int.random(in: 1...30, using: &random)) + "-\(index)",
                    cost: Int64(Int.random(in: 1...8, using: &random)) * 25_000)
        }
        let voterCount = Int.random(in: 1...40, using: &random)
        let ballots = (0..<voterCount).map { voter in
            let size = Int.random(in: 0...min(4, projectCount), using: &random)
            return Ballot(voterID: "v\(voter)", choices: Array((0..<projectCount).shuffled(using: &random).prefix(size)))
        }
        let total = projects.reduce(Int64(0)) { $0 + $1.cost }
        let budget = Int64(Double(total) * Double.random(in: 0.2...0.9, using: &random)) / 100 * 100
        return Election(kind: .approval, budget: budget, projects: projects, ballots: ballots)
    }

    @Test(arguments: seeds)
    func spendingNeverExceedsTheEnvelope(seed: UInt64) {
        let election = Self.randomElection(seed: seed)
        for rule in Self.rules {
            let result = Tally.run(election, options: rule.options())
            #expect(result.spent <= election.budget, "\(rule.rawValue) overspends on seed \(seed)")
            #expect(Set(result.winners).count == result.winners.count)
        }
    }

    @Test(arguments: seeds)
    func greedyIsMonotoneInAProjectsVotes(seed: UInt64) {
        let election = Self.randomElection(seed: seed)
        let result = Tally.run(election, options: NamedRule.greedyCost.options())
        for winner in result.winners {
            guard let index = election.projects.firstIndex(where: { $0.id == winner }) else { continue }
            var more = election
            more.ballots.append(Ballot(voterID: "extra", choices: [index]))
            #expect(Tally.run(more, options: NamedRule.greedyCost.options()).winners.contains(winner))
        }
    }

    /// Reordering the project list, or renaming projects in a way that keeps their
    /// string order, changes nothing: only the stated tie-break may look at ids.
    @Test(arguments: seeds)
    func relabellingProjectsDoesNotChangeTheOutcome(seed: UInt64) {
        let election = Self.randomElection(seed: seed)
        var random = SplitMix(state: seed &* 31)
        let permutation = Array(election.projects.indices).shuffled(using: &random)
        var newPosition = [Int](repeating: 0, count: permutation.count)
        for (position, old) in permutation.enumerated() { newPosition[old] = position }
        var reordered = election
        reordered.projects = permutation.map { election.projects[$0] }
        reordered.ballots = election.ballots.map { ballot in
            var copy = ballot
            copy.choices = ballot.choices.map { newPosition[$0] }
            return copy
        }
        var renamed = election
        renamed.projects = election.projects.map { project in
            var copy = project
            copy.id = "P" + project.id
            return copy
        }
        for rule in Self.rules {
            let base = Tally.run(election, options: rule.options())
            #expect(Tally.run(reordered, options: rule.options()).winners == base.winners, "\(rule.rawValue), seed \(seed)")
            #expect(Tally.run(renamed, options: rule.options()).winners == base.winners.map { "P" + $0 },
                    "\(rule.rawValue), seed \(seed)")
        }
    }

    @Test(arguments: seeds)
    func resultFromAPabulibExportIsIdentical(seed: UInt64) throws {
        let election = Self.randomElection(seed: seed)
        let exported = try Pabulib.parse(Data(Pabulib.write(election).utf8))
        for rule in Self.rules {
            #expect(Tally.run(exported, options: rule.options()) == Tally.run(election, options: rule.options()))
        }
    }

    /// The floating-point pass of equal shares must never decide differently from
    /// the exact one; when it is unsure it must step aside (return nil).
    @Test(arguments: seeds)
    func fastEqualSharesAgreesWithExactArithmetic(seed: UInt64) {
        let election = Self.randomElection(seed: seed)
        let classes = ApprovalClasses(election: election)
        let ranks = TieBreak.pabutools.ranks(projects: election.projects, votes: classes.approvals)
        let candidates = election.projects.indices.filter { classes.approvals[$0] > 0 && election.projects[$0].cost > 0 }
        let engine = EqualShares(classes: classes, costs: election.projects.map(\.cost), candidates: candidates, tieRank: ranks)
        var compared = 0
        for step in 0..<20 {
            let share = UInt64(election.budget) + UInt64(step) * 100 * UInt64(max(1, classes.voterCount)) * 50
            let exact = engine.runExact(shareNumerator: share)
            if let fast = engine.runFast(shareNumerator: share) {
                #expect(fast.selected == exact.selected, "seed \(seed), step \(step)")
                compared += 1
            }
        }
        #expect(compared > 0, "the fast pass never ran, so nothing was compared")
    }

    /// Random elections on which floating point cannot tell (exact ties between
    /// capped supporters, sums equal to a cost): the rule must take the exact path.
    @Test(arguments: [(UInt64(12), UInt64(0)), (17, 5), (29, 0), (38, 6)])
    func closeCallsAreDecidedWithExactArithmetic(seed: UInt64, step: UInt64) {
        let election = Self.randomElection(seed: seed)
        let classes = ApprovalClasses(election: election)
        let ranks = TieBreak.pabutools.ranks(projects: election.projects, votes: classes.approvals)
        let candidates = election.projects.indices.filter { classes.approvals[$0] > 0 && election.projects[$0].cost > 0 }
        let engine = EqualShares(classes: classes, costs: election.projects.map(\.cost), candidates: candidates, tieRank: ranks)
        let share = UInt64(election.budget) + step * 100 * UInt64(max(1, classes.voterCount)) * 50
        #expect(engine.runFast(shareNumerator: share) == nil, "the floating-point pass should have stepped aside")
        let outcome = engine.run(shareNumerator: share)
        #expect(outcome.usedExactArithmetic)
        #expect(outcome.selected == engine.runExact(shareNumerator: share).selected)
        let spent = outcome.selected.reduce(Int64(0)) { $0 + election.projects[$1].cost }
        #expect(spent <= election.budget + Int64(step) * 100 * Int64(classes.voterCount) * 50)
    }

    @Test(arguments: ["Netherlands_Assen_2024", "Poland_Swiecie_2023", "Poland_Gdynia_2020_Babie_Doly__small"])
    func realElectionRecountedFromItsExportIsIdentical(instance: String) throws {
        let election = try SharedData.election(instance)
        let exported = try Pabulib.parse(Data(Pabulib.write(election).utf8))
        for rule in [NamedRule.greedyCost, .mesCostAdd1, .phragmen] {
            #expect(Tally.run(exported, options: rule.options()) == Tally.run(election, options: rule.options()))
        }
    }
}
