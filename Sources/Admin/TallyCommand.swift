import Foundation
import Voting

/// `civic tally FILE.pb --rule …`: counts a Pabulib election (issue 3).
enum TallyCommand {
    static var usage: String {
        let rules = NamedRule.allCases.map { "  \($0.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \($0.summary)" }
        return """
        usage: civic tally FILE.pb --rule RULE [--tie-break T] [--min-votes N] [--grades G] [--json | --ids]
                           [--territory-budget NAME=AMOUNT …] [--ballot-scope voter|chosen]
                           [--reserve CATEGORY=AMOUNT] [--min-winners-per-territory N]

        Counts a Pabulib (.pb) election and explains the result project by project.

        rules:
        \(rules.joined(separator: "\n"))

        tie-breaks (comma-separated criteria, applied in order; default: the rule's own, usually id):
          id            project id compared as a string, as pabutools does ("10" before "9")
          revlex        project id, reverse order
          cost          lowest cost first          highest-cost   highest cost first
          votes         most votes first           seed:N         published random seed N

        options:
          --min-votes N   projects with fewer votes are not eligible
          --grades G      number of grades for mj (default 4, as in Paris)
          --json          print the result as JSON: {"winners": [ids in selection order], "projects": [...], …}
          --ids           print only the winning project ids, one a line, in selection order
                          (the format of the expected-outcome files)

        structure (territories come from a "territory" column in PROJECTS and VOTES, categories from "category"):
          --territory-budget NAME=AMOUNT   an envelope of its own for a territory (repeat for each); projects
                                           without a territory share what is left of the budget
          --ballot-scope voter|chosen      voter: a ballot counts in its voter's territory only (default);
                                           chosen: wherever it chose projects (city-wide plus one territory, as in Paris)
          --reserve CATEGORY=AMOUNT        an envelope reserved for one category (e.g. youth), filled first
          --min-winners-per-territory N    each territory's N best projects by votes are funded first
        """
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        var file: String? = nil
        var ruleName: String? = nil
        var tieBreak: TieBreak? = nil
        var json = false
        var idsOnly = false
        var minimumVotes = 0
        var grades = 4
        var plan = TallyPlan(options: NamedRule.greedy.options())
        var structured = false
        var index = 0
        func amountPair(_ text: String, option: String) throws -> (String, Int64) {
            guard let separator = text.lastIndex(of: "="),
                  let amount = Pabulib.parseAmount(String(text[text.index(after: separator)...])),
                  separator != text.startIndex else {
                throw CommandError("\(option) expects NAME=AMOUNT, got '\(text)'", exitCode: ExitCode.usage)
            }
            return (String(text[..<separator]), amount)
        }
        func value(after option: String) throws -> String {
            index += 1
            guard index < arguments.count else {
                throw CommandError("\(option) needs a value\n\n\(usage)", exitCode: ExitCode.usage)
            }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--help", "-h":
                print(usage)
                return 0
            case "--rule": ruleName = try value(after: argument)
            case "--tie-break":
                let text = try value(after: argument)
                guard let parsed = TieBreak(parsing: text) else {
                    throw CommandError("unknown tie-break '\(text)'\n\n\(usage)", exitCode: ExitCode.usage)
                }
                tieBreak = parsed
            case "--json": json = true
            case "--ids": idsOnly = true
            case "--min-votes":
                let text = try value(after: argument)
                guard let number = Int(text), number >= 0 else {
                    throw CommandError("--min-votes expects a whole number, got '\(text)'", exitCode: ExitCode.usage)
                }
                minimumVotes = number
            case "--grades":
                let text = try value(after: argument)
                guard let number = Int(text), number >= 2 else {
                    throw CommandError("--grades expects a whole number of at least 2, got '\(text)'", exitCode: ExitCode.usage)
                }
                grades = number
            case "--territory-budget":
                let (name, amount) = try amountPair(try value(after: argument), option: argument)
                plan.territoryBudgets[name] = amount
                structured = true
            case "--ballot-scope":
                let text = try value(after: argument)
                switch text {
                case "voter": plan.ballotScope = .voterTerritory
                case "chosen": plan.ballotScope = .chosenProjects
                default: throw CommandError("--ballot-scope expects voter or chosen, got '\(text)'", exitCode: ExitCode.usage)
                }
            case "--reserve":
                let (category, amount) = try amountPair(try value(after: argument), option: argument)
                plan.reserved = ReservedEnvelope(category: category, amount: amount)
                structured = true
            case "--min-winners-per-territory":
                let text = try value(after: argument)
                guard let number = Int(text), number >= 0 else {
                    throw CommandError("--min-winners-per-territory expects a whole number, got '\(text)'", exitCode: ExitCode.usage)
                }
                plan.minimumWinnersPerTerritory = number
                structured = true
            default:
                if argument.hasPrefix("-") {
                    throw CommandError("unknown option '\(argument)'\n\n\(usage)", exitCode: ExitCode.usage)
                }
                guard file == nil else {
                    throw CommandError("only one file can be counted at a time\n\n\(usage)", exitCode: ExitCode.usage)
                }
                file = argument
            }
            index += 1
        }
        guard let file else { throw CommandError("no file given\n\n\(usage)", exitCode: ExitCode.usage) }
        guard let ruleName else { throw CommandError("no --rule given\n\n\(usage)", exitCode: ExitCode.usage) }
        guard let rule = NamedRule(name: ruleName) else {
            throw CommandError("unknown rule '\(ruleName)'\n\n\(usage)", exitCode: ExitCode.usage)
        }
        let election: Election
        do {
            election = try Pabulib.parse(path: file, keepingBallotAttributes: false)
        } catch {
            if case .unreadable = error.problem {
                throw CommandError(error.description, exitCode: ExitCode.noInput)
            }
            throw CommandError(error.description, exitCode: ExitCode.dataError)
        }
        var options = rule.options(tieBreak: tieBreak, gradeCount: grades)
        options.minimumVotes = minimumVotes
        let result: TallyResult
        if structured {
            plan.options = options
            let known = Set(election.projects.compactMap(\.territory))
            if let unknown = plan.territoryBudgets.keys.sorted().first(where: { !known.contains($0) }) {
                throw CommandError("no project of \(file) belongs to territory '\(unknown)'", exitCode: ExitCode.dataError)
            }
            let envelopes = plan.territoryBudgets.values.reduce(0, +) + (plan.reserved?.amount ?? 0)
            if envelopes > election.budget {
                throw CommandError("the envelopes add up to more than the budget of \(file)", exitCode: ExitCode.dataError)
            }
            result = Tally.run(election, plan: plan)
        } else {
            result = Tally.run(consume election, options: options)
        }
        if idsOnly {
            print(result.winners.joined(separator: "\n"))
        } else if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(result)
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print(render(result))
        }
        return 0
    }

    static func render(_ result: TallyResult) -> String {
        var lines: [String] = []
        lines.append("Règle : \(result.rule) — \(result.ruleDescription)")
        lines.append("Départage : \(result.tieBreak)")
        lines.append("Enveloppe : \(Explanation.money(result.budget, result.currency)), dépensé : \(Explanation.money(result.spent, result.currency)), reste : \(Explanation.money(result.budget - result.spent, result.currency))")
        for note in result.notes { lines.append(note) }
        lines.append("Lauréats (\(result.winners.count), dans l'ordre de sélection) : \(result.winners.joined(separator: ", "))")
        lines.append("")
        let idWidth = max(6, result.projects.map(\.id.count).max() ?? 6)
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        func padLeft(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
        lines.append("\(pad("projet", idWidth))  \(padLeft("voix", 8))  \(padLeft("coût", 16))  rang  explication")
        let ordered = result.projects.sorted { a, b in
            switch (a.selectionRank, b.selectionRank) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.votes > b.votes
            }
        }
        for project in ordered {
            let rank = project.selectionRank.map(String.init) ?? "-"
            lines.append("\(pad(project.id, idWidth))  \(padLeft(String(project.votes), 8))  \(padLeft(Explanation.money(project.cost, result.currency), 16))  \(padLeft(rank, 4))  \(project.explanation)")
        }
        return lines.joined(separator: "\n")
    }
}
