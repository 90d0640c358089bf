import HTTP

/// The one stylesheet of the site, served from code so the deployment has no asset folder to keep in step.
///
/// Colours meet WCAG AA: text #1b1b1b on #ffffff (17:1), links #0b4f9c on white (8:1),
/// header text white on #123a66 (12:1); the focus outline is thick and of a colour that
/// stands out on both backgrounds.
enum Stylesheet {
    static let css = """
    *, *::before, *::after { box-sizing: border-box; }
    html { font-size: 100%; }
    body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
      line-height: 1.5; color: #1b1b1b; background: #ffffff; }
    a { color: #0b4f9c; text-underline-offset: 0.15em; }
    a:hover { text-decoration-thickness: 2px; }
    a:focus-visible, main:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
    .skip-link { position: absolute; left: 0.5rem; top: -3rem; padding: 0.5rem 1rem; background: #ffffff;
      color: #0b4f9c; z-index: 10; }
    .skip-link:focus { top: 0.5rem; }
    .site-header { background: #123a66; color: #ffffff; padding: 1rem; }
    .site-header a { color: #ffffff; }
    .site-header a:focus-visible { outline-color: #ffd166; }
    .site-name { margin: 0 0 0.5rem; font-weight: 700; font-size: 1.15rem; }
    .site-header nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
    .site-header nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
    main { display: block; max-width: 48rem; margin: 0 auto; padding: 1rem; }
    h1 { font-size: 1.9rem; line-height: 1.2; margin: 1rem 0; }
    h2 { font-size: 1.4rem; margin: 2rem 0 0.75rem; }
    h3 { font-size: 1.1rem; margin: 1rem 0 0.25rem; }
    .summary { font-size: 1.1rem; }
    #ouvert { border-left: 0.4rem solid #1d6b3a; padding: 0.25rem 1rem; background: #eef6f0; }
    #ferme { border-left: 0.4rem solid #6b6b6b; padding: 0.25rem 1rem; background: #f4f4f4; }
    .calendar, .venues { list-style: none; padding: 0; }
    .phase, .venue { border-top: 1px solid #c8c8c8; padding: 0.25rem 0 0.75rem; }
    .dates { margin: 0.25rem 0; }
    .status { color: #4a4a4a; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
    dt { font-weight: 700; }
    dd { margin: 0; }
    .site-footer { border-top: 1px solid #c8c8c8; margin-top: 2rem; padding: 1rem; text-align: center; }
    .contact { list-style: none; padding: 0; }
    @media (max-width: 30rem) {
      h1 { font-size: 1.5rem; }
      dl { grid-template-columns: 1fr; }
      dd { margin-bottom: 0.5rem; }
    }
    """

    static var response: Response {
        Response(status: 200,
                 headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: Array(css.utf8))
    }
}

/// The site's icon, a small SVG served from code like the stylesheet (browsers ask for one on every site).
enum Favicon {
    static let path = "/assets/favicon.svg"

    static let svg = """
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d4f91"/>\
    <path d="M9 23V9h8a4 4 0 0 1 0 8h-8m8 0a3 3 0 0 1 0 6h-8" fill="none" stroke="#fff" stroke-width="3"/></svg>
    """

    static var response: Response {
        Response(status: 200,
                 headers: ["Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400"],
                 body: Array(svg.utf8))
    }
}
