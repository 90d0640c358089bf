import Foundation
import Testing
@testable import Voting

@Suite("Outcomes of real elections match pabutools 1.2.3")
struct ExpectedOutcomeTests {
    @Test("same winners as pabutools", arguments: SharedData.expectedCases())
    func matchesPabutoolsWinners(_ expected: SharedData.ExpectedCase) throws {
        if let missing = expected.missing {
            Issue.record(Comment(rawValue: missing))
            return
        }
        let rule = try #require(NamedRule(name: expected.rule), "unknown rule name \(expected.rule)")
        let election = try SharedData.election(expected.instance)
        let result = Tally.run(election, options: rule.options())
        let winners = try SharedData.expectedWinners(expected.file)
        #expect(Set(result.winners) == Set(winners))
        #expect(result.winners.count == Set(result.winners).count, "a project was selected twice")
        #expect(result.spent <= election.budget)
        let costs = Dictionary(uniqueKeysWithValues: election.projects.map { ($0.id, $0.cost) })
        #expect(result.spent == result.winners.reduce(0) { $0 + (costs[$1] ?? 0) })
    }

    /// Where the city published its result, the rule it used reproduces it
    /// (the `selected` column of the file is the official outcome).
    @Test("official city results", arguments: [
        ("Netherlands_Assen_2024", NamedRule.mesCostAdd1),
        ("Poland_Swiecie_2023", NamedRule.mesCostAdd1),
        ("Poland_Wieliczka_2023_Green_Budget", NamedRule.mesCostAdd1Noexh),
    ])
    func reproducesOfficialResult(instance: String, rule: NamedRule) throws {
        let election = try SharedData.election(instance)
        let official = Set(election.projects.filter { $0.attributes["selected"] == "1" }.map(\.id))
        #expect(!official.isEmpty, "the file has no official selection")
        let result = Tally.run(election, options: rule.options())
        #expect(Set(result.winners) == official)
    }
}
