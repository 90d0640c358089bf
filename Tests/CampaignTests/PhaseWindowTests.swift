import Foundation
import Testing
@testable import Campaign

@Suite struct PhaseWindowTests {
    let voting = Phase(id: "vote", title: "Vote", start: Fixtures.date("2023-09-01"), end: Fixtures.date("2023-09-30"),
                       actions: [.voting])

    @Test func opensAtMidnightLocalOnTheStartDay() {
        #expect(voting.contains(Fixtures.instant("2023-09-01T00:00:00+02:00"), in: Fixtures.paris))
    }

    @Test func isClosedTheSecondBeforeTheStart() {
        #expect(!voting.contains(Fixtures.instant("2023-08-31T23:59:59+02:00"), in: Fixtures.paris))
    }

    @Test func includesTheWholeEndDay() {
        #expect(voting.contains(Fixtures.instant("2023-09-30T23:59:59+02:00"), in: Fixtures.paris))
    }

    @Test func closesAtMidnightAfterTheEndDay() {
        #expect(!voting.contains(Fixtures.instant("2023-10-01T00:00:00+02:00"), in: Fixtures.paris))
    }

    @Test func storesTheWindowAsHalfOpenInstants() {
        let interval = voting.interval(in: Fixtures.paris)
        #expect(interval.start == Fixtures.instant("2023-08-31T22:00:00Z"))
        #expect(interval.end == Fixtures.instant("2023-09-30T22:00:00Z"))
    }

    @Test func staysOpenForeverWithoutAnEnd() {
        let results = Phase(id: "resultats", title: "Résultats", start: Fixtures.date("2023-11-01"), actions: [.results])
        #expect(results.interval(in: Fixtures.paris).end == nil)
        #expect(results.contains(Fixtures.instant("2031-01-01T00:00:00Z"), in: Fixtures.paris))
    }

    @Test func closesAtTheMinuteOfAnEndDateTime() {
        let phase = Phase(id: "vote", title: "Vote", start: Fixtures.date("2024-10-01T09:00"),
                          end: Fixtures.date("2024-10-27T18:00"), actions: [.voting])
        #expect(!phase.contains(Fixtures.instant("2024-10-01T08:59:59+02:00"), in: Fixtures.paris))
        #expect(phase.contains(Fixtures.instant("2024-10-01T09:00:00+02:00"), in: Fixtures.paris))
        // 27 October 2024 is after the autumn change, so Paris is at +01:00 again.
        #expect(phase.contains(Fixtures.instant("2024-10-27T17:59:59+01:00"), in: Fixtures.paris))
        #expect(!phase.contains(Fixtures.instant("2024-10-27T18:00:00+01:00"), in: Fixtures.paris))
    }

    @Test func startsOnTheSpringChangeDayAtTheWinterOffset() {
        let phase = Phase(id: "p", title: "P", start: Fixtures.date("2023-03-26"), end: Fixtures.date("2023-03-26"), actions: [.workshops])
        let interval = phase.interval(in: Fixtures.paris)
        #expect(interval.start == Fixtures.instant("2023-03-25T23:00:00Z"))
        // The day is 23 hours long: it ends at 00:00 CEST on 27 March.
        #expect(interval.end == Fixtures.instant("2023-03-26T22:00:00Z"))
    }

    @Test func endsOnTheAutumnChangeDayAtTheWinterOffset() {
        let phase = Phase(id: "p", title: "P", start: Fixtures.date("2023-10-29"), end: Fixtures.date("2023-10-29"), actions: [.voting])
        let interval = phase.interval(in: Fixtures.paris)
        #expect(interval.start == Fixtures.instant("2023-10-28T22:00:00Z"))
        // The day is 25 hours long: it ends at 00:00 CET on 30 October.
        #expect(interval.end == Fixtures.instant("2023-10-29T23:00:00Z"))
    }

    @Test func movesAWallClockTimeSkippedBySpringForwardPastTheGap() {
        // 02:30 does not exist in Paris on 26 March 2023; it resolves to 03:30 CEST.
        let phase = Phase(id: "p", title: "P", start: Fixtures.date("2023-03-26T02:30"), actions: [.voting])
        #expect(phase.interval(in: Fixtures.paris).start == Fixtures.instant("2023-03-26T01:30:00Z"))
    }

    @Test func followsTheTenantTimeZoneNotUTC() {
        let newYork = TimeZone(identifier: "America/New_York") ?? .gmt
        #expect(voting.interval(in: newYork).start == Fixtures.instant("2023-09-01T04:00:00Z"))
    }

    @Test func unitesTheActionsOfOverlappingPhases() {
        let campaign = Campaign(
            id: "t", title: "T", summary: "S", year: 2023, envelopeCents: 100,
            phases: [
                Phase(id: "a", title: "A", start: Fixtures.date("2023-01-01"), end: Fixtures.date("2023-01-31"), actions: [.signUp, .ideaPosting]),
                Phase(id: "b", title: "B", start: Fixtures.date("2023-01-15"), end: Fixtures.date("2023-02-15"), actions: [.ideaPosting, .dossierFiling]),
            ],
            ballot: BallotSettings(kind: .approval, minimumChoices: 1, maximumChoices: 1, eligibility: VoterEligibility(),
                                   tallyRule: .greedy, tieBreak: "lot"))
        let instant = Fixtures.instant("2023-01-20T12:00:00+01:00")
        #expect(campaign.openActions(at: instant, timeZone: Fixtures.paris) == [.signUp, .ideaPosting, .dossierFiling])
        #expect(campaign.openPhases(at: instant, timeZone: Fixtures.paris).map(\.id) == ["a", "b"])
        #expect(campaign.openActions(at: Fixtures.instant("2023-03-01T12:00:00+01:00"), timeZone: Fixtures.paris).isEmpty)
    }
}
