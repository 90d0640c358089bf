/// How Method of Equal Shares spends what its first pass leaves.
public enum EqualSharesCompletion: String, Sendable, Codable, Hashable, CaseIterable {
    /// The plain rule.
    case none
    /// Then greedy by votes on the money left.
    case greedy
    /// Raise every voter's share by one currency unit until the outcome is exhaustive
    /// or the next raise would overspend (Add1).
    case add1
    /// Add1, then greedy on the money left.
    case add1ThenGreedy = "add1_greedy"
    /// Add1 without the exhaustive stop: raise until the next raise would overspend.
    case add1WithoutExhaustiveStop = "add1_noexh"
}

/// A counting rule.
public enum TallyRule: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Fund projects by votes while they fit; `stopAtFirstMisfit` ends at the first that does not.
    case greedy(stopAtFirstMisfit: Bool)
    case equalShares(EqualSharesCompletion)
    case phragmen
    /// Majority judgment on a scale of `grades` grades (0 = worst), then funding in that order.
    case majorityJudgment(grades: Int)

    public var description: String {
        switch self {
        case .greedy(false): return "glouton par nombre de voix, en sautant les projets qui ne tiennent plus dans l'enveloppe"
        case .greedy(true): return "glouton par nombre de voix, arrêt au premier projet qui ne tient plus dans l'enveloppe"
        case .equalShares(let completion):
            let base = "méthode des parts égales (satisfaction = coût)"
            switch completion {
            case .none: return base
            case .greedy: return base + ", complétée par le glouton"
            case .add1: return base + ", complétion Add1 (arrêt à l'exhaustivité)"
            case .add1ThenGreedy: return base + ", complétion Add1 puis glouton"
            case .add1WithoutExhaustiveStop: return base + ", complétion Add1 sans arrêt à l'exhaustivité"
            }
        case .phragmen: return "Phragmén séquentiel (arrêt au premier meilleur projet qui ne tient pas)"
        case .majorityJudgment(let grades): return "jugement majoritaire (\(grades) mentions), puis financement dans cet ordre"
        }
    }
}

/// What counts as a project's votes for greedy rules.
public enum VoteMeasure: String, Sendable, Codable, Hashable {
    /// Voters who chose the project (pabutools' cost satisfaction).
    case supporters
    /// Points given to the project (cumulative and scoring ballots).
    case points
}

/// Everything a tally needs besides the election.
public struct TallyOptions: Sendable, Codable, Hashable {
    public var rule: TallyRule
    public var tieBreak: TieBreak
    /// Projects with fewer votes are not eligible.
    public var minimumVotes: Int
    public var voteMeasure: VoteMeasure
    /// A name for the rule, printed with the result (e.g. "mes_cost_add1").
    public var ruleName: String

    public init(rule: TallyRule, tieBreak: TieBreak = .pabutools, minimumVotes: Int = 0,
                voteMeasure: VoteMeasure = .supporters, ruleName: String? = nil) {
        self.rule = rule
        self.tieBreak = tieBreak
        self.minimumVotes = minimumVotes
        self.voteMeasure = voteMeasure
        self.ruleName = ruleName ?? "\(rule)"
    }
}

/// Why a project won or lost.
public enum OutcomeReason: Sendable, Codable, Hashable {
    case selected(stage: SelectionStage)
    /// Greedy: the money left was not enough.
    case doesNotFit(remaining: Int64, needed: Int64)
    /// Equal shares: its supporters' remaining shares could not cover the cost.
    case supportersShort(available: Int64, needed: Int64)
    case belowThreshold(votes: Int, minimum: Int)
    case noSupport
    /// The rule stopped at another project that did not fit.
    case stopped(at: String, remaining: Int64, needed: Int64)
    /// Equal shares would have funded it, but the final Add1 step was rolled back.
    case notReached

    /// The stage that funded a project.
    public enum SelectionStage: String, Sendable, Codable, Hashable {
        case greedy, equalShares, greedyCompletion, phragmen, majorityJudgment, zeroCost, reserved, territoryMinimum
    }
}

/// One project's line in a result.
public struct ProjectOutcome: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    public var cost: Int64
    public var votes: Int
    /// Majority judgment: count of each grade, worst first.
    public var grades: [Int]?
    public var won: Bool
    /// 1-based position in the selection order.
    public var selectionRank: Int?
    public var reason: OutcomeReason
    /// The reason in words, French.
    public var explanation: String
}

/// The explained result of a tally.
public struct TallyResult: Sendable, Codable, Hashable {
    public var rule: String
    public var ruleDescription: String
    public var tieBreak: String
    public var budget: Int64
    public var spent: Int64
    public var currency: String
    /// Winning project ids in selection order.
    public var winners: [String]
    public var projects: [ProjectOutcome]
    /// How the rule ran, in French (e.g. each voter's share under equal shares).
    public var notes: [String] = []
}

/// Counts an election under a rule.
public enum Tally {
    ///
    /// The election is consumed so that a caller done with it lets the ballots go
    /// once they are merged into classes: on big files that is most of the memory.
    public static func run(_ input: consuming Election, options: TallyOptions) -> TallyResult {
        var election = consume input
        let projects = election.projects
        // Greedy rules only need counts; the merged ballot classes are built on demand.
        let approvals = ApprovalClasses.approvalCounts(election)
        var points = [Int](repeating: 0, count: projects.count)
        for ballot in election.ballots {
            if let given = ballot.points {
                for (position, project) in ballot.choices.enumerated() where position < given.count {
                    points[project] += given[position]
                }
            }
        }
        let votes = options.voteMeasure == .points && election.ballots.contains(where: { $0.points != nil })
            ? points : approvals
        let tieRank = options.tieBreak.ranks(projects: projects, votes: votes)
        let eligible = projects.indices.map { votes[$0] >= options.minimumVotes }
        let costs = projects.map { $0.cost }

        var selected: [Int] = []
        var stage: [Int: OutcomeReason.SelectionStage] = [:]
        var reasons: [Int: OutcomeReason] = [:]
        var grades: [[Int]]? = nil
        var notes: [String] = []
        let currencyCode = election.metaValue("currency") ?? "EUR"

        func greedyFill(order: [Int], stopAtFirstMisfit: Bool, as selectionStage: OutcomeReason.SelectionStage) {
            var spent = selected.reduce(Int64(0)) { $0 + costs[$1] }
            var taken = Set(selected)
            for (position, project) in order.enumerated() where !taken.contains(project) {
                if costs[project] <= election.budget - spent {
                    selected.append(project)
                    taken.insert(project)
                    stage[project] = selectionStage
                    spent += costs[project]
                } else if stopAtFirstMisfit {
                    let remaining = election.budget - spent
                    reasons[project] = .doesNotFit(remaining: remaining, needed: costs[project])
                    for later in order[(position + 1)...] where !taken.contains(later) {
                        reasons[later] = .stopped(at: projects[project].id, remaining: remaining, needed: costs[later])
                    }
                    return
                } else {
                    reasons[project] = .doesNotFit(remaining: election.budget - spent, needed: costs[project])
                }
            }
        }

        // pabutools' greedy order: free supported projects first, then votes, then the tie-break.
        func greedyOrder() -> [Int] {
            projects.indices.filter { eligible[$0] }.sorted { a, b in
                let freeA = costs[a] == 0 && votes[a] > 0, freeB = costs[b] == 0 && votes[b] > 0
                if freeA != freeB { return freeA }
                if votes[a] != votes[b] { return votes[a] > votes[b] }
                return tieRank[a] < tieRank[b]
            }
        }

        switch options.rule {
        case .greedy(let stopAtFirstMisfit):
            greedyFill(order: greedyOrder(), stopAtFirstMisfit: stopAtFirstMisfit, as: .greedy)

        case .equalShares(let completion):
            let eligibleClasses = options.minimumVotes > 0
                ? ApprovalClasses(election: election, projectFilter: { eligible[$0] }) : ApprovalClasses(election: election)
            election.ballots = []
            var free = projects.indices.filter { eligible[$0] && costs[$0] == 0 && eligibleClasses.approvals[$0] > 0 }
            free.sort { tieRank[$0] < tieRank[$1] }
            let candidates = projects.indices.filter { eligible[$0] && costs[$0] > 0 && eligibleClasses.approvals[$0] > 0 }
            let engine = EqualShares(classes: eligibleClasses, costs: costs, candidates: candidates, tieRank: tieRank)
            let voterCount = Int64(eligibleClasses.voterCount)
            let stepsAdd1 = completion == .add1 || completion == .add1ThenGreedy || completion == .add1WithoutExhaustiveStop
            var outcome: EqualShares.Outcome? = nil
            var outcomeShare = UInt64(election.budget)
            /// How many times Add1 raised the shares before the outcome kept.
            func add1Raises() -> UInt64 {
                (outcomeShare - UInt64(election.budget)) / (100 * UInt64(max(1, voterCount)))
            }
            if voterCount > 0 {
                var share = UInt64(election.budget)
                var previous: EqualShares.Outcome? = nil
                while true {
                    let current = engine.run(shareNumerator: share)
                    outcomeShare = share
                    if !stepsAdd1 { outcome = current; break }
                    let spent = current.selected.reduce(Int64(0)) { $0 + costs[$1] }
                    if spent > election.budget {
                        if previous != nil { outcomeShare = share - 100 * UInt64(voterCount) }
                        outcome = previous ?? EqualShares.Outcome(selected: [], supporterFunds: current.supporterFunds,
                                                                  usedExactArithmetic: false)
                        if previous == nil { outcome?.selected = [] }
                        for project in current.selected where !(outcome?.selected.contains(project) ?? false) {
                            reasons[project] = .notReached
                        }
                        break
                    }
                    let chosen = Set(current.selected)
                    let open = candidates.filter { !chosen.contains($0) }
                    if completion != .add1WithoutExhaustiveStop {
                        if !open.contains(where: { spent + costs[$0] <= election.budget }) { outcome = current; break }
                    } else if open.isEmpty {
                        // Every candidate is in: raising shares further cannot change anything.
                        outcome = current
                        break
                    }
                    previous = current
                    share += 100 * UInt64(voterCount)
                    // pabutools' bound for budget increases: (voters + 1) times the budget.
                    if completion == .add1WithoutExhaustiveStop && share > UInt64(election.budget) * UInt64(voterCount + 1) {
                        outcome = current
                        break
                    }
                }
            }
            if voterCount > 0 {
                let initial = election.budget / voterCount
                notes.append("Part de chaque électeur : \(Explanation.money(initial, currencyCode)) environ (enveloppe / \(voterCount) électeurs, bulletins vides compris)")
            }
            if stepsAdd1, outcome != nil {
                let raises = add1Raises()
                notes.append("Add1 : part relevée de 1 unité \(raises) fois avant l'issue retenue")
            }
            if outcome?.usedExactArithmetic == true {
                notes.append("Des décisions serrées ont été tranchées en arithmétique exacte")
            }
            for project in free { selected.append(project); stage[project] = .zeroCost }
            if let outcome {
                for project in outcome.selected { selected.append(project); stage[project] = .equalShares }
                for project in candidates where !outcome.selected.contains(project) && reasons[project] == nil {
                    reasons[project] = .supportersShort(available: Int64(outcome.supporterFunds[project].rounded(.down)),
                                                        needed: costs[project])
                }
            }
            if completion == .greedy || completion == .add1ThenGreedy {
                let spent = selected.reduce(Int64(0)) { $0 + costs[$1] }
                let exhaustive = !projects.indices.contains { !selected.contains($0) && spent + costs[$0] <= election.budget }
                if !exhaustive {
                    greedyFill(order: greedyOrder(), stopAtFirstMisfit: false, as: .greedyCompletion)
                }
            }

        case .phragmen:
            let classes = ApprovalClasses(election: election)
            election.ballots = []
            let engine = SequentialPhragmen(classes: classes, costs: costs, budget: election.budget, tieRank: tieRank)
            let outcome = engine.run(eligible: eligible)
            for project in outcome.selected { selected.append(project); stage[project] = .phragmen }
            let spent = selected.reduce(Int64(0)) { $0 + costs[$1] }
            if let stop = outcome.stoppedBy {
                reasons[stop] = .doesNotFit(remaining: election.budget - spent, needed: costs[stop])
                for project in projects.indices where reasons[project] == nil {
                    reasons[project] = .stopped(at: projects[stop].id, remaining: election.budget - spent, needed: costs[project])
                }
            }

        case .majorityJudgment(let gradeCount):
            let counts = MajorityJudgment.gradeCounts(election, gradeCount: max(1, gradeCount))
            grades = counts
            let order = MajorityJudgment.order(gradeCounts: counts, tieRank: tieRank).filter { eligible[$0] }
            greedyFill(order: order, stopAtFirstMisfit: false, as: .majorityJudgment)
        }

        let spent = selected.reduce(Int64(0)) { $0 + costs[$1] }
        var rankOf: [Int: Int] = [:]
        for (position, project) in selected.enumerated() { rankOf[project] = position + 1 }
        let currency = election.metaValue("currency") ?? "EUR"
        let outcomes = projects.indices.map { index -> ProjectOutcome in
            let project = projects[index]
            let reason: OutcomeReason
            if let rank = rankOf[index], rank > 0 {
                reason = .selected(stage: stage[index] ?? .greedy)
            } else if !eligible[index] {
                reason = .belowThreshold(votes: votes[index], minimum: options.minimumVotes)
            } else if let known = reasons[index] {
                reason = known
            } else if approvals[index] == 0 {
                reason = .noSupport
            } else {
                reason = .doesNotFit(remaining: election.budget - spent, needed: project.cost)
            }
            return ProjectOutcome(id: project.id, name: project.name, cost: project.cost, votes: votes[index],
                                  grades: grades?[index], won: rankOf[index] != nil, selectionRank: rankOf[index],
                                  reason: reason, explanation: Explanation.text(reason, currency: currency))
        }
        return TallyResult(rule: options.ruleName, ruleDescription: options.rule.description,
                           tieBreak: options.tieBreak.description, budget: election.budget, spent: spent,
                           currency: currency, winners: selected.map { projects[$0].id }, projects: outcomes,
                           notes: notes)
    }
}

/// French wording of outcomes and amounts.
public enum Explanation {
    public static func text(_ reason: OutcomeReason, currency: String) -> String {
        switch reason {
        case .selected(let stage):
            switch stage {
            case .greedy: return "retenu : dans l'ordre des voix, il tenait dans l'enveloppe"
            case .equalShares: return "retenu : ses soutiens pouvaient le payer à parts égales"
            case .greedyCompletion: return "retenu par la complétion gloutonne, sur le reliquat"
            case .phragmen: return "retenu : charge maximale la plus faible pour ses soutiens"
            case .majorityJudgment: return "retenu : dans l'ordre du jugement majoritaire, il tenait dans l'enveloppe"
            case .zeroCost: return "retenu : coût nul"
            case .reserved: return "retenu dans l'enveloppe réservée"
            case .territoryMinimum: return "retenu au titre du minimum de lauréats du territoire"
            }
        case .doesNotFit(let remaining, let needed):
            return "non retenu : il restait \(money(remaining, currency)), il fallait \(money(needed, currency))"
        case .supportersShort(let available, let needed):
            return "non retenu : à parts égales, ses soutiens n'avaient plus que \(money(available, currency)) pour \(money(needed, currency))"
        case .belowThreshold(let votes, let minimum):
            return "non éligible : \(votes) voix, il en fallait au moins \(minimum)"
        case .noSupport:
            return "non retenu : aucune voix"
        case .stopped(let project, let remaining, let needed):
            return "non retenu : le dépouillement s'est arrêté au projet \(project) qui ne tenait plus (il restait \(money(remaining, currency)), il fallait \(money(needed, currency)))"
        case .notReached:
            return "non retenu : la dernière étape Add1 dépassait l'enveloppe et a été annulée"
        }
    }

    /// "12 500 €", "3 200,50 PLN": French grouping, cents only when present.
    public static func money(_ cents: Int64, _ currency: String) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let digits = Array(String(magnitude / 100))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append("\u{202F}") }
            grouped.append(digit)
        }
        let rest = magnitude % 100
        if rest != 0 { grouped += "," + (rest < 10 ? "0" : "") + String(rest) }
        let symbol = currency == "EUR" ? "€" : currency
        return (negative ? "-" : "") + grouped + "\u{00A0}" + symbol
    }
}
