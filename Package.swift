// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C libraries from Debian packages.
        .systemLibrary(name: "Clibgit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "Cpcre2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),

        // The only module that touches libgit2's C API.
        .target(name: "VigilGit", dependencies: ["Clibgit2"]),
        // The only module that touches PCRE2: bounded, JIT-compiled regular expressions.
        .target(name: "VigilPatterns", dependencies: ["Cpcre2"]),
        // Loading rule files (YAML with line numbers) into typed rule sets.
        .target(name: "VigilRules", dependencies: ["VigilPatterns", .product(name: "Yams", package: "Yams")]),
        // Who or what wrote a commit.
        .target(name: "VigilProvenance", dependencies: ["VigilGit", "VigilRules", "VigilPatterns"]),
        // Who independently reviewed each commit.
        .target(name: "VigilReview", dependencies: ["VigilGit", "VigilRules", "VigilProvenance", "VigilPatterns"]),
        // Risky diffs: rules that flag changes to reward, guardrail, eval, training and oversight code.
        .target(name: "VigilRisk", dependencies: ["VigilGit", "VigilRules", "VigilPatterns"]),
        // The scan pipeline and its output formats.
        .target(name: "VigilScan", dependencies: ["VigilGit", "VigilRules", "VigilProvenance", "VigilReview", "VigilRisk"]),
        // The weekly report: Markdown, self-contained HTML with SVG charts, JSON.
        .target(name: "VigilReport", dependencies: ["VigilScan", "VigilGit", "VigilRules", "VigilRisk", "VigilReview", "VigilIndex"]),
        // The push gate: pre-receive hook and `vigil check`.
        .target(name: "VigilGate", dependencies: ["VigilScan", "VigilGit", "VigilRules", "VigilRisk", "VigilReview"]),
        // The SQLite index of scanned commits, its queries and the reviewers' triage.
        .target(name: "VigilIndex", dependencies: ["VigilScan", "VigilGit", "VigilRules", "VigilRisk", "VigilReview", "VigilProvenance",
                                                   .product(name: "GRDB", package: "GRDB.swift")]),
        // Thin command-line front end.
        .executableTarget(name: "vigil", dependencies: [
            "VigilScan", "VigilGit", "VigilRules", "VigilProvenance", "VigilReview", "VigilRisk", "VigilGate", "VigilReport", "VigilIndex",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks that compare implementation choices (`swift run -c release vigil-bench`).
        .executableTarget(name: "vigil-bench", dependencies: ["VigilRules", "VigilPatterns"]),

        .target(name: "VigilTestSupport", dependencies: ["VigilGit", .product(name: "Yams", package: "Yams")], path: "Tests/VigilTestSupport"),
        .testTarget(name: "VigilGitTests", dependencies: ["VigilGit", "VigilTestSupport"]),
        .testTarget(name: "VigilPatternsTests", dependencies: ["VigilPatterns"]),
        .testTarget(name: "VigilProvenanceTests", dependencies: ["VigilProvenance", "VigilRules", "VigilTestSupport"]),
        .testTarget(name: "VigilReviewTests", dependencies: ["VigilReview", "VigilRules", "VigilGit", "VigilProvenance", "VigilTestSupport"]),
        .testTarget(name: "VigilRiskTests", dependencies: ["VigilRisk", "VigilRules", "VigilGit", "VigilTestSupport"]),
        .testTarget(name: "VigilGateTests", dependencies: ["VigilGate", "VigilRules", "VigilGit", "VigilTestSupport"]),
        .testTarget(name: "VigilReportTests", dependencies: ["VigilReport", "VigilScan", "VigilRules", "VigilGit", "VigilIndex", "VigilTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "VigilScanTests", dependencies: ["VigilScan", "VigilRules", "VigilGit", "VigilTestSupport"]),
        .testTarget(name: "VigilIndexTests", dependencies: ["VigilIndex", "VigilScan", "VigilRules", "VigilGit", "VigilTestSupport",
                                                            .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "VigilCLITests", dependencies: ["VigilTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
