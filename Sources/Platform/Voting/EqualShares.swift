/// The Method of Equal Shares with cost satisfaction, computed exactly.
///
/// Every voter gets an equal share of the envelope; a project is bought when its
/// supporters can pay for it, each paying at most ρ·cost, and the project with the
/// smallest ρ (the payment per unit of satisfaction) goes first. Decisions use
/// exact arithmetic: a fast floating-point pass is trusted only when no decision
/// is close, otherwise the round is recomputed with exact integers.
struct EqualShares {
    let classes: ApprovalClasses
    /// Costs in cents.
    let costs: [Int64]
    /// Projects that can be bought: approved by someone and with a positive cost.
    let candidates: [Int]
    /// Lower rank wins a tie.
    let tieRank: [Int]
    let weights: [Int]
    let weightsDouble: [Double]

    init(classes: ApprovalClasses, costs: [Int64], candidates: [Int], tieRank: [Int]) {
        self.classes = classes
        self.costs = costs
        self.candidates = candidates
        self.tieRank = tieRank
        self.weights = classes.weights
        self.weightsDouble = classes.weights.map(Double.init)
    }

    /// What one run of the rule bought, and what supporters had left for the others.
    struct Outcome {
        var selected: [Int]
        /// For each project, its supporters' remaining money at the end (cents, approximate).
        var supporterFunds: [Double]
        var usedExactArithmetic: Bool
    }

    /// Runs the rule with each voter's share = `shareNumerator / voterCount` cents.
    func run(shareNumerator: UInt64) -> Outcome {
        if let fast = runFast(shareNumerator: shareNumerator) { return fast }
        return runExact(shareNumerator: shareNumerator)
    }

    // MARK: Fast pass

    /// Relative margin under which two floating-point values count as "maybe equal".
    private static let margin = 1e-9

    private enum Evaluation {
        case unaffordable
        case uncertain
        /// `payment` per supporter that is not capped; `exactVoters` is set when
        /// nobody is capped, so that ρ = 1 / exactVoters exactly.
        case affordable(rho: Double, payment: Double, exactVoters: Int?)
    }

    private func runFast(shareNumerator: UInt64) -> Outcome? {
        let voterCount = UInt64(classes.voterCount)
        let share = Double(shareNumerator) / Double(voterCount)
        var budgets = [Double](repeating: share, count: classes.sets.count)
        var touched = [Bool](repeating: false, count: classes.sets.count)
        var active = candidates
        var stale = [Double](repeating: 0, count: costs.count)
        for project in candidates { stale[project] = 1 / Double(classes.approvals[project]) }
        var selected: [Int] = []

        func evaluate(_ project: Int) -> Evaluation {
            let supporters = classes.supporters[project]
            let cost = Double(costs[project])
            var total = 0.0
            var allUntouched = true
            for member in supporters {
                total += weightsDouble[member] * budgets[member]
                if touched[member] { allUntouched = false }
            }
            let approvals = classes.approvals[project]
            if allUntouched {
                // Everyone still holds exactly the initial share: decide with integers.
                let (high, low) = UInt64(approvals).multipliedFullWidth(by: shareNumerator)
                let (needHigh, needLow) = UInt64(costs[project]).multipliedFullWidth(by: voterCount)
                let affordable = high > needHigh || (high == needHigh && low >= needLow)
                if !affordable { return .unaffordable }
                return .affordable(rho: 1 / Double(approvals), payment: cost / Double(approvals), exactVoters: approvals)
            }
            if total < cost * (1 - Self.margin) { return .unaffordable }
            if total <= cost * (1 + Self.margin) { return .uncertain }
            var payment = cost / Double(approvals)
            var capped = 0.0
            var uncappedWeight = approvals
            var ambiguous = false
            var anyCapped = false
            // Water-filling: whoever cannot pay the current price pays everything it
            // has, which raises the price for the others; repeat until stable.
            while true {
                var newCapped = 0.0
                var newUncapped = approvals
                ambiguous = false
                for member in supporters {
                    let budget = budgets[member]
                    if budget < payment {
                        newCapped += weightsDouble[member] * budget
                        newUncapped -= weights[member]
                    }
                    if abs(budget - payment) <= payment * Self.margin { ambiguous = true }
                }
                if newUncapped == uncappedWeight { break }
                anyCapped = true
                capped = newCapped
                uncappedWeight = newUncapped
                if uncappedWeight <= 0 { return .uncertain }
                payment = (cost - capped) / Double(uncappedWeight)
            }
            let exact = (!anyCapped && !ambiguous) ? approvals : nil
            return .affordable(rho: payment / cost, payment: payment, exactVoters: exact)
        }

        while true {
            active.sort { stale[$0] < stale[$1] }
            var best = Double.infinity
            var evaluated: [(project: Int, rho: Double, payment: Double, exactVoters: Int?)] = []
            var stillActive: [Int] = []
            stillActive.reserveCapacity(active.count)
            for (position, project) in active.enumerated() {
                if stale[project] > best * (1 + Self.margin) {
                    stillActive.append(contentsOf: active[position...])
                    break
                }
                switch evaluate(project) {
                case .unaffordable:
                    continue
                case .uncertain:
                    return nil
                case .affordable(let rho, let payment, let exactVoters):
                    stale[project] = rho
                    stillActive.append(project)
                    evaluated.append((project, rho, payment, exactVoters))
                    if rho < best { best = rho }
                }
            }
            active = stillActive
            if evaluated.isEmpty { break }
            let close = evaluated.filter { $0.rho <= best * (1 + Self.margin) }
            var choice = close[0]
            if close.count > 1 {
                // Only ρ = 1/n values are known exactly; any other near-tie needs exact arithmetic.
                guard close.allSatisfy({ $0.exactVoters != nil }) else { return nil }
                for candidate in close.dropFirst() {
                    let a = candidate.exactVoters ?? 0, b = choice.exactVoters ?? 0
                    if a > b || (a == b && tieRank[candidate.project] < tieRank[choice.project]) {
                        choice = candidate
                    }
                }
            }
            selected.append(choice.project)
            active.removeAll { $0 == choice.project }
            let payment = choice.payment
            for member in classes.supporters[choice.project] {
                touched[member] = true
                budgets[member] = budgets[member] <= payment ? 0 : budgets[member] - payment
            }
        }
        var funds = [Double](repeating: 0, count: costs.count)
        for project in costs.indices {
            var total = 0.0
            for member in classes.supporters[project] { total += weightsDouble[member] * budgets[member] }
            funds[project] = total
        }
        return Outcome(selected: selected, supporterFunds: funds, usedExactArithmetic: false)
    }

    // MARK: Exact pass

    /// The same rule over integers: every budget is `numerator / denominator` with
    /// one common denominator, multiplied up whenever a payment is not a whole number
    /// of the current unit.
    private func runExact(shareNumerator: UInt64) -> Outcome {
        var denominator = BigUInt(UInt64(classes.voterCount))
        var budgets = [BigUInt](repeating: BigUInt(shareNumerator), count: classes.sets.count)
        var active = candidates
        var selected: [Int] = []

        while true {
            // (project, remaining cost R, uncapped weight m): ρ = R / (m · cost · denominator).
            var best: (project: Int, remaining: BigUInt, uncapped: UInt64)? = nil
            var stillActive: [Int] = []
            for project in active {
                let supporters = classes.supporters[project]
                let need = denominator * UInt64(costs[project])
                var total = BigUInt()
                for member in supporters { total.add(budgets[member] * UInt64(weights[member])) }
                if total < need { continue }
                stillActive.append(project)
                let ordered = supporters.sorted { budgets[$0] < budgets[$1] }
                var remaining = need
                var uncapped = UInt64(classes.approvals[project])
                for member in ordered {
                    if budgets[member] * uncapped >= remaining { break }
                    remaining.subtract(budgets[member] * UInt64(weights[member]))
                    uncapped -= UInt64(weights[member])
                }
                if let current = best {
                    let lhs = remaining * (current.uncapped * UInt64(costs[current.project]))
                    let rhs = current.remaining * (uncapped * UInt64(costs[project]))
                    let order = BigUInt.compare(lhs, rhs)
                    if order < 0 || (order == 0 && tieRank[project] < tieRank[current.project]) {
                        best = (project, remaining, uncapped)
                    }
                } else {
                    best = (project, remaining, uncapped)
                }
            }
            active = stillActive
            guard let choice = best else { break }
            selected.append(choice.project)
            active.removeAll { $0 == choice.project }
            // Payment t = R / m; rescale everything by m / gcd so that t is whole.
            let (_, remainder) = choice.remaining.quotientAndRemainder(dividingBy: choice.uncapped)
            let divisor = remainder == 0 ? choice.uncapped : greatestCommonDivisor(remainder, choice.uncapped)
            let scale = choice.uncapped / divisor
            let payment = choice.remaining.quotientAndRemainder(dividingBy: divisor).quotient
            var isSupporter = [Bool](repeating: false, count: budgets.count)
            for member in classes.supporters[choice.project] { isSupporter[member] = true }
            denominator.multiply(by: scale)
            for member in budgets.indices {
                budgets[member].multiply(by: scale)
                if isSupporter[member] {
                    if budgets[member] <= payment {
                        budgets[member] = BigUInt()
                    } else {
                        budgets[member].subtract(payment)
                    }
                }
            }
        }
        let scaleDown = denominator.doubleValue
        var funds = [Double](repeating: 0, count: costs.count)
        for project in costs.indices {
            var total = 0.0
            for member in classes.supporters[project] {
                total += Double(weights[member]) * (budgets[member].doubleValue / scaleDown)
            }
            funds[project] = total
        }
        return Outcome(selected: selected, supporterFunds: funds, usedExactArithmetic: true)
    }
}
