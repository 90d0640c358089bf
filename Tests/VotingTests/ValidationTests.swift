import Testing
@testable import Voting

@Suite("Ballot validation")
struct ValidationTests {
    static let projects = [
        Project(id: "A", cost: 1_000_000), Project(id: "B", cost: 2_000_000),
        Project(id: "C", cost: 500_000), Project(id: "D", cost: 1_500_000),
    ]

    @Test func acceptsApprovalWithinBounds() {
        let rules = BallotRules.approval(minimum: 1, maximum: 3)
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [0, 2]), projects: Self.projects).isEmpty)
    }

    @Test func rejectsBallotWithTooManyChoices() {
        let rules = BallotRules.approval(minimum: 3, maximum: 3)
        let violations = rules.violations(of: Ballot(voterID: "v", choices: [0, 1, 2, 3]), projects: Self.projects)
        #expect(violations == [.tooManyChoices(maximum: 3, actual: 4)])
        #expect(violations[0].description == "Vous avez choisi 4 projets, vous pouvez en choisir au plus 3.")
    }

    @Test func reportsEveryViolationAtOnce() {
        let rules = BallotRules.approval(minimum: 3, maximum: 5)
        let violations = rules.violations(of: Ballot(voterID: "v", choices: [1, 1, 9]), projects: Self.projects)
        #expect(violations == [.duplicateChoice(projectID: "B"), .unknownProject(index: 9), .tooFewChoices(minimum: 3, actual: 1)])
        #expect(violations.allSatisfy { !$0.description.isEmpty })
    }

    @Test func rejectsKnapsackOverTheLimitOrUnderTheMinimum() {
        let rules = BallotRules.knapsack(limit: 3_000_000, minimumTotal: 2_000_000)
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [0, 1]), projects: Self.projects).isEmpty)
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [0, 1, 2]), projects: Self.projects)
            == [.overCostLimit(limit: 3_000_000, total: 3_500_000)])
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [2]), projects: Self.projects)
            == [.underCostMinimum(minimum: 2_000_000, total: 500_000)])
    }

    @Test func rejectsCumulativePointsOverTotalOrCap() {
        let rules = BallotRules.cumulative(totalPoints: 5, maximumPerProject: 3, spendAll: true)
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [0, 1], points: [3, 2]), projects: Self.projects).isEmpty)
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [0, 1], points: [4, 2]), projects: Self.projects)
            == [.tooManyPointsForProject(projectID: "A", maximum: 3, points: 4), .tooManyPoints(total: 5, given: 6)])
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [0], points: [2]), projects: Self.projects)
            == [.pointsLeft(total: 5, given: 2)])
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [0]), projects: Self.projects) == [.pointsMissing])
    }

    @Test func rejectsRankingLongerThanAllowed() {
        let rules = BallotRules.ranking(maximum: 2)
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [3, 0, 1]), projects: Self.projects)
            == [.rankingTooLong(maximum: 2, actual: 3)])
    }

    @Test func requiresOneValidGradePerProjectForMajorityJudgment() {
        let rules = BallotRules.majorityJudgment(grades: 4)
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [0, 1, 2, 3], points: [0, 1, 2, 3]),
                                 projects: Self.projects).isEmpty)
        #expect(rules.violations(of: Ballot(voterID: "v", choices: [0, 1, 2], points: [0, 4, 2]), projects: Self.projects)
            == [.invalidGrade(projectID: "B", grade: 4, grades: 4), .missingGrade(projectID: "D")])
    }
}
