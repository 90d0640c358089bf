// swift-tools-version:6.0
import PackageDescription

// Layout: see ../shared/design/ARCHITECTURE.md. The pure domain modules
// (Campaign, Voting) live under Sources/Platform but are targets of their own so
// that they build and test without any C library or database.
let package = Package(
    name: "CivicBudget",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "civic", targets: ["civic"]),
    ],
    targets: [
        // C libraries from Debian, through pkg-config.
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", pkgConfig: "libmicrohttpd",
                       providers: [.apt(["libmicrohttpd-dev"])]),
        // Variadic C calls Swift cannot import.
        .target(name: "CShims", dependencies: ["CMicroHTTPD"], path: "Sources/CShims"),

        .target(name: "Database", dependencies: ["CLibPQ"]),
        .target(name: "HTTP", dependencies: ["CMicroHTTPD", "CShims", "COpenSSL"]),
        .target(name: "Tenancy", dependencies: ["Database"]),
        .target(name: "Campaign", path: "Sources/Platform/Campaign"),
        .target(name: "Voting", path: "Sources/Platform/Voting"),
        .target(name: "Platform",
                dependencies: ["Campaign", "Voting", "Tenancy", "Database", "HTTP"],
                path: "Sources/Platform",
                exclude: ["Campaign", "Voting"]),
        .target(name: "Admin", dependencies: ["Platform", "Campaign", "Voting", "Tenancy", "Database", "HTTP"]),
        .executableTarget(name: "civic", dependencies: ["Admin"]),

        // A raw-socket HTTP client shared by the test targets that talk to a real server.
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "DatabaseTests", dependencies: ["Database"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
        .testTarget(name: "TenancyTests", dependencies: ["Tenancy", "Database"]),
        .testTarget(name: "CampaignTests", dependencies: ["Campaign"]),
        .testTarget(name: "VotingTests", dependencies: ["Voting"]),
        .testTarget(name: "PlatformTests",
                    dependencies: ["Platform", "Admin", "Campaign", "Tenancy", "Database", "HTTP", "TestSupport"]),
    ]
)
