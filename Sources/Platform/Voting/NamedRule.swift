/// Rule names accepted on the command line, including one name per rule of the
/// Pabulib expected-outcome files (computed by pabutools 1.2.3).
public enum NamedRule: String, Sendable, CaseIterable {
    case greedyCost = "greedy_cost"
    case greedyCostRevlex = "greedy_cost_revlex"
    case mesCost = "mes_cost"
    case mesCostGreedy = "mes_cost_greedy"
    case mesCostAdd1 = "mes_cost_add1"
    case mesCostAdd1u = "mes_cost_add1u"
    case mesCostAdd1Eqtb = "mes_cost_add1_eqtb"
    case mesCostAdd1Noexh = "mes_cost_add1_noexh"
    case phragmen
    case greedy
    case greedyNoSkip = "greedy-no-skip"
    case mes
    case mesAdd1 = "mes-add1"
    case mesAdd1Greedy = "mes-add1-greedy"
    case mesGreedy = "mes-greedy"
    case majorityJudgment = "mj"

    /// Accepts `-` and `_` interchangeably.
    public init?(name: String) {
        let lowered = name.lowercased()
        if let exact = NamedRule(rawValue: lowered) {
            self = exact
            return
        }
        let dashed = lowered.replacingOccurrences(of: "_", with: "-")
        let underscored = lowered.replacingOccurrences(of: "-", with: "_")
        guard let match = NamedRule(rawValue: dashed) ?? NamedRule(rawValue: underscored) else { return nil }
        self = match
    }

    /// One line of help.
    public var summary: String {
        switch self {
        case .greedyCost: return "greedy by number of supporters, skipping what no longer fits; ties by project id (pabutools)"
        case .greedyCostRevlex: return "greedy_cost with ties broken by project id in reverse order"
        case .mesCost: return "Method of Equal Shares, cost satisfaction, no completion"
        case .mesCostGreedy: return "mes_cost, then greedy on what is left"
        case .mesCostAdd1: return "mes_cost with Add1: raise each share by 1 until exhaustive or overspending"
        case .mesCostAdd1u: return "mes_cost_add1, then greedy on what is left"
        case .mesCostAdd1Eqtb: return "mes_cost_add1, ties by lowest cost, then most votes, then id"
        case .mesCostAdd1Noexh: return "Add1 without the exhaustive stop: raise until the next step overspends"
        case .phragmen: return "sequential Phragmén, stops at the first best project that does not fit"
        case .greedy: return "greedy by votes (points for cumulative ballots), skipping what no longer fits"
        case .greedyNoSkip: return "greedy by votes, stopping at the first project that does not fit"
        case .mes: return "same as mes_cost"
        case .mesAdd1: return "same as mes_cost_add1"
        case .mesAdd1Greedy: return "same as mes_cost_add1u"
        case .mesGreedy: return "same as mes_cost_greedy"
        case .majorityJudgment: return "majority judgment (grades in the points column), then funding in that order"
        }
    }

    /// Options for this rule; `tieBreak` replaces the rule's own tie-break when given.
    public func options(tieBreak: TieBreak? = nil, gradeCount: Int = 4) -> TallyOptions {
        let rule: TallyRule
        var defaultTieBreak = TieBreak.pabutools
        var measure = VoteMeasure.supporters
        switch self {
        case .greedyCost: rule = .greedy(stopAtFirstMisfit: false)
        case .greedyCostRevlex:
            rule = .greedy(stopAtFirstMisfit: false)
            defaultTieBreak = .pabutoolsReversed
        case .mesCost, .mes: rule = .equalShares(.none)
        case .mesCostGreedy, .mesGreedy: rule = .equalShares(.greedy)
        case .mesCostAdd1, .mesAdd1: rule = .equalShares(.add1)
        case .mesCostAdd1u, .mesAdd1Greedy: rule = .equalShares(.add1ThenGreedy)
        case .mesCostAdd1Eqtb:
            rule = .equalShares(.add1)
            defaultTieBreak = .costThenVotes
        case .mesCostAdd1Noexh: rule = .equalShares(.add1WithoutExhaustiveStop)
        case .phragmen: rule = .phragmen
        case .greedy:
            rule = .greedy(stopAtFirstMisfit: false)
            measure = .points
        case .greedyNoSkip:
            rule = .greedy(stopAtFirstMisfit: true)
            measure = .points
        case .majorityJudgment: rule = .majorityJudgment(grades: gradeCount)
        }
        return TallyOptions(rule: rule, tieBreak: tieBreak ?? defaultTieBreak, voteMeasure: measure, ruleName: rawValue)
    }
}
