/// Something a phase lets people do; several can be open at once because windows overlap.
public enum Action: String, Codable, CaseIterable, Sendable {
    case signUp = "sign-up"
    case ideaPosting = "idea-posting"
    case venueSignUp = "comptoir-sign-up"
    case dossierFiling = "dossier-filing"
    /// The in-person sessions at the venues (the comptoirs in Pas-de-Calais).
    case workshops
    case labelling
    case coaching
    case voting
    case results

    /// The French name shown to citizens.
    public var label: String {
        switch self {
        case .signUp: "Inscription"
        case .ideaPosting: "Dépôt des idées"
        case .venueSignUp: "Inscription à un comptoir"
        case .dossierFiling: "Dépôt des dossiers"
        case .workshops: "Comptoirs en présentiel"
        case .labelling: "Labellisation"
        case .coaching: "Accompagnement des projets labellisés"
        case .voting: "Vote"
        case .results: "Résultats"
        }
    }

    /// The French name with the tenant's word for a venue, for tenants that do not say "comptoir".
    public func label(using vocabulary: Vocabulary) -> String {
        switch self {
        case .venueSignUp: "Inscription : \(vocabulary.venueSingular)"
        case .workshops: "\(vocabulary.venuePlural.prefix(1).uppercased())\(vocabulary.venuePlural.dropFirst()) en présentiel"
        default: label
        }
    }
}
