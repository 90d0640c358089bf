import Foundation
import Testing
@testable import Voting

@Suite("Pabulib files")
struct PabulibTests {
    static let sample = """
    META
    key;value
    budget;10000,50
    vote_type;approval
    currency;EUR
    PROJECTS
    project_id;cost;name;category
    1;4000;"Jardin; partagé";youth,green
    2;5000,25;"Le ""grand"" banc";
    10;2500.5;Fresque;youth
    VOTES
    voter_id;vote;age
    a;1,2;34
    b;2,2,10;
    c;;51
    """

    @Test func readsQuotingDecimalCommasDuplicatesAndEmptyBallots() throws {
        let election = try Pabulib.parse(Data(Self.sample.utf8))
        #expect(election.budget == 1_000_050)
        #expect(election.projects.map(\.id) == ["1", "2", "10"])
        #expect(election.projects[0].name == "Jardin; partagé")
        #expect(election.projects[0].categories == ["youth", "green"])
        #expect(election.projects[1].name == "Le \"grand\" banc")
        #expect(election.projects[1].cost == 500_025)
        #expect(election.projects[2].cost == 250_050)
        #expect(election.ballots.count == 3)
        #expect(election.ballots[1].choices == [1, 1, 2])
        #expect(election.ballots[2].choices.isEmpty)
        let classes = ApprovalClasses(election: election)
        #expect(classes.approvals == [1, 2, 1], "a ballot is a set: the duplicate 2 counts once")
        #expect(classes.voterCount == 3, "the empty ballot still counts as a voter")
    }

    @Test func acceptsCRLFAndByteOrderMark() throws {
        let text = "\u{FEFF}" + Self.sample.replacingOccurrences(of: "\n", with: "\r\n")
        let withCRLF = try Pabulib.parse(Data(text.utf8))
        let plain = try Pabulib.parse(Data(Self.sample.utf8))
        #expect(withCRLF == plain)
    }

    @Test func reportsMalformedLineByNumber() {
        let broken = Self.sample.replacingOccurrences(of: "b;2,2,10;", with: "b;2,2,10")
        #expect(throws: PabulibError(file: "<input>", line: 14, problem: .wrongFieldCount(expected: 3, found: 2))) {
            try Pabulib.parse(Data(broken.utf8))
        }
    }

    @Test func reportsUnknownProjectWithLineAndField() throws {
        let broken = Self.sample.replacingOccurrences(of: "a;1,2;34", with: "a;1,7;34")
        do {
            _ = try Pabulib.parse(Data(broken.utf8))
            Issue.record("an unknown project was accepted")
        } catch {
            #expect(error.line == 13)
            #expect(error.field == "vote")
            #expect(error.problem == .unknownProject("7"))
            #expect(error.description.contains(":13"))
        }
    }

    @Test func rejectsBadCostAndMissingBudget() throws {
        let badCost = Self.sample.replacingOccurrences(of: "1;4000;", with: "1;4k;")
        #expect(throws: PabulibError.self) { try Pabulib.parse(Data(badCost.utf8)) }
        let noBudget = Self.sample.replacingOccurrences(of: "budget;10000,50\n", with: "")
        #expect(throws: PabulibError(file: "<input>", field: "budget", problem: .missingBudget)) {
            try Pabulib.parse(Data(noBudget.utf8))
        }
        let votesSection = try #require(Self.sample.range(of: "VOTES"))
        let noVotes = String(Self.sample[..<votesSection.lowerBound])
        #expect(throws: PabulibError(file: "<input>", problem: .missingSection("VOTES"))) {
            try Pabulib.parse(Data(noVotes.utf8))
        }
    }

    @Test func rejectsUnterminatedQuote() {
        let broken = Self.sample.replacingOccurrences(of: "10;2500.5;Fresque;youth", with: "10;2500.5;\"Fresque;youth")
        #expect(throws: PabulibError.self) { try Pabulib.parse(Data(broken.utf8)) }
    }

    @Test func readsCumulativePointsAndRejectsMisalignedOnes() throws {
        let text = """
        META
        key;value
        budget;100
        vote_type;cumulative
        PROJECTS
        project_id;cost
        a;60
        b;50
        VOTES
        voter_id;vote;points
        1;a,b;2,1
        2;b;3
        """
        let election = try Pabulib.parse(Data(text.utf8))
        #expect(election.kind == .cumulative)
        #expect(election.ballots[0].points == [2, 1])
        let result = Tally.run(election, options: NamedRule.greedy.options())
        #expect(result.winners == ["b"], "b has 4 points against 2")
        let misaligned = text.replacingOccurrences(of: "2;b;3", with: "2;b;3,1")
        #expect(throws: PabulibError(file: "<input>", line: 12, field: "points", problem: .pointsMismatch(choices: 1, points: 2))) {
            try Pabulib.parse(Data(misaligned.utf8))
        }
    }

    @Test func writtenFileParsesBackToTheSameElection() throws {
        let election = try Pabulib.parse(Data(Self.sample.utf8))
        let again = try Pabulib.parse(Data(Pabulib.write(election).utf8))
        #expect(again.projects == election.projects)
        #expect(again.ballots == election.ballots)
        #expect(again.budget == election.budget)
        #expect(again.kind == election.kind)
        let third = try Pabulib.parse(Data(Pabulib.write(again).utf8))
        #expect(third == again)
    }

    @Test(arguments: ["Poland_Katowice_2023", "US_Stanford_Dataset_PB_Rochester_NY_2019_vote_rankings", "Netherlands_Amsterdam_166"])
    func realFileRoundTrips(instance: String) throws {
        let election = try SharedData.election(instance)
        let again = try Pabulib.parse(Data(Pabulib.write(election).utf8))
        #expect(again.projects == election.projects)
        #expect(again.ballots == election.ballots)
        #expect(again.budget == election.budget)
    }

    /// Every shared `.pb` file, for the tests of the chunked reader.
    static func sharedFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: SharedData.pabulibFolder.path)) ?? []
        let files = names.filter { $0.hasSuffix(".pb") }.sorted()
        // An empty list would make the test vanish instead of failing.
        return files.isEmpty ? ["missing: no .pb file in \(SharedData.pabulibFolder.path)"] : files
    }

    @Test(arguments: sharedFiles())
    func chunkedFileParseMatchesWholeBufferParse(file: String) throws {
        let path = SharedData.pabulibFolder.appendingPathComponent(file).path
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let whole = try Pabulib.parse(data, fileName: file)
        #expect(try Pabulib.parse(path: path) == whole)
        #expect(try Pabulib.parse(path: path, chunkSize: 7) == whole)
        // One byte at a time rescans each record once per byte: kept to the smaller files.
        if data.count < 100_000 {
            #expect(try Pabulib.parse(path: path, chunkSize: 1) == whole)
        }
    }

    /// Parses `text` whole and at every chunk size up to its length, and requires the same election.
    static func expectSameAtEveryChunkSize(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = Data(text.utf8)
        let whole = try Pabulib.parse(data)
        for chunkSize in 1...(data.count + 1) {
            let chunked = try Pabulib.parse(data, chunkSize: chunkSize)
            #expect(chunked == whole, "chunks of \(chunkSize) bytes", sourceLocation: sourceLocation)
        }
    }

    @Test func quotedNewlineAndEscapedQuoteSurviveEveryChunkBoundary() throws {
        let text = Self.sample.replacingOccurrences(of: "\"Le \"\"grand\"\" banc\"", with: "\"Le \"\"grand\"\"\nbanc\"\"\"\"\"")
        let election = try Pabulib.parse(Data(text.utf8))
        #expect(election.projects[1].name == "Le \"grand\"\nbanc\"\"")
        #expect(election.ballots[2].voterID == "c", "the ballots come after the quoted newline")
        try Self.expectSameAtEveryChunkSize(text)
    }

    @Test func crlfAndByteOrderMarkSurviveEveryChunkBoundary() throws {
        let text = "\u{FEFF}" + Self.sample.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        #expect(try Pabulib.parse(Data(text.utf8), chunkSize: 1) == Pabulib.parse(Data(Self.sample.utf8)))
        try Self.expectSameAtEveryChunkSize(text)
        // A byte-order mark only counts at the start of the file, even when it is a chunk's start.
        let inside = Self.sample.replacingOccurrences(of: "key;value\n", with: "key;value\n\u{FEFF}x;1\n")
        #expect(try Pabulib.parse(Data(inside.utf8), chunkSize: 1).meta.contains { $0.key == "\u{FEFF}x" })
        try Self.expectSameAtEveryChunkSize(inside)
    }

    @Test func malformedLineHasTheSameNumberAtEveryChunkSize() {
        // A quoted newline before the broken line: the count must include it.
        let broken = Self.sample
            .replacingOccurrences(of: "Fresque", with: "\"Fres\r\nque\"")
            .replacingOccurrences(of: "b;2,2,10;", with: "b;2,2,10")
            .replacingOccurrences(of: "\n", with: "\r\n")
        let expected = PabulibError(file: "<input>", line: 15, problem: .wrongFieldCount(expected: 3, found: 2))
        #expect(throws: expected) { try Pabulib.parse(Data(broken.utf8)) }
        for chunkSize in 1...(broken.utf8.count + 1) {
            #expect(throws: expected, "chunks of \(chunkSize) bytes") { try Pabulib.parse(Data(broken.utf8), chunkSize: chunkSize) }
        }
        let unterminated = Self.sample.replacingOccurrences(of: "10;2500.5;Fresque;youth", with: "10;2500.5;\"Fresque;youth")
        let unterminatedError = PabulibError(file: "<input>", line: 10, problem: .unterminatedQuote)
        for chunkSize in [1, 7, 64 * 1024] {
            #expect(throws: unterminatedError) { try Pabulib.parse(Data(unterminated.utf8), chunkSize: chunkSize) }
        }
    }

    @Test func unreadablePathIsReported() {
        #expect(throws: PabulibError(file: "/nonexistent/x.pb", problem: .unreadable("no such file, or not readable"))) {
            try Pabulib.parse(path: "/nonexistent/x.pb")
        }
    }

    @Test func parsesAmountsExactly() {
        #expect(Pabulib.parseAmount("12500") == 1_250_000)
        #expect(Pabulib.parseAmount("12 500,5") == 1_250_050)
        #expect(Pabulib.parseAmount("0.07") == 7)
        #expect(Pabulib.parseAmount("1.250") == 125)
        #expect(Pabulib.parseAmount("1.255") == nil)
        #expect(Pabulib.parseAmount("") == nil)
        #expect(Pabulib.parseAmount("-5") == nil)
        #expect(Pabulib.formatAmount(1_250_050) == "12500.5".replacingOccurrences(of: ".5", with: ".50"))
    }
}
