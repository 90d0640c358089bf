import Campaign
import Foundation
import HTTP

/// The campaign home: what is open now, what is not, and the whole calendar.
struct HomeView {
    var site: Site
    var campaign: Campaign
    var now: Date
    var timeZone: TimeZone

    func render() -> HTML {
        let vocabulary = site.tenant.vocabulary
        let openPhases = campaign.openPhases(at: now, timeZone: timeZone)
        let openActions = campaign.openActions(at: now, timeZone: timeZone)
        // Action.allCases gives a stable order that follows a project's life, where a Set has none.
        let openInOrder = Action.allCases.filter(openActions.contains)
        let closedNotices = Strings.keyActions.filter { !openActions.contains($0) }.compactMap(closedNotice)
        let content = HTML {
            HTML.element("h1") { campaign.title }
            HTML.element("p", attributes: ["class": "summary"]) { campaign.summary }
            HTML.element("section", attributes: ["id": "ouvert", "aria-labelledby": "ouvert-titre"]) {
                HTML.element("h2", attributes: ["id": "ouvert-titre"]) { Strings.openNowHeading }
                if openInOrder.isEmpty {
                    HTML.element("p") { Strings.nothingOpen }
                } else {
                    HTML.element("ul", attributes: ["class": "open-actions"]) {
                        for action in openInOrder {
                            HTML.element("li") { Strings.label(of: action, using: vocabulary) }
                        }
                    }
                    HTML.element("p") { Strings.openPhasesLead }
                    HTML.element("ul") {
                        for phase in openPhases {
                            HTML.element("li") {
                                HTML.element("strong") { phase.title }
                                " — " + FrenchFormat.period(from: phase.start, to: phase.end)
                            }
                        }
                    }
                }
            }
            if !closedNotices.isEmpty {
                HTML.element("section", attributes: ["id": "ferme", "aria-labelledby": "ferme-titre"]) {
                    HTML.element("h2", attributes: ["id": "ferme-titre"]) { Strings.notOpenHeading }
                    HTML.element("ul") {
                        for notice in closedNotices {
                            HTML.element("li") { notice }
                        }
                    }
                }
            }
            envelope()
            calendar()
        }
        return Layout.page(title: nil, site: site, current: .home, content: content)
    }

    /// Why `action` is not open: when it opens next, or when it ended; nil when no phase offers it.
    private func closedNotice(for action: Action) -> String? {
        let phases = campaign.phases.filter { $0.actions.contains(action) }
        let upcoming = phases.filter { $0.interval(in: timeZone).start > now }.min { $0.start < $1.start }
        if let upcoming {
            return Strings.notYetOpen(action, opens: "le " + FrenchFormat.dateTime(upcoming.start))
        }
        let ended = phases.compactMap(\.end).max()
        return ended.map { Strings.closed(action, ended: "le " + FrenchFormat.dateTime($0)) }
    }

    private func envelope() -> HTML {
        let bounds = Strings.projectBounds(
            minimum: campaign.projectMinimumCents.map(FrenchFormat.euros(cents:)),
            maximum: campaign.projectMaximumCents.map(FrenchFormat.euros(cents:)))
        return HTML.element("section", attributes: ["aria-labelledby": "enveloppe-titre"]) {
            HTML.element("h2", attributes: ["id": "enveloppe-titre"]) { Strings.envelopeHeading }
            HTML.element("p") {
                HTML.element("strong", attributes: ["class": "amount"]) { FrenchFormat.euros(cents: campaign.envelopeCents) }
                " " + Strings.envelopePurpose
            }
            if let bounds {
                HTML.element("p") { bounds }
            }
        }
    }

    private func calendar() -> HTML {
        let vocabulary = site.tenant.vocabulary
        let phases = campaign.phases.enumerated()
            .sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
            .map(\.element)
        return HTML.element("section", attributes: ["id": "calendrier", "aria-labelledby": "calendrier-titre"]) {
            HTML.element("h2", attributes: ["id": "calendrier-titre"]) { Strings.calendarHeading }
            HTML.element("ol", attributes: ["class": "calendar"]) {
                for phase in phases {
                    HTML.element("li", attributes: ["class": "phase"]) {
                        HTML.element("h3") { phase.title }
                        HTML.element("p", attributes: ["class": "dates"]) {
                            FrenchFormat.capitalizedFirst(FrenchFormat.period(from: phase.start, to: phase.end))
                            " "
                            HTML.element("span", attributes: ["class": "status"]) { "(" + status(of: phase) + ")" }
                        }
                        HTML.element("ul", attributes: ["class": "phase-actions"]) {
                            for action in phase.actions {
                                HTML.element("li") { Strings.label(of: action, using: vocabulary) }
                            }
                        }
                    }
                }
            }
        }
    }

    private func status(of phase: Phase) -> String {
        let (opens, closes) = phase.interval(in: timeZone)
        if now < opens { return Strings.phaseUpcoming }
        if let closes, closes <= now { return Strings.phaseFinished }
        return Strings.phaseCurrent
    }
}

/// The venues, one section per territory.
struct VenuesView {
    var site: Site
    var campaign: Campaign

    func render() -> HTML {
        let vocabulary = site.tenant.vocabulary
        let title = FrenchFormat.capitalizedFirst(Strings.venuesTitle(vocabulary))
        let knownTerritories = Set(campaign.territories.map(\.id))
        // Validation ties every venue to a territory; a stray one is still shown rather than hidden.
        let strays = campaign.venues.filter { !knownTerritories.contains($0.territoryID) }
        let sections = campaign.territories
            .map { (name: $0.name, venues: campaign.venues(in: $0.id)) }
            .filter { !$0.venues.isEmpty }
            + (strays.isEmpty ? [] : [(name: Strings.otherVenues(vocabulary), venues: strays)])
        let content = HTML {
            HTML.element("h1") { title }
            if sections.isEmpty {
                HTML.element("p") { Strings.noVenues(vocabulary) }
            } else {
                HTML.element("p") { Strings.venuesIntro(vocabulary) }
            }
            for section in sections {
                HTML.element("section", attributes: ["class": "territory"]) {
                    HTML.element("h2") { section.name }
                    HTML.element("ul", attributes: ["class": "venues"]) {
                        for venue in section.venues {
                            HTML.element("li", attributes: ["class": "venue"]) {
                                HTML.element("h3") { venue.name }
                                HTML.element("p") {
                                    if let address = venue.address {
                                        address
                                        HTML.element("br")
                                    }
                                    "\(venue.postalCode) \(venue.town)"
                                }
                            }
                        }
                    }
                }
            }
        }
        return Layout.page(title: title, site: site, current: .venues, content: content)
    }
}

/// The workshops offered to project holders.
struct WorkshopsView {
    var site: Site
    var campaign: Campaign

    func render() -> HTML {
        let workshops = campaign.workshops.enumerated()
            .sorted { ($0.element.starts, $0.offset) < ($1.element.starts, $1.offset) }
            .map(\.element)
        let content = HTML {
            HTML.element("h1") { Strings.workshopsTitle }
            HTML.element("p") { workshops.isEmpty ? Strings.noWorkshops : Strings.workshopsIntro }
            for workshop in workshops {
                HTML.element("section", attributes: ["class": "workshop"]) {
                    HTML.element("h2") { workshop.title }
                    HTML.element("dl") {
                        if !workshop.organisers.isEmpty {
                            detail(Strings.organisers, FrenchFormat.list(workshop.organisers))
                        }
                        detail(Strings.place, place(of: workshop))
                        detail(Strings.when, FrenchFormat.capitalizedFirst(when(workshop)))
                        if let capacity = workshop.capacity {
                            detail(Strings.capacity, Strings.seats(capacity))
                        }
                        detail(Strings.audience, Strings.audience(workshop.audience))
                    }
                }
            }
        }
        return Layout.page(title: Strings.workshopsTitle, site: site, current: .workshops, content: content)
    }

    private func detail(_ term: String, _ description: String) -> HTML {
        HTML.element("dt") { term } + HTML.element("dd") { description }
    }

    private func place(of workshop: Workshop) -> String {
        if let venueID = workshop.venueID {
            guard let venue = campaign.venue(id: venueID) else { return Strings.placeToBeAnnounced }
            return [venue.name, venue.address, "\(venue.postalCode) \(venue.town)"].compactMap { $0 }.joined(separator: ", ")
        }
        if let location = workshop.location { return location }
        return workshop.online == true ? Strings.online : Strings.atEveryVenue(site.tenant.vocabulary)
    }

    private func when(_ workshop: Workshop) -> String {
        if workshop.isDateWindow {
            return FrenchFormat.window(from: workshop.starts.date, to: workshop.ends?.date)
        }
        guard let ends = workshop.ends else { return "le " + FrenchFormat.dateTime(workshop.starts) }
        return FrenchFormat.period(from: workshop.starts, to: ends)
    }
}
