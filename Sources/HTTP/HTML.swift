/// Markup that is safe to send: every piece of text in it was escaped, every tag and
/// attribute name came from code. The only ways in for unescaped markup are string
/// literals written in code and ``trustedMarkup(_:)``.
///
///     let page: HTML = "<p>Bonjour \(name)</p>"          // `name` is escaped
///     let link = HTML.element("a", attributes: ["href": url]) { "Voir le projet" }
public struct HTML: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup, ready to be sent.
    public private(set) var markup: String

    private init(unchecked markup: String) {
        self.markup = markup
    }

    public var description: String { markup }

    public static let empty = HTML(unchecked: "")

    /// Escaped text: `& < > " '` become entities, so it is safe in content and quoted attributes.
    public static func text(_ text: String) -> HTML {
        HTML(unchecked: escape(text))
    }

    /// Markup written in code (a `StaticString`, so it cannot come from a request).
    public static func trustedMarkup(_ markup: StaticString) -> HTML {
        HTML(unchecked: markup.description)
    }

    /// Concatenates fragments.
    public static func joined(_ parts: [HTML], separator: HTML = .empty) -> HTML {
        HTML(unchecked: parts.map(\.markup).joined(separator: separator.markup))
    }

    public static func + (left: HTML, right: HTML) -> HTML {
        HTML(unchecked: left.markup + right.markup)
    }

    public static func += (left: inout HTML, right: HTML) {
        left.markup += right.markup
    }

    /// Builds a fragment from a result-builder block (strings in it are escaped text).
    public init(@HTMLBuilder _ content: () -> HTML) {
        self = content()
    }

    // MARK: Elements

    /// `<tag attributes…>children</tag>`. Attribute values are escaped; a nil value omits the
    /// attribute (handy for `checked`, `disabled`), an empty one renders a boolean attribute.
    /// URL attributes (`href`, `src`, `action`…) with a scheme other than http(s), mailto or
    /// tel become `#`, so user data cannot smuggle `javascript:` links.
    public static func element(_ tag: StaticString, attributes: KeyValuePairs<StaticString, String?> = [:],
                               _ children: [HTML] = []) -> HTML {
        let name = tag.description
        guard isValidTagName(name) else {
            assertionFailure("invalid HTML tag name \(name)")
            return joined(children)
        }
        var markup = "<" + name
        for (key, value) in attributes {
            let attribute = key.description
            guard isValidAttributeName(attribute) else {
                assertionFailure("invalid HTML attribute name \(attribute)")
                continue
            }
            guard var value else { continue }
            if urlAttributes.contains(attribute.lowercased()) && !isSafeURL(value) {
                value = "#"
            }
            markup += value.isEmpty ? " \(attribute)" : " \(attribute)=\"\(escape(value))\""
        }
        markup += ">"
        if voidElements.contains(name.lowercased()) {
            return HTML(unchecked: markup)
        }
        for child in children {
            markup += child.markup
        }
        return HTML(unchecked: markup + "</" + name + ">")
    }

    /// `<tag attributes…>children</tag>` with the children written as a builder block.
    public static func element(_ tag: StaticString, attributes: KeyValuePairs<StaticString, String?> = [:],
                               @HTMLBuilder children: () -> HTML) -> HTML {
        element(tag, attributes: attributes, [children()])
    }

    /// A whole page: doctype, `<html lang>`, charset and viewport metadata, the title, then `head` and `body`.
    public static func document(title: String, lang: String = "fr", head: HTML = .empty, body: HTML) -> HTML {
        "<!doctype html><html lang=\"\(lang)\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(title)</title>\(head)</head><body>\(body)</body></html>"
    }

    // MARK: Escaping

    /// Escapes `& < > " '` for use in text content or a quoted attribute value.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Whether `name` may be used as a tag name (letters, digits, `-` for custom elements).
    public static func isValidTagName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first) else { return false }
        return name.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// Whether `name` may be used as an attribute name (`aria-label`, `data-id`, `xml:lang`…).
    public static func isValidAttributeName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLetter(first) else { return false }
        return name.utf8.allSatisfy {
            isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "_")
        }
    }

    /// Relative URLs and http(s), mailto, tel ones; not `javascript:`, `data:` and the like.
    public static func isSafeURL(_ url: String) -> Bool {
        // Browsers ignore leading spaces/controls and tabs or newlines inside a scheme.
        let cleaned = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 }))
        guard let colon = cleaned.firstIndex(of: ":") else { return true }
        let beforeColon = cleaned[..<colon]
        if beforeColon.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
        return ["http", "https", "mailto", "tel"].contains(beforeColon.lowercased())
    }

    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    private static let urlAttributes: Set<String> = ["href", "src", "action", "formaction", "cite", "poster", "srcset"]

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    // MARK: Literals and interpolation

    /// A literal written in code is trusted markup.
    public init(stringLiteral value: StaticString) {
        self.init(unchecked: value.description)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unchecked: stringInterpolation.markup)
    }

    /// Literal segments are kept as markup; interpolated strings are escaped, HTML is kept.
    public struct StringInterpolation: StringInterpolationProtocol {
        var markup = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            markup += literal.description
        }

        public mutating func appendInterpolation(_ text: String) {
            markup += HTML.escape(text)
        }

        public mutating func appendInterpolation(_ text: Substring) {
            markup += HTML.escape(String(text))
        }

        public mutating func appendInterpolation(_ html: HTML) {
            markup += html.markup
        }

        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { markup += part.markup }
        }

        public mutating func appendInterpolation(_ number: some BinaryInteger) {
            markup += String(number)
        }
    }
}

/// Builds ``HTML`` from a block: `HTML` values as they are, `String`s escaped, with `if`, `switch` and `for`.
@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression(_ html: HTML) -> HTML { html }
    public static func buildExpression(_ text: String) -> HTML { .text(text) }
    public static func buildBlock(_ parts: HTML...) -> HTML { .joined(parts) }
    public static func buildOptional(_ part: HTML?) -> HTML { part ?? .empty }
    public static func buildEither(first: HTML) -> HTML { first }
    public static func buildEither(second: HTML) -> HTML { second }
    public static func buildArray(_ parts: [HTML]) -> HTML { .joined(parts) }
}
