/// What a valid ballot looks like, per ballot kind.
public enum BallotRules: Sendable, Codable, Hashable {
    /// Choose between `minimum` and `maximum` projects.
    case approval(minimum: Int, maximum: Int)
    /// Choose projects whose total cost is at most `limit` (cents) and, if set, at least `minimumTotal`.
    case knapsack(limit: Int64, minimumTotal: Int64?)
    /// Spread up to `totalPoints` points (all of them if `spendAll`), at most `maximumPerProject` each.
    case cumulative(totalPoints: Int, maximumPerProject: Int?, spendAll: Bool)
    /// Rank up to `maximum` projects, most preferred first.
    case ranking(maximum: Int)
    /// Give every project one grade from 0 (worst) to `grades - 1`.
    case majorityJudgment(grades: Int)
}

/// One reason a ballot is not valid. `description` is in French, the platform's
/// first language; the cases carry the numbers so another catalogue can word them.
public enum BallotViolation: Sendable, Hashable, Codable, CustomStringConvertible {
    case unknownProject(index: Int)
    case duplicateChoice(projectID: String)
    case tooFewChoices(minimum: Int, actual: Int)
    case tooManyChoices(maximum: Int, actual: Int)
    case overCostLimit(limit: Int64, total: Int64)
    case underCostMinimum(minimum: Int64, total: Int64)
    case pointsMissing
    case negativePoints(projectID: String, points: Int)
    case tooManyPointsForProject(projectID: String, maximum: Int, points: Int)
    case tooManyPoints(total: Int, given: Int)
    case pointsLeft(total: Int, given: Int)
    case rankingTooLong(maximum: Int, actual: Int)
    case missingGrade(projectID: String)
    case invalidGrade(projectID: String, grade: Int, grades: Int)

    public var description: String {
        switch self {
        case .unknownProject(let index):
            return "Le bulletin mentionne un projet inconnu (n° \(index))."
        case .duplicateChoice(let id):
            return "Le projet \(id) est choisi plusieurs fois."
        case .tooFewChoices(let minimum, let actual):
            return "Vous avez choisi \(actual) projet\(actual > 1 ? "s" : ""), il en faut au moins \(minimum)."
        case .tooManyChoices(let maximum, let actual):
            return "Vous avez choisi \(actual) projets, vous pouvez en choisir au plus \(maximum)."
        case .overCostLimit(let limit, let total):
            return "Vos choix coûtent \(Explanation.money(total, "EUR")), au-delà de la limite de \(Explanation.money(limit, "EUR"))."
        case .underCostMinimum(let minimum, let total):
            return "Vos choix coûtent \(Explanation.money(total, "EUR")) ; ils doivent atteindre au moins \(Explanation.money(minimum, "EUR"))."
        case .pointsMissing:
            return "Le bulletin n'indique pas de points."
        case .negativePoints(let id, let points):
            return "Le projet \(id) reçoit \(points) points : les points ne peuvent pas être négatifs."
        case .tooManyPointsForProject(let id, let maximum, let points):
            return "Le projet \(id) reçoit \(points) points, au plus \(maximum) par projet."
        case .tooManyPoints(let total, let given):
            return "Vous avez distribué \(given) points, vous en avez \(total)."
        case .pointsLeft(let total, let given):
            return "Vous avez distribué \(given) points sur \(total) : il faut tous les distribuer."
        case .rankingTooLong(let maximum, let actual):
            return "Vous avez classé \(actual) projets, vous pouvez en classer au plus \(maximum)."
        case .missingGrade(let id):
            return "Le projet \(id) n'a pas reçu de mention."
        case .invalidGrade(let id, let grade, let grades):
            return "La mention \(grade) donnée au projet \(id) n'existe pas (de 0 à \(grades - 1))."
        }
    }
}

extension BallotRules {
    /// Every violation of the ballot, in a stable order; empty when the ballot is valid.
    public func violations(of ballot: Ballot, projects: [Project]) -> [BallotViolation] {
        var violations: [BallotViolation] = []
        var seen = Set<Int>()
        var distinct: [Int] = []
        for choice in ballot.choices {
            guard projects.indices.contains(choice) else {
                violations.append(.unknownProject(index: choice))
                continue
            }
            if seen.insert(choice).inserted {
                distinct.append(choice)
            } else {
                violations.append(.duplicateChoice(projectID: projects[choice].id))
            }
        }
        switch self {
        case .approval(let minimum, let maximum):
            if distinct.count < minimum { violations.append(.tooFewChoices(minimum: minimum, actual: distinct.count)) }
            if distinct.count > maximum { violations.append(.tooManyChoices(maximum: maximum, actual: distinct.count)) }
        case .knapsack(let limit, let minimumTotal):
            let total = distinct.reduce(Int64(0)) { $0 + projects[$1].cost }
            if total > limit { violations.append(.overCostLimit(limit: limit, total: total)) }
            if let minimumTotal, total < minimumTotal {
                violations.append(.underCostMinimum(minimum: minimumTotal, total: total))
            }
        case .cumulative(let totalPoints, let maximumPerProject, let spendAll):
            guard let points = ballot.points, points.count == ballot.choices.count else {
                violations.append(.pointsMissing)
                break
            }
            var given = 0
            for (position, choice) in ballot.choices.enumerated() where projects.indices.contains(choice) {
                let value = points[position]
                let id = projects[choice].id
                if value < 0 { violations.append(.negativePoints(projectID: id, points: value)) }
                if let maximumPerProject, value > maximumPerProject {
                    violations.append(.tooManyPointsForProject(projectID: id, maximum: maximumPerProject, points: value))
                }
                given += max(0, value)
            }
            if given > totalPoints { violations.append(.tooManyPoints(total: totalPoints, given: given)) }
            if spendAll && given < totalPoints { violations.append(.pointsLeft(total: totalPoints, given: given)) }
        case .ranking(let maximum):
            if distinct.count > maximum { violations.append(.rankingTooLong(maximum: maximum, actual: distinct.count)) }
        case .majorityJudgment(let grades):
            let points = ballot.points ?? []
            var graded = Set<Int>()
            for (position, choice) in ballot.choices.enumerated() where projects.indices.contains(choice) {
                graded.insert(choice)
                let grade = position < points.count ? points[position] : -1
                if grade < 0 || grade >= grades {
                    violations.append(.invalidGrade(projectID: projects[choice].id, grade: grade, grades: grades))
                }
            }
            for index in projects.indices where !graded.contains(index) {
                violations.append(.missingGrade(projectID: projects[index].id))
            }
        }
        return violations
    }
}
