/// Which ballots count in a territory's tally.
public enum BallotScope: String, Sendable, Codable, Hashable {
    /// A ballot counts in its voter's territory only (Seine-Saint-Denis: one tally per canton).
    case voterTerritory
    /// A ballot counts wherever it chose projects: city-wide plus one chosen territory (Paris).
    case chosenProjects
}

/// Money set aside for one category (e.g. youth projects), filled before the rest.
public struct ReservedEnvelope: Sendable, Codable, Hashable {
    public var category: String
    /// In cents.
    public var amount: Int64

    public init(category: String, amount: Int64) {
        self.category = category
        self.amount = amount
    }
}

/// The structure around a rule: envelopes per territory, a reserve, a minimum of
/// winners per territory. Each piece is optional; an empty plan is the plain rule.
public struct TallyPlan: Sendable, Codable, Hashable {
    public var options: TallyOptions
    /// Envelope of each territory, in cents. Projects of a territory compete only
    /// there; projects without a territory share what is left of the total.
    public var territoryBudgets: [String: Int64]
    public var ballotScope: BallotScope
    public var reserved: ReservedEnvelope?
    /// Each territory's best projects (by votes) are funded first, up to this number.
    public var minimumWinnersPerTerritory: Int

    public init(options: TallyOptions, territoryBudgets: [String: Int64] = [:], ballotScope: BallotScope = .voterTerritory,
                reserved: ReservedEnvelope? = nil, minimumWinnersPerTerritory: Int = 0) {
        self.options = options
        self.territoryBudgets = territoryBudgets
        self.ballotScope = ballotScope
        self.reserved = reserved
        self.minimumWinnersPerTerritory = minimumWinnersPerTerritory
    }
}

extension Election {
    /// The election limited to some projects (indices renumbered) and some ballots.
    func restricted(to projectIndices: [Int], budget: Int64, keepBallot: (Ballot) -> Bool = { _ in true },
                    dropBallotsWithoutChoice: Bool = false) -> Election {
        var newIndex = [Int](repeating: -1, count: projects.count)
        for (position, index) in projectIndices.enumerated() { newIndex[index] = position }
        var kept: [Ballot] = []
        for ballot in ballots where keepBallot(ballot) {
            var copy = ballot
            var choices: [Int] = []
            var points: [Int]? = ballot.points == nil ? nil : []
            for (position, choice) in ballot.choices.enumerated() where newIndex[choice] >= 0 {
                choices.append(newIndex[choice])
                if let given = ballot.points, position < given.count { points?.append(given[position]) }
            }
            if dropBallotsWithoutChoice && choices.isEmpty { continue }
            copy.choices = choices
            copy.points = points
            kept.append(copy)
        }
        var copy = self
        copy.projects = projectIndices.map { projects[$0] }
        copy.ballots = kept
        copy.budget = budget
        return copy
    }
}

extension Tally {
    /// Counts an election under a structured plan; the result lists every project once.
    public static func run(_ election: Election, plan: TallyPlan) -> TallyResult {
        if !plan.territoryBudgets.isEmpty {
            var parts: [TallyResult] = []
            let territories = plan.territoryBudgets.keys.sorted()
            let cityProjects = election.projects.indices.filter {
                election.projects[$0].territory.map { plan.territoryBudgets[$0] == nil } ?? true
            }
            let cityBudget = election.budget - plan.territoryBudgets.values.reduce(0, +)
            var inner = plan
            inner.territoryBudgets = [:]
            if !cityProjects.isEmpty {
                let city = election.restricted(to: cityProjects, budget: max(0, cityBudget),
                                               dropBallotsWithoutChoice: plan.ballotScope == .chosenProjects)
                parts.append(run(city, plan: inner))
            }
            for territory in territories {
                let projects = election.projects.indices.filter { election.projects[$0].territory == territory }
                let budget = plan.territoryBudgets[territory] ?? 0
                let local: Election
                switch plan.ballotScope {
                case .voterTerritory:
                    local = election.restricted(to: projects, budget: budget, keepBallot: { $0.territory == territory })
                case .chosenProjects:
                    local = election.restricted(to: projects, budget: budget, dropBallotsWithoutChoice: true)
                }
                var result = run(local, plan: inner)
                result.projects = result.projects.map { outcome in
                    var copy = outcome
                    copy.explanation += " (enveloppe \(territory))"
                    return copy
                }
                parts.append(result)
            }
            return merge(parts, election: election, options: plan.options)
        }

        if plan.minimumWinnersPerTerritory > 0 {
            var inner = plan
            inner.minimumWinnersPerTerritory = 0
            let guaranteed = guaranteedWinners(election, plan: plan)
            let spent = guaranteed.reduce(Int64(0)) { $0 + election.projects[$1].cost }
            let rest = election.projects.indices.filter { !guaranteed.contains($0) }
            var result = run(election.restricted(to: rest, budget: election.budget - spent), plan: inner)
            let currency = result.currency
            let first = guaranteed.map { index -> ProjectOutcome in
                let project = election.projects[index]
                let reason = OutcomeReason.selected(stage: .territoryMinimum)
                return ProjectOutcome(id: project.id, name: project.name, cost: project.cost,
                                      votes: votes(of: index, in: election, options: plan.options), grades: nil,
                                      won: true, selectionRank: nil, reason: reason,
                                      explanation: Explanation.text(reason, currency: currency))
            }
            result.budget = election.budget
            return merge([TallyResult(rule: result.rule, ruleDescription: result.ruleDescription, tieBreak: result.tieBreak,
                                      budget: spent, spent: spent, currency: currency,
                                      winners: first.map(\.id), projects: first), result],
                         election: election, options: plan.options)
        }

        if let reserved = plan.reserved {
            var inner = plan
            inner.reserved = nil
            let category = election.projects.indices.filter { election.projects[$0].categories.contains(reserved.category) }
            let reservedResult = run(election.restricted(to: category, budget: min(reserved.amount, election.budget)), plan: inner)
            let winners = Set(reservedResult.winners)
            let rest = election.projects.indices.filter { !winners.contains(election.projects[$0].id) }
            let mainResult = run(election.restricted(to: rest, budget: election.budget - reservedResult.spent), plan: inner)
            var reservedWinners = reservedResult
            reservedWinners.projects = reservedResult.projects.filter(\.won).map { outcome in
                var copy = outcome
                copy.reason = .selected(stage: .reserved)
                copy.explanation = Explanation.text(copy.reason, currency: reservedResult.currency)
                return copy
            }
            return merge([reservedWinners, mainResult], election: election, options: plan.options)
        }

        return run(election, options: plan.options)
    }

    static func votes(of index: Int, in election: Election, options: TallyOptions) -> Int {
        var count = 0
        for ballot in election.ballots {
            if options.voteMeasure == .points, let points = ballot.points {
                for (position, choice) in ballot.choices.enumerated() where choice == index && position < points.count {
                    count += points[position]
                }
            } else if ballot.choices.contains(index) {
                count += 1
            }
        }
        return count
    }

    /// Each territory's best projects by votes (tie-break as configured) that still fit.
    static func guaranteedWinners(_ election: Election, plan: TallyPlan) -> [Int] {
        let votes = election.projects.indices.map { Self.votes(of: $0, in: election, options: plan.options) }
        let ranks = plan.options.tieBreak.ranks(projects: election.projects, votes: votes)
        var spent: Int64 = 0
        var chosen: [Int] = []
        let territories = Set(election.projects.compactMap(\.territory)).sorted()
        for territory in territories {
            let order = election.projects.indices
                .filter { election.projects[$0].territory == territory && votes[$0] >= max(1, plan.options.minimumVotes) }
                .sorted { votes[$0] != votes[$1] ? votes[$0] > votes[$1] : ranks[$0] < ranks[$1] }
            var taken = 0
            for index in order where taken < plan.minimumWinnersPerTerritory {
                if spent + election.projects[index].cost <= election.budget {
                    chosen.append(index)
                    spent += election.projects[index].cost
                    taken += 1
                }
            }
        }
        return chosen
    }

    /// Puts partial results together: winners in part order, each project once.
    static func merge(_ parts: [TallyResult], election: Election, options: TallyOptions) -> TallyResult {
        var winners: [String] = []
        var outcomes: [String: ProjectOutcome] = [:]
        var spent: Int64 = 0
        for part in parts {
            winners.append(contentsOf: part.winners)
            spent += part.spent
            for outcome in part.projects where outcomes[outcome.id] == nil || outcome.won {
                outcomes[outcome.id] = outcome
            }
        }
        var rank: [String: Int] = [:]
        for (position, id) in winners.enumerated() { rank[id] = position + 1 }
        let currency = election.metaValue("currency") ?? "EUR"
        let projects = election.projects.map { project -> ProjectOutcome in
            var outcome = outcomes[project.id] ?? ProjectOutcome(
                id: project.id, name: project.name, cost: project.cost, votes: 0, grades: nil, won: false,
                selectionRank: nil, reason: .noSupport, explanation: Explanation.text(.noSupport, currency: currency))
            outcome.selectionRank = rank[project.id]
            outcome.won = rank[project.id] != nil
            return outcome
        }
        return TallyResult(rule: options.ruleName, ruleDescription: options.rule.description,
                           tieBreak: options.tieBreak.description, budget: election.budget, spent: spent,
                           currency: currency, winners: winners, projects: projects)
    }
}
