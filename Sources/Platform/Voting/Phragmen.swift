/// Sequential Phragmén, computed exactly, as pabutools does it.
///
/// Each selected project puts a load on its supporters; the next project is the one
/// whose supporters would end with the smallest maximal load. The rule stops at the
/// first best project that no longer fits the envelope.
struct SequentialPhragmen {
    let classes: ApprovalClasses
    let costs: [Int64]
    let budget: Int64
    let tieRank: [Int]

    struct Outcome {
        var selected: [Int]
        /// The best project that did not fit, which stopped the rule.
        var stoppedBy: Int?
    }

    /// Loads only take the values set at some round, so each voter class points to a
    /// "level"; per project we count supporters per level and keep the level values
    /// over one common denominator, which keeps the exact arithmetic small.
    func run(eligible: [Bool]) -> Outcome {
        let projectCount = costs.count
        var remaining = (0..<projectCount).filter { eligible[$0] && costs[$0] <= budget }
        let maxLevels = remaining.count + 1
        var levelCounts = [[Int]](repeating: [], count: projectCount)
        for project in 0..<projectCount {
            levelCounts[project] = [Int](repeating: 0, count: maxLevels)
            levelCounts[project][0] = classes.approvals[project]
        }
        var levelValues = [BigUInt()]
        var denominator = BigUInt(1)
        var level = [Int](repeating: 0, count: classes.sets.count)
        var spent: Int64 = 0
        var selected: [Int] = []

        while !remaining.isEmpty {
            // New max load of p = X_p / (score_p · denominator); score 0 means infinite.
            var bestFinite: (project: Int, load: BigUInt)? = nil
            var tied: [Int] = []
            for project in remaining {
                let score = UInt64(classes.approvals[project])
                guard score > 0 else { continue }
                var load = denominator * UInt64(costs[project])
                for (index, count) in levelCounts[project].enumerated() where count > 0 && index > 0 {
                    load.add(levelValues[index] * UInt64(count))
                }
                if let current = bestFinite {
                    let order = BigUInt.compare(load * UInt64(classes.approvals[current.project]), current.load * score)
                    if order < 0 {
                        bestFinite = (project, load)
                        tied = [project]
                    } else if order == 0 {
                        tied.append(project)
                    }
                } else {
                    bestFinite = (project, load)
                    tied = [project]
                }
            }
            if bestFinite == nil { tied = remaining }
            if let overflowing = tied.first(where: { spent + costs[$0] > budget }) {
                return Outcome(selected: selected, stoppedBy: overflowing)
            }
            guard let chosen = tied.min(by: { tieRank[$0] < tieRank[$1] }) else { break }
            selected.append(chosen)
            spent += costs[chosen]
            remaining.removeAll { $0 == chosen }
            // A project nobody approved loads nobody.
            guard bestFinite != nil else { continue }
            let score = UInt64(classes.approvals[chosen])
            var load = denominator * UInt64(costs[chosen])
            for (index, count) in levelCounts[chosen].enumerated() where count > 0 && index > 0 {
                load.add(levelValues[index] * UInt64(count))
            }
            let (_, remainder) = load.quotientAndRemainder(dividingBy: score)
            let divisor = remainder == 0 ? score : greatestCommonDivisor(remainder, score)
            let scale = score / divisor
            denominator.multiply(by: scale)
            for index in levelValues.indices { levelValues[index].multiply(by: scale) }
            let newLevel = levelValues.count
            levelValues.append(load.quotientAndRemainder(dividingBy: divisor).quotient)
            for member in classes.supporters[chosen] {
                let old = level[member]
                let weight = classes.weights[member]
                for project in classes.sets[member] {
                    levelCounts[project][old] -= weight
                    levelCounts[project][newLevel] += weight
                }
                level[member] = newLevel
            }
        }
        return Outcome(selected: selected, stoppedBy: nil)
    }
}

/// Majority judgment: projects ordered by majority grade, ties broken by removing
/// median grades one at a time (the usual rule).
public enum MajorityJudgment {
    /// The successive lower-median grades of a project, best project first when
    /// compared lexicographically from the highest grade down.
    static func medianSequence(gradeCounts: [Int]) -> [Int] {
        var grades: [Int] = []
        for (grade, count) in gradeCounts.enumerated() {
            grades.append(contentsOf: repeatElement(grade, count: count))
        }
        // Removing the median of a sorted list leaves two contiguous blocks
        // [0, left) and [right, n); the next median is the last of the left block
        // or the first of the right one.
        let total = grades.count
        guard total > 0 else { return [] }
        var sequence: [Int] = []
        sequence.reserveCapacity(total)
        let first = (total - 1) / 2
        sequence.append(grades[first])
        var left = first, right = first + 1
        while left > 0 || right < total {
            let size = left + (total - right)
            let position = (size - 1) / 2
            if position < left {
                left -= 1
                sequence.append(grades[left])
            } else {
                sequence.append(grades[right])
                right += 1
            }
        }
        return sequence
    }

    /// Grade counts per project: a ballot that does not grade a project gives it grade 0.
    public static func gradeCounts(_ election: Election, gradeCount: Int) -> [[Int]] {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: gradeCount), count: election.projects.count)
        for ballot in election.ballots {
            var graded = [Bool](repeating: false, count: election.projects.count)
            let grades = ballot.points ?? []
            for (position, project) in ballot.choices.enumerated() where !graded[project] {
                let grade = position < grades.count ? max(0, min(gradeCount - 1, grades[position])) : 0
                counts[project][grade] += 1
                graded[project] = true
            }
            for project in graded.indices where !graded[project] { counts[project][0] += 1 }
        }
        return counts
    }

    /// Project indices from best to worst; `tieRank` orders exact ties.
    public static func order(gradeCounts: [[Int]], tieRank: [Int]) -> [Int] {
        let sequences = gradeCounts.map(medianSequence)
        return gradeCounts.indices.sorted { a, b in
            let sa = sequences[a], sb = sequences[b]
            for index in 0..<min(sa.count, sb.count) where sa[index] != sb[index] {
                return sa[index] > sb[index]
            }
            if sa.count != sb.count { return sa.count > sb.count }
            return tieRank[a] < tieRank[b]
        }
    }

    /// The majority (lower median) grade of a project.
    public static func majorityGrade(_ counts: [Int]) -> Int? {
        medianSequence(gradeCounts: counts).first
    }
}
