import Testing
import HTTP

@Suite("HTML builder")
struct HTMLTests {
    @Test func escapesScriptInText() {
        let html = HTML.text("<script>alert('x') & \"y\"</script>")
        #expect(html.markup == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
    }

    @Test func escapesAttributeValuesAndChildren() {
        let html = HTML.element("a", attributes: ["href": "/p?a=1&b=\"><script>", "title": "l'été"], [.text("<b>")])
        #expect(html.markup == "<a href=\"/p?a=1&amp;b=&quot;&gt;&lt;script&gt;\" title=\"l&#39;été\">&lt;b&gt;</a>")
    }

    @Test func escapesInterpolatedStringsButKeepsHTML() {
        let name = "<script>x</script>"
        let bold = HTML.element("b", [.text("gras")])
        let html: HTML = "<p class=\"c\">\(name) \(bold) \(42)</p>"
        #expect(html.markup == "<p class=\"c\">&lt;script&gt;x&lt;/script&gt; <b>gras</b> 42</p>")
    }

    @Test func escapesStringsInBuilderBlocks() {
        let items = ["un", "<deux>"]
        let list = HTML.element("ul") {
            for item in items {
                HTML.element("li") { item }
            }
            if items.isEmpty {
                "aucun"
            }
        }
        #expect(list.markup == "<ul><li>un</li><li>&lt;deux&gt;</li></ul>")
    }

    @Test func rendersBooleanAndOmittedAttributesAndVoidElements() {
        let checked: String? = ""
        let disabled: String? = nil
        let input = HTML.element("input", attributes: ["type": "checkbox", "checked": checked, "disabled": disabled])
        #expect(input.markup == "<input type=\"checkbox\" checked>")
    }

    @Test func neutralisesScriptURLs() {
        for url in ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x"] {
            #expect(HTML.element("a", attributes: ["href": url]).markup == "<a href=\"#\"></a>")
        }
        for url in ["/projets/1", "https://example.org/a:b", "mailto:a@b.fr", "?page=2", "a/b:c"] {
            #expect(HTML.isSafeURL(url), "\(url)")
        }
    }

    @Test func validatesTagAndAttributeNames() {
        #expect(HTML.isValidTagName("section"))
        #expect(HTML.isValidTagName("civic-card"))
        #expect(!HTML.isValidTagName("a onclick"))
        #expect(!HTML.isValidTagName("1a"))
        #expect(HTML.isValidAttributeName("aria-label"))
        #expect(!HTML.isValidAttributeName("x\"=y"))
        #expect(!HTML.isValidAttributeName(""))
    }

    @Test func buildsFrenchDocumentWithMetadata() {
        let page = HTML.document(title: "Budget <citoyen>", body: HTML.element("main") { "Bienvenue" })
        #expect(page.markup == "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>Budget &lt;citoyen&gt;</title></head><body><main>Bienvenue</main></body></html>")
    }

    @Test func encodesURLComponents() {
        #expect(URLEncoding.pathSegment("été/2023 ?#") == "%C3%A9t%C3%A9%2F2023%20%3F%23")
        #expect(URLEncoding.query(["q": "a&b=c", "page": "2"]) == "q=a%26b%3Dc&page=2")
    }
}
