import Foundation
import Testing
@testable import Campaign

@Suite struct JSONParserTests {
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(Data(text.utf8))
    }

    @Test func keepsMemberOrderAndDuplicateKeys() throws {
        let value = try Self.parse(#"{"b": 1, "a": 2, "b": 3}"#)
        #expect(value == .object([.init(key: "b", value: .number("1")), .init(key: "a", value: .number("2")),
                                  .init(key: "b", value: .number("3"))]))
    }

    @Test func keepsNumbersAsWritten() throws {
        #expect(try Self.parse("[1, 1.0, -2e3, 0]") == .array([.number("1"), .number("1.0"), .number("-2e3"), .number("0")]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try Self.parse(#""A\u00e9\n\ud83d\ude00\/""#) == .string("Aé\n😀/"))
        #expect(try Self.parse(#""Fléchin""#) == .string("Fléchin"))
    }

    @Test(arguments: [#""\ud83d""#, "[01]", "[1.]", "{\"a\" 1}", "[1,]", "tru", "\"a\u{01}\"", "{}{}", ""])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try Self.parse(text) }
    }

    @Test func countsColumnsInCharactersNotBytes() {
        #expect(throws: JSONSyntaxError(message: "',' or ']' after a list element, found 'x'", line: 2, column: 5)) {
            try Self.parse("[\n\"é\" x]")
        }
    }

    @Test func refusesNestingDeeperThanTheLimit() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try Self.parse(deep) }
    }
}

@Suite struct ActionTests {
    @Test func namesEachActionInFrench() {
        #expect(Action.dossierFiling.label == "Dépôt des dossiers")
        #expect(Set(Action.allCases.map(\.label)).count == Action.allCases.count)
    }

    @Test func speaksOfTheTenantsVenues() {
        let lieux = Vocabulary(venueSingular: "lieu d'accueil", venuePlural: "lieux d'accueil", venuesPath: "lieux")
        #expect(Action.workshops.label(using: lieux) == "Lieux d'accueil en présentiel")
        #expect(Action.voting.label(using: lieux) == "Vote")
    }

    @Test func usesTheJSONNamesOfTheFormat() {
        #expect(Action.venueSignUp.rawValue == "comptoir-sign-up")
        #expect(Action(rawValue: "idea-posting") == .ideaPosting)
    }
}
