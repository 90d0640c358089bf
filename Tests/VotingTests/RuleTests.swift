import Foundation
import Testing
@testable import Voting

/// Small hand-made elections whose outcome can be worked out on paper.
@Suite("Counting rules and structures")
struct RuleTests {
    static func election(costs: [Int64], ballots: [[Int]], budget: Int64, ids: [String]? = nil) -> Election {
        let projects = costs.enumerated().map { Project(id: ids?[$0.offset] ?? "p\($0.offset)", cost: $0.element) }
        return Election(kind: .approval, budget: budget, projects: projects,
                        ballots: ballots.enumerated().map { Ballot(voterID: "v\($0.offset)", choices: $0.element) })
    }

    @Test func greedySkipsWhatNoLongerFitsAndExplainsIt() {
        // Votes: p0 3, p1 2, p2 1. p1 does not fit after p0.
        let election = Self.election(costs: [600, 500, 300], ballots: [[0, 1], [0, 1], [0, 2]], budget: 1000)
        let result = Tally.run(election, options: NamedRule.greedyCost.options())
        #expect(result.winners == ["p0", "p2"])
        #expect(result.spent == 900)
        #expect(result.projects[1].reason == .doesNotFit(remaining: 400, needed: 500))
        #expect(result.projects[1].explanation.contains("il restait 4\u{00A0}€, il fallait 5\u{00A0}€"))
        let stopping = Tally.run(election, options: NamedRule.greedyNoSkip.options())
        #expect(stopping.winners == ["p0"])
        #expect(stopping.projects[2].reason == .stopped(at: "p1", remaining: 400, needed: 300))
    }

    @Test func tieBreakDecidesEqualVotes() {
        let election = Self.election(costs: [600, 600], ballots: [[0], [1]], budget: 1000, ids: ["9", "10"])
        #expect(Tally.run(election, options: NamedRule.greedyCost.options()).winners == ["10"], "\"10\" < \"9\" as strings")
        #expect(Tally.run(election, options: NamedRule.greedyCostRevlex.options()).winners == ["9"])
        let cheaper = Self.election(costs: [500, 600], ballots: [[0], [1]], budget: 700, ids: ["9", "10"])
        #expect(Tally.run(cheaper, options: NamedRule.greedyCost.options(tieBreak: .costThenVotes)).winners == ["9"])
        let seeded = Tally.run(election, options: NamedRule.greedyCost.options(tieBreak: TieBreak([.seededRandom(7)])))
        #expect(seeded.winners.count == 1)
        #expect(seeded.tieBreak.contains("graine 7"))
    }

    @Test func equalSharesFundsGroupsInProportion() {
        // 3 voters like a (cost 2), 1 voter likes b (cost 1); budget 4, share 1 each.
        // a: the three pay 2/3 each; b: its single supporter has 1, enough.
        let election = Self.election(costs: [200, 100, 150], ballots: [[0], [0], [0], [1, 2]], budget: 400)
        let result = Tally.run(election, options: NamedRule.mesCost.options())
        #expect(result.winners == ["p0", "p1"])
        if case .supportersShort(let available, let needed) = result.projects[2].reason {
            #expect(available == 0)
            #expect(needed == 150)
        } else {
            Issue.record("p2 should lose for lack of money under equal shares")
        }
    }

    @Test func phragmenStopsAtFirstBestProjectThatDoesNotFit() {
        // Loads: p2 100/1, then p0 600/2 = 300, then p1 500/1 does not fit in the 300 left.
        let election = Self.election(costs: [600, 500, 100], ballots: [[0], [0], [1], [2]], budget: 1000)
        let result = Tally.run(election, options: NamedRule.phragmen.options())
        #expect(result.winners == ["p2", "p0"])
        #expect(result.projects[1].reason == .doesNotFit(remaining: 300, needed: 500))
    }

    @Test func majorityJudgmentBreaksTiesByRemovingMedians() {
        // Both have majority grade 2; removing medians: a → 1 left, b → 3 left… b wins.
        let counts = [[0, 1, 1, 1, 0], [0, 0, 2, 0, 1], [1, 2, 0, 0, 0]]
        #expect(MajorityJudgment.majorityGrade(counts[0]) == 2)
        #expect(MajorityJudgment.majorityGrade(counts[1]) == 2)
        #expect(MajorityJudgment.order(gradeCounts: counts, tieRank: [0, 1, 2]) == [1, 0, 2])
    }

    @Test func majorityJudgmentFundsInGradeOrder() {
        var election = Self.election(costs: [500, 600, 400], ballots: [], budget: 1000)
        election.kind = .majorityJudgment
        election.ballots = [
            Ballot(voterID: "1", choices: [0, 1, 2], points: [3, 2, 0]),
            Ballot(voterID: "2", choices: [0, 1, 2], points: [2, 3, 1]),
            Ballot(voterID: "3", choices: [0, 1, 2], points: [2, 3, 3]),
        ]
        let result = Tally.run(election, options: NamedRule.majorityJudgment.options(gradeCount: 4))
        #expect(result.winners == ["p1", "p2"])
        #expect(result.projects[0].grades == [0, 0, 2, 1])
    }

    @Test func minimumVotesMakesProjectsIneligible() {
        let election = Self.election(costs: [100, 100], ballots: [[0], [0], [1]], budget: 1000)
        var options = NamedRule.greedyCost.options()
        options.minimumVotes = 2
        let result = Tally.run(election, options: options)
        #expect(result.winners == ["p0"])
        #expect(result.projects[1].reason == .belowThreshold(votes: 1, minimum: 2))
    }

    @Test func territoriesHaveTheirOwnEnvelopes() {
        var election = Self.election(costs: [100, 100, 100, 100], ballots: [], budget: 300)
        election.projects[0].territory = "Nord"
        election.projects[1].territory = "Nord"
        election.projects[2].territory = "Sud"
        election.ballots = [
            Ballot(voterID: "1", choices: [0, 1], territory: "Nord"),
            Ballot(voterID: "2", choices: [1], territory: "Nord"),
            Ballot(voterID: "3", choices: [2, 3], territory: "Sud"),
            Ballot(voterID: "4", choices: [0], territory: "Sud"),  // counts only in Sud: p0 gets nothing from it
        ]
        let plan = TallyPlan(options: NamedRule.greedyCost.options(), territoryBudgets: ["Nord": 100, "Sud": 100])
        let result = Tally.run(election, plan: plan)
        #expect(result.winners == ["p3", "p1", "p2"])
        #expect(result.spent <= election.budget)
        let paris = Tally.run(election, plan: TallyPlan(options: NamedRule.greedyCost.options(),
                                                         territoryBudgets: ["Nord": 100, "Sud": 100],
                                                         ballotScope: .chosenProjects))
        // Now voter 4's choice of p0 counts in Nord: p0 ties p1 and wins on its id.
        #expect(paris.winners == ["p3", "p0", "p2"])
    }

    @Test func reservedEnvelopeIsFilledFirst() {
        var election = Self.election(costs: [600, 400, 300], ballots: [[0], [0], [0], [1], [2], [2]], budget: 1000)
        election.projects[1].categories = ["jeunesse"]
        let plain = Tally.run(election, options: NamedRule.greedyCost.options())
        #expect(!plain.winners.contains("p1"))
        let plan = TallyPlan(options: NamedRule.greedyCost.options(), reserved: ReservedEnvelope(category: "jeunesse", amount: 400))
        let result = Tally.run(election, plan: plan)
        #expect(result.winners.first == "p1")
        #expect(result.projects[1].reason == .selected(stage: .reserved))
        #expect(result.spent <= 1000)
    }

    @Test func everyTerritoryGetsItsMinimumOfWinners() {
        var election = Self.election(costs: [500, 500, 400], ballots: [[0], [0], [0], [1], [1], [2]], budget: 1000)
        election.projects[0].territory = "A"
        election.projects[1].territory = "A"
        election.projects[2].territory = "B"
        let plain = Tally.run(election, options: NamedRule.greedyCost.options())
        #expect(!plain.winners.contains("p2"))
        let plan = TallyPlan(options: NamedRule.greedyCost.options(), minimumWinnersPerTerritory: 1)
        let result = Tally.run(election, plan: plan)
        #expect(Set(result.winners) == ["p0", "p2"])
        #expect(result.spent <= 1000)
    }

    @Test func resultEncodesWinnersInSelectionOrder() throws {
        let election = Self.election(costs: [600, 500, 300], ballots: [[0, 1], [0, 1], [0, 2]], budget: 1000)
        let result = Tally.run(election, options: NamedRule.greedyCost.options())
        let data = try JSONEncoder().encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["winners"] as? [String] == ["p0", "p2"])
        let decoded = try JSONDecoder().decode(TallyResult.self, from: data)
        #expect(decoded == result)
    }
}
