import Campaign

/// Every piece of text the web layer shows, in French, so that a translation (English next) has one place to start.
enum Strings {
    static let platformName = "Budget participatif"
    static let skipLink = "Aller au contenu"
    static let mainNavigation = "Navigation principale"
    static let home = "Accueil"
    static let workshops = "Ateliers"
    static let workshopsTitle = "Les ateliers"

    // MARK: Home

    static let openNowHeading = "Ce qui est ouvert en ce moment"
    static let nothingOpen = "Rien n’est ouvert en ce moment."
    static let openPhasesLead = "Étapes en cours :"
    static let notOpenHeading = "Ce qui n’est pas ouvert"
    static let calendarHeading = "Le calendrier"
    static let envelopeHeading = "L’enveloppe"
    static let phaseCurrent = "en cours"
    static let phaseUpcoming = "à venir"
    static let phaseFinished = "terminée"

    /// Follows the amount of the envelope.
    static let envelopePurpose = "pour financer les projets lauréats."

    static func projectBounds(minimum: String?, maximum: String?) -> String? {
        switch (minimum, maximum) {
        case let (minimum?, maximum?): "Chaque projet demande entre \(minimum) et \(maximum)."
        case let (nil, maximum?): "Chaque projet demande au plus \(maximum)."
        case let (minimum?, nil): "Chaque projet demande au moins \(minimum)."
        case (nil, nil): nil
        }
    }

    /// The actions whose being closed matters most to a visitor, in the order a project goes through them.
    static let keyActions: [Action] = [.signUp, .dossierFiling, .voting]

    /// "Le vote n'est pas encore ouvert : il ouvrira le 1er septembre 2023." — grammar depends on the action's gender and number.
    static func notYetOpen(_ action: Action, opens: String) -> String {
        switch action {
        case .signUp: "Les inscriptions ne sont pas encore ouvertes : elles ouvriront \(opens)."
        case .dossierFiling: "Le dépôt des dossiers n’est pas encore ouvert : il ouvrira \(opens)."
        case .voting: "Le vote n’est pas encore ouvert : il ouvrira \(opens)."
        default: "\(action.label) : ouverture \(opens)."
        }
    }

    /// "Le vote est clos : il a pris fin le 30 septembre 2023."
    static func closed(_ action: Action, ended: String) -> String {
        switch action {
        case .signUp: "Les inscriptions sont closes : elles ont pris fin \(ended)."
        case .dossierFiling: "Le dépôt des dossiers est clos : il a pris fin \(ended)."
        case .voting: "Le vote est clos : il a pris fin \(ended)."
        default: "\(action.label) : clos depuis \(ended)."
        }
    }

    /// The name of an action in the tenant's words. Tenants that say "comptoir" get the
    /// engine's own labels, which read better ("Inscription à un comptoir") than the generic form.
    static func label(of action: Action, using vocabulary: Vocabulary) -> String {
        vocabulary == .comptoirs ? action.label : action.label(using: vocabulary)
    }

    // MARK: Venues

    static func venuesTitle(_ vocabulary: Vocabulary) -> String {
        "Les \(vocabulary.venuePlural)"
    }

    static func venuesIntro(_ vocabulary: Vocabulary) -> String {
        "Les \(vocabulary.venuePlural), territoire par territoire."
    }

    static func otherVenues(_ vocabulary: Vocabulary) -> String {
        "Autres \(vocabulary.venuePlural)"
    }

    static func noVenues(_ vocabulary: Vocabulary) -> String {
        "Aucun \(vocabulary.venueSingular) n’est encore annoncé."
    }

    // MARK: Workshops

    static let workshopsIntro = "Les ateliers proposés aux porteurs de projet."
    static let noWorkshops = "Aucun atelier n’est encore annoncé."
    static let organisers = "Organisé par"
    static let place = "Où"
    static let when = "Quand"
    static let capacity = "Places"
    static let audience = "Pour qui"
    static let online = "En ligne"
    static let placeToBeAnnounced = "Lieu à préciser"

    static func atEveryVenue(_ vocabulary: Vocabulary) -> String {
        "Dans chaque \(vocabulary.venueSingular)"
    }

    static func seats(_ count: Int) -> String {
        count == 1 ? "1 place" : "\(count) places"
    }

    static func audience(_ audience: Workshop.Audience) -> String {
        switch audience {
        case .registeredHolders: "Porteurs de projet inscrits"
        case .labelledProjects: "Projets labellisés"
        }
    }

    // MARK: Footer

    static let contactHeading = "Nous contacter"
    static func phone(_ number: String) -> String { "Téléphone : \(number)" }
    static func email(_ address: String) -> String { "Courriel : \(address)" }
    static let contactForm = "Formulaire de contact"

    // MARK: Pages about problems

    static let noCampaignTitle = "Aucune campagne pour le moment"
    static let noCampaignText = "Aucune campagne de budget participatif n’est encore configurée ici. Revenez bientôt."
    static let unknownTenantTitle = "Collectivité inconnue"
    static let unknownTenantText = "Aucune collectivité ne correspond à cette adresse."
    static let localUseHint = "Pour un usage local, ouvrez l’adresse d’une collectivité sous la forme /t/identifiant-de-la-collectivite/."
    static let notFoundTitle = "Page introuvable"
    static let notFoundText = "La page demandée n’existe pas ou a été déplacée."
    static let backHome = "Revenir à l’accueil"
    static let methodNotAllowedTitle = "Méthode non autorisée"
    static let methodNotAllowedText = "Cette page se consulte seulement ; elle n’accepte pas d’envoi de données."
    static let serverErrorTitle = "Une erreur est survenue"
    static let serverErrorText = "Nous n’avons pas pu afficher cette page. Réessayez dans quelques instants."
    static let healthy = "ok"
    static let unhealthy = "indisponible"
}
