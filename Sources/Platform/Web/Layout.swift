import Campaign
import Foundation
import HTTP

/// The tenant a page is about and where its pages live, so that every link keeps a `/t/<slug>` prefix.
struct Site: Sendable {
    var tenant: TenantSettings
    var campaign: Campaign?
    /// "" when the tenant came from the Host header, "/t/<slug>" when it came from the path.
    var basePath: String

    /// The URL of a page of this site; `path` starts with "/".
    func url(_ path: String) -> String {
        basePath + path
    }

    var venuesURL: String {
        url("/" + Site.encodedSegment(tenant.vocabulary.venuesPath))
    }

    /// Percent-encodes a path segment that comes from configuration.
    static func encodedSegment(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// The entries of the main navigation, to mark the current one.
enum NavigationItem {
    case home, venues, workshops
}

/// The frame shared by every page: skip link, header with navigation, main, footer.
enum Layout {
    static let stylesheetPath = "/assets/site.css"

    /// A whole page. `title` is the page's own name (nil for the home page); the campaign and tenant names follow it.
    static func page(title: String?, site: Site?, current: NavigationItem? = nil, content: HTML) -> HTML {
        let fullTitle = [title, site?.campaign?.title, site?.tenant.displayName ?? Strings.platformName]
            .compactMap { $0 }
            .joined(separator: " — ")
        let stylesheet = HTML.element("link", attributes: [
            "rel": "stylesheet", "href": (site?.basePath ?? "") + stylesheetPath,
        ]) + HTML.element("link", attributes: [
            "rel": "icon", "type": "image/svg+xml", "href": (site?.basePath ?? "") + Favicon.path,
        ])
        let body = HTML {
            HTML.element("a", attributes: ["class": "skip-link", "href": "#contenu"]) { Strings.skipLink }
            header(site: site, current: current)
            HTML.element("main", attributes: ["id": "contenu", "tabindex": "-1"], [content])
            footer(site: site)
        }
        return HTML.document(title: fullTitle, lang: "fr", head: stylesheet, body: body)
    }

    private static func header(site: Site?, current: NavigationItem?) -> HTML {
        guard let site else {
            return HTML.element("header", attributes: ["class": "site-header"]) {
                HTML.element("p", attributes: ["class": "site-name"]) { Strings.platformName }
            }
        }
        let siteName = [site.tenant.displayName, site.campaign?.title].compactMap { $0 }.joined(separator: " — ")
        return HTML.element("header", attributes: ["class": "site-header"]) {
            HTML.element("p", attributes: ["class": "site-name"]) {
                HTML.element("a", attributes: ["href": site.url("/")]) { siteName }
            }
            HTML.element("nav", attributes: ["aria-label": Strings.mainNavigation]) {
                HTML.element("ul") {
                    navigationLink(Strings.home, href: site.url("/"), isCurrent: current == .home)
                    navigationLink(FrenchFormat.capitalizedFirst(site.tenant.vocabulary.venuePlural),
                                   href: site.venuesURL, isCurrent: current == .venues)
                    navigationLink(Strings.workshops, href: site.url("/ateliers"), isCurrent: current == .workshops)
                }
            }
        }
    }

    private static func navigationLink(_ label: String, href: String, isCurrent: Bool) -> HTML {
        HTML.element("li") {
            HTML.element("a", attributes: ["href": href, "aria-current": isCurrent ? "page" : nil]) { label }
        }
    }

    private static func footer(site: Site?) -> HTML {
        HTML.element("footer", attributes: ["class": "site-footer"]) {
            if let site {
                HTML.element("p") { site.tenant.displayName }
                if let contact = site.tenant.contact {
                    contactDetails(contact)
                }
            } else {
                HTML.element("p") { Strings.platformName }
            }
        }
    }

    private static func contactDetails(_ contact: Contact) -> HTML {
        HTML.element("ul", attributes: ["class": "contact", "aria-label": Strings.contactHeading]) {
            if let phone = contact.phone {
                HTML.element("li") {
                    HTML.element("a", attributes: ["href": "tel:" + telephoneDigits(phone)]) { Strings.phone(phone) }
                }
            }
            if let email = contact.email {
                HTML.element("li") {
                    HTML.element("a", attributes: ["href": "mailto:" + email]) { Strings.email(email) }
                }
            }
            if let url = contact.url {
                HTML.element("li") {
                    HTML.element("a", attributes: ["href": url]) { Strings.contactForm }
                }
            }
        }
    }

    /// "+33 (0)3 21 216 216" → "+33321216216": the "(0)" is the trunk prefix, dropped after a country code.
    static func telephoneDigits(_ printed: String) -> String {
        let withoutTrunk = printed.hasPrefix("+") ? printed.replacingOccurrences(of: "(0)", with: "") : printed
        return String(withoutTrunk.filter { $0.isASCII && ($0.isNumber || $0 == "+") })
    }

    /// A page that only says something: the unknown tenant, missing page, errors, no campaign yet.
    static func message(title: String, text: [String], site: Site?, link: (label: String, href: String)? = nil) -> HTML {
        let content = HTML {
            HTML.element("h1") { title }
            for paragraph in text {
                HTML.element("p") { paragraph }
            }
            if let link {
                HTML.element("p") {
                    HTML.element("a", attributes: ["href": link.href]) { link.label }
                }
            }
        }
        return page(title: title, site: site, content: content)
    }
}
