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
    /// All projects' supporter classes back to back; `supporterRanges[p]` slices it.
    let supporterList: [Int]
    let supporterRanges: [Range<Int>]

    init(classes: ApprovalClasses, costs: [Int64], candidates: [Int], tieRank: [Int]) {
        self.classes = classes
        self.costs = costs
        self.candidates = candidates
        self.tieRank = tieRank
        self.weights = classes.weights
        self.weightsDouble = classes.weights.map(Double.init)
        self.supporterList = classes.supporters.elements
        self.supporterRanges = (0..<classes.supporters.count).map { classes.supporters.range($0) }
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

    func runFast(shareNumerator: UInt64) -> Outcome? {
        let classCount = classes.sets.count
        let budgets = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, classCount))
        let touched = UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(1, classCount))
        let projectTouched = UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(1, costs.count))
        let members = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, supporterList.count))
        let ends = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, costs.count))
        let exhaustedWeights = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, costs.count))
        defer {
            budgets.deallocate()
            touched.deallocate()
            projectTouched.deallocate()
            members.deallocate()
            ends.deallocate()
            exhaustedWeights.deallocate()
        }
        projectTouched.initialize(repeating: false)
        _ = members.initialize(from: supporterList)
        exhaustedWeights.initialize(repeating: 0)
        for project in costs.indices { ends[project] = supporterRanges[project].upperBound }
        let voterCount = UInt64(classes.voterCount)
        let share = Double(shareNumerator) / Double(voterCount)
        budgets.initialize(repeating: share)
        touched.initialize(repeating: false)
        var active = candidates
        var stale = [Double](repeating: 0, count: costs.count)
        for project in candidates { stale[project] = 1 / Double(classes.approvals[project]) }
        var selected: [Int] = []
        var evaluated: [(project: Int, rho: Double, payment: Double, exactVoters: Int?)] = []
        var stillActive: [Int] = []

        while true {
            active.sort { stale[$0] < stale[$1] }
            var best = Double.infinity
            evaluated.removeAll(keepingCapacity: true)
            stillActive.removeAll(keepingCapacity: true)
            var position = 0
            while position < active.count {
                let project = active[position]
                if stale[project] > best * (1 + Self.margin) { break }
                position += 1
                let evaluation = weightsDouble.withUnsafeBufferPointer { weights in
                    evaluate(project, members: members, ends: ends, exhaustedWeights: exhaustedWeights, weights: weights,
                             budgets: budgets, projectTouched: projectTouched,
                             shareNumerator: shareNumerator, voterCount: voterCount)
                }
                switch evaluation {
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
            while position < active.count {
                stillActive.append(active[position])
                position += 1
            }
            swap(&active, &stillActive)
            if evaluated.isEmpty { break }
            var choice = evaluated[0]
            var closeCount = 0
            var allExact = true
            for candidate in evaluated where candidate.rho <= best * (1 + Self.margin) {
                closeCount += 1
                if candidate.exactVoters == nil { allExact = false }
                if candidate.rho == best && closeCount == 1 { choice = candidate }
            }
            if closeCount > 1 {
                // Only ρ = 1/n values are known exactly; any other near-tie needs exact arithmetic.
                guard allExact else { return nil }
                choice = evaluated.first { $0.rho <= best * (1 + Self.margin) } ?? choice
                for candidate in evaluated where candidate.rho <= best * (1 + Self.margin) {
                    let a = candidate.exactVoters ?? 0, b = choice.exactVoters ?? 0
                    if a > b || (a == b && tieRank[candidate.project] < tieRank[choice.project]) {
                        choice = candidate
                    }
                }
            } else {
                choice = evaluated.first { $0.rho == best } ?? choice
            }
            selected.append(choice.project)
            if let index = active.firstIndex(of: choice.project) { active.remove(at: index) }
            let payment = choice.payment
            let range = supporterRanges[choice.project]
            supporterList.withUnsafeBufferPointer { members in
                for slot in range {
                    let member = members[slot]
                    if !touched[member] {
                        touched[member] = true
                        for other in classes.sets[member] { projectTouched[other] = true }
                    }
                    budgets[member] = budgets[member] <= payment ? 0 : budgets[member] - payment
                }
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

    /// ρ of one project under the current floating-point budgets.
    private func evaluate(_ project: Int, members: UnsafeMutableBufferPointer<Int>, ends: UnsafeMutableBufferPointer<Int>,
                          exhaustedWeights: UnsafeMutableBufferPointer<Int>, weights: UnsafeBufferPointer<Double>,
                          budgets: UnsafeMutableBufferPointer<Double>, projectTouched: UnsafeMutableBufferPointer<Bool>,
                          shareNumerator: UInt64, voterCount: UInt64) -> Evaluation {
        let cost = Double(costs[project])
        let approvals = classes.approvals[project]
        let intWeights = classes.weights
        var total = 0.0
        var lowest = Double.infinity
        var slot = supporterRanges[project].lowerBound
        var end = ends[project]
        while slot < end {
            let member = members[slot]
            let budget = budgets[member]
            if budget == 0 {
                // Exhausted for the rest of the run: count it once, never scan it again.
                exhaustedWeights[project] += intWeights[member]
                end -= 1
                members[slot] = members[end]
                members[end] = member
                continue
            }
            total += weights[member] * budget
            if budget < lowest { lowest = budget }
            slot += 1
        }
        ends[project] = end
        let range = supporterRanges[project].lowerBound..<end
        let exhausted = exhaustedWeights[project]
        if exhausted > 0 { lowest = 0 }
        if !projectTouched[project] {
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
        if lowest > payment * (1 + Self.margin) {
            // Nobody is capped: ρ is exactly 1 / supporters.
            return .affordable(rho: 1 / Double(approvals), payment: payment, exactVoters: approvals)
        }
        var uncappedWeight = approvals - exhausted
        var ambiguous = false
        var anyCapped = exhausted > 0
        if exhausted > 0 {
            guard uncappedWeight > 0 else { return .uncertain }
            payment = cost / Double(uncappedWeight)
        }
        // Water-filling: whoever cannot pay the current price pays everything it
        // has, which raises the price for the others; repeat until stable.
        while true {
            var capped = 0.0
            var newUncapped = approvals - exhausted
            ambiguous = false
            let upper = payment * (1 + Self.margin), lower = payment * (1 - Self.margin)
            for slot in range {
                let member = members[slot]
                let budget = budgets[member]
                if budget < upper {
                    if budget < payment {
                        capped += weights[member] * budget
                        newUncapped -= intWeights[member]
                    }
                    if budget > lower { ambiguous = true }
                }
            }
            if newUncapped == uncappedWeight { break }
            anyCapped = true
            uncappedWeight = newUncapped
            if uncappedWeight <= 0 { return .uncertain }
            payment = (cost - capped) / Double(uncappedWeight)
        }
        let exact = (!anyCapped && !ambiguous) ? approvals : nil
        return .affordable(rho: payment / cost, payment: payment, exactVoters: exact)
    }

    // MARK: Exact pass

    /// The same rule over integers: every budget is `numerator / denominator` with
    /// one common denominator, multiplied up whenever a payment is not a whole number
    /// of the current unit.
    func runExact(shareNumerator: UInt64) -> Outcome {
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
